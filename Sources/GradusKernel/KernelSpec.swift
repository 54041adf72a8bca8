import GradusNotebook
import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// The kernelspec that tells Jupyter how to start Gradus: `kernels/gradus/kernel.json` under a
/// Jupyter data folder.
public enum KernelSpec {
  /// Where the kernelspec goes.
  public enum Place: Equatable, Sendable {
    /// `~/.local/share/jupyter` (Jupyter's user data folder on Linux).
    case user
    /// `PREFIX/share/jupyter`.
    case prefix(String)
    /// The active virtual environment's prefix (`$VIRTUAL_ENV`).
    case sysPrefix
    /// `/usr/local/share/jupyter`, for every user.
    case system
  }

  /// The folder of the kernelspec, or why there is none.
  public static func folder(_ place: Place) -> Result<String, SpecFailure> {
    func variable(_ name: String) -> String? {
      getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }
    let data: String
    switch place {
    case .user:
      guard let home = variable("HOME") else { return .failure(.init("HOME is not set")) }
      data = home + "/.local/share/jupyter"
    case .prefix(let prefix): data = prefix + "/share/jupyter"
    case .sysPrefix:
      guard let prefix = variable("VIRTUAL_ENV") else {
        return .failure(.init("--sys-prefix needs an active virtual environment (VIRTUAL_ENV)"))
      }
      data = prefix + "/share/jupyter"
    case .system: data = "/usr/local/share/jupyter"
    }
    return .success(data + "/kernels/gradus")
  }

  /// `kernel.json` for the `gradus` at `executable` (an absolute path: Jupyter starts it from
  /// anywhere, and sends SIGINT to it directly, so never through a wrapper script).
  public static func json(executable: String) -> JSONOut {
    .object([
      (
        "argv",
        .array(
          [executable, "kernel", "--connection-file", "{connection_file}"].map { .string($0) })
      ),
      ("display_name", .string("Gradus")), ("language", .string("gradus")),
      ("interrupt_mode", .string("signal")),
    ])
  }

  /// The logo in the sizes Jupyter looks for (JupyterLab's launcher takes the SVG, older
  /// front ends the PNGs): file names and contents.
  static let logos: [(name: String, bytes: [UInt8])] = [
    ("logo-svg.svg", PackageResources.logo_svg_svg),
    ("logo-32x32.png", PackageResources.logo_32x32_png),
    ("logo-64x64.png", PackageResources.logo_64x64_png),
  ]

  /// Writes the kernelspec (`kernel.json` and the logos); the path of `kernel.json`.
  public static func install(_ place: Place, executable: String) -> Result<String, SpecFailure> {
    folder(place).flatMap { folder in
      let path = folder + "/kernel.json"
      StateDirectory.makeDirectory(parentOf: path, mode: 0o755)
      let files = [("kernel.json", json(executable: executable).bytes + [0x0A])] + logos
      for (name, bytes) in files {
        if let problem = AtomicFile.write(bytes, to: folder + "/" + name) {
          return .failure(.init("cannot write \(folder)/\(name): \(problem)"))
        }
      }
      return .success(path)
    }
  }

  /// Removes the kernelspec; the folder removed.
  public static func uninstall(_ place: Place) -> Result<String, SpecFailure> {
    folder(place).flatMap { folder in
      guard unlink(folder + "/kernel.json") == 0 else {
        return .failure(.init("no Gradus kernelspec in \(folder)"))
      }
      for logo in logos { unlink(folder + "/" + logo.name) }
      rmdir(folder)
      return .success(folder)
    }
  }

  /// The absolute path of the running executable.
  public static func currentExecutable() -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard length > 0 else { return nil }
    return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  public struct SpecFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
  }
}
