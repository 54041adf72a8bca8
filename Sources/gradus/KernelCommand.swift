import ArgumentParser
import GradusKernel

/// `gradus kernel --connection-file FILE`: Gradus as a Jupyter kernel; `gradus kernel install`
/// and `uninstall` manage the kernelspec that tells Jupyter how to start it.
struct KernelCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kernel",
    abstract: "Run Gradus as a Jupyter kernel (started by Jupyter with a connection file).",
    discussion: "Run `gradus kernel install --user` once; then pick Gradus in Jupyter.",
    subcommands: [Install.self, Uninstall.self])

  @Option(name: [.customLong("connection-file"), .customShort("f")], help: "Jupyter's file.")
  var connectionFile: String?

  func run() throws {
    guard let connectionFile else {
      throw ValidationError("give the connection file Jupyter wrote: --connection-file FILE")
    }
    let info: ConnectionInfo
    switch ConnectionInfo.read(connectionFile) {
    case .success(let read): info = read
    case .failure(let failure):
      Terminal.writeError("error: \(failure)\n")
      throw ExitCode(2)
    }
    do {
      try Kernel(info: info, version: Gradus.version).run()
    } catch {
      Terminal.writeError("error: the kernel cannot start: \(error)\n")
      throw ExitCode(1)
    }
  }

  /// Where a kernelspec goes: one of the three options, or the system folder.
  struct PlaceOptions: ParsableArguments {
    @Flag(help: "In your Jupyter data folder (~/.local/share/jupyter).") var user = false
    @Option(help: "Under PREFIX/share/jupyter (e.g. a virtual environment).") var prefix: String?
    @Flag(help: "In the active virtual environment ($VIRTUAL_ENV).") var sysPrefix = false

    func validate() throws {
      if [user, prefix != nil, sysPrefix].filter({ $0 }).count > 1 {
        throw ValidationError("choose one of --user, --prefix and --sys-prefix")
      }
    }

    var place: KernelSpec.Place {
      if user { return .user }
      if let prefix { return .prefix(prefix) }
      return sysPrefix ? .sysPrefix : .system
    }
  }

  struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write the kernelspec (kernel.json) that starts this gradus.")
    @OptionGroup var place: PlaceOptions

    func run() throws {
      guard let executable = KernelSpec.currentExecutable() else {
        Terminal.writeError("error: cannot find the path of this gradus\n")
        throw ExitCode(1)
      }
      try report(KernelSpec.install(place.place, executable: executable), "installed")
    }
  }

  struct Uninstall: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Remove the kernelspec.")
    @OptionGroup var place: PlaceOptions

    func run() throws { try report(KernelSpec.uninstall(place.place), "removed") }
  }
}

private func report(_ result: Result<String, KernelSpec.SpecFailure>, _ done: String) throws {
  switch result {
  case .success(let path): Terminal.writeOut("\(done) \(path)\n")
  case .failure(let failure):
    Terminal.writeError("error: \(failure)\n")
    throw ExitCode(1)
  }
}
