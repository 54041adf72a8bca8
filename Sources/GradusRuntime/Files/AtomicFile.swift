import CTemporaryFiles

#if canImport(Glibc)
  import Glibc
#endif

/// The one way Gradus replaces a file (`save`, `:save`, `gradus export`, the history trim), so
/// that a crash, a full disk or a signal never leaves it half-written:
///
/// 1. the bytes go to a new file made by `mkstemp` in the target's own folder (a unique name:
///    two writers never share a temporary, and the rename never crosses file systems);
/// 2. that file is flushed (`fsync`), renamed over the target, and the folder is flushed so the
///    rename itself survives a power cut;
/// 3. on any error, and on SIGINT/SIGTERM/SIGHUP while writing, the temporary file is removed.
///
/// Only regular files are replaced: a device, pipe or socket (`/dev/null`) is refused, since
/// renaming over it would replace the device node rather than write to it. A symbolic link is
/// followed, and the file it points to is replaced (the link stays a link). A file that
/// existed keeps its permission bits; a new one gets 0666 less the umask, as `open` would give.
public enum AtomicFile {
  /// Writes `bytes` to `path`. Returns nil on success, else what went wrong (the target is then
  /// untouched). `input`, if given, is a file that must not be overwritten (the document an
  /// export reads): writing onto it, under any name, is refused.
  public static func write(_ bytes: [UInt8], to path: String, sparing input: String? = nil)
    -> String?
  {
    switch writableTarget(path, sparing: input) {
    case .success(let target):
      let mode = target.existing.map { $0.st_mode & 0o7777 } ?? (0o666 & ~processUmask)
      return replace(target, with: bytes, mode: mode)
    case .failure(let problem): return problem.message
    }
  }

  /// Why `write` would refuse `path` before writing anything, or nil: lets a command that runs
  /// for a long time before it writes (`gradus export`) say so at once.
  public static func refusal(toWrite path: String, sparing input: String? = nil) -> String? {
    guard case .failure(let problem) = writableTarget(path, sparing: input) else { return nil }
    return problem.message
  }

  /// The file `path` finally names, if it may be replaced.
  private static func writableTarget(_ path: String, sparing input: String?) -> Result<
    Target, Target.Problem
  > {
    // C sees a path only up to a NUL: "a\0b" would silently write "a".
    guard !path.utf8.contains(0) else {
      return .failure(.init(message: "a path cannot contain the character \\0"))
    }
    return Target.resolve(path).flatMap { target in
      guard let existing = target.existing else { return .success(target) }
      switch existing.st_mode & S_IFMT {
      case S_IFREG: break
      case S_IFDIR: return .failure(.init(message: "it is a folder"))
      default: return .failure(.init(message: "`\(target.path)` is not a regular file"))
      }
      if let input, isSameFile(existing, input) {
        return .failure(
          .init(message: "it is the input file `\(input)`; choose another name for the output"))
      }
      return .success(target)
    }
  }

  /// Writes a temporary file beside the target and renames it over the target.
  private static func replace(_ target: Target, with bytes: [UInt8], mode: mode_t) -> String? {
    let directory = target.directory
    var template = Array(directory.utf8CString.dropLast()) + Array("/.gradus-XXXXXX".utf8CString)
    gradus_temporary_install_handlers()
    let descriptor = mkstemp(&template)
    guard descriptor >= 0 else { return cannotCreate(in: directory, errno) }
    let slot = template.withUnsafeBufferPointer { gradus_temporary_register($0.baseAddress!) }
    defer { gradus_temporary_unregister(slot) }
    let temporary = String(
      decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var failure: String?
    if !writeAll(descriptor, bytes) || fchmod(descriptor, mode) != 0 || fsync(descriptor) != 0 {
      failure = String(cString: strerror(errno))
    }
    if close(descriptor) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
    if failure == nil {
      if rename(temporary, target.path) == 0 {
        flush(directory: directory)
      } else {
        let code = errno
        failure = code == EISDIR ? "it is a folder" : String(cString: strerror(code))
      }
    }
    if failure != nil { unlink(temporary) }
    return failure
  }

  /// Why `mkstemp` could not make a file in `directory`.
  private static func cannotCreate(in directory: String, _ code: Int32) -> String {
    var info = stat()
    let exists = stat(directory, &info) == 0
    switch code {
    case ENOENT where !exists: return "the folder `\(directory)` does not exist"
    case ENOTDIR: return "`\(directory)` is not a folder"
    default: return "cannot create a file in `\(directory)`: \(String(cString: strerror(code)))"
    }
  }

  /// Makes a rename in `directory` durable.
  private static func flush(directory: String) {
    let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard folder >= 0 else { return }
    fsync(folder)
    close(folder)
  }

  private static func isSameFile(_ info: stat, _ other: String) -> Bool {
    var second = stat()
    return stat(other, &second) == 0 && info.st_dev == second.st_dev && info.st_ino == second.st_ino
  }

  /// The process's umask, read without changing it (`umask(2)` can only set it, and setting it
  /// even briefly would race with other threads creating files).
  static let processUmask: mode_t = {
    if let status = FileBytes.text("/proc/self/status", limit: 1 << 16),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
      let value = mode_t(String(line.dropFirst(6).filter { $0 != " " && $0 != "\t" }), radix: 8)
    {
      return value
    }
    let value = umask(0o022)
    umask(value)
    return value
  }()

  /// The file a path finally names, after following symbolic links.
  struct Target {
    /// The file to replace: `path` itself, or the end of its chain of links.
    let path: String
    /// Its status, when it exists.
    let existing: stat?

    var directory: String {
      guard let slash = path.lastIndex(of: "/") else { return "." }
      return path[..<slash].isEmpty ? "/" : String(path[..<slash])
    }

    struct Problem: Error {
      let message: String
    }

    /// Follows links (as the kernel would, at most 40) to the file that would be written.
    static func resolve(_ path: String) -> Result<Target, Problem> {
      var current = path
      for _ in 0..<40 {
        var info = stat()
        // A missing file (or a missing folder, reported when the temporary file is made) is
        // written as named.
        guard lstat(current, &info) == 0 else {
          return .success(Target(path: current, existing: nil))
        }
        guard info.st_mode & S_IFMT == S_IFLNK else {
          return .success(Target(path: current, existing: info))
        }
        guard let destination = linkDestination(current) else {
          return .failure(Problem(message: "cannot read the link `\(current)`"))
        }
        let link = Target(path: current, existing: nil)
        current = destination.hasPrefix("/") ? destination : link.directory + "/" + destination
      }
      return .failure(Problem(message: "too many levels of symbolic links"))
    }

    private static func linkDestination(_ path: String) -> String? {
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = readlink(path, &buffer, buffer.count - 1)
      guard count > 0 else { return nil }
      return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
  }
}

/// Writes every byte, retrying short and interrupted writes; false on an error (`errno` says
/// which).
public func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
  bytes.withUnsafeBytes { raw in
    var offset = 0
    while offset < raw.count {
      let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return false }
      offset += n
    }
    return true
  }
}
