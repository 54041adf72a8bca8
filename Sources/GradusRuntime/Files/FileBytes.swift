import GradusTensor

#if canImport(Glibc)
  import Glibc
#endif

/// Reading whole files, for everything that loads a file a learner names: `gradus run`, lessons,
/// `:load`, `load_csv`, `load`, the fuzzer's replay.
///
/// Only regular files are read (and, where asked, pipes such as `<(…)` or `/dev/stdin`): a
/// device like `/dev/zero` never ends, and a FIFO without a writer would block the open
/// forever. Every read takes its bytes from the session's memory budget (`MemoryCharge`) before
/// they are read, and is capped besides, so a huge file is an error naming the limit rather than
/// memory growing until the system kills the process.
public enum FileBytes {
  /// The cap for program text (`.grad` files, lessons, CSV): far above any real program.
  public static let textLimit = 64 << 20
  /// The cap for data (`load` of a safetensors file).
  public static let dataLimit = 2 << 30

  /// Why a file could not be read.
  public enum Problem: Error, Equatable, CustomStringConvertible {
    case missing(String)
    case folder(String)
    case notRegular(String)
    case tooLarge(String, limit: Int)
    /// The file does not fit in what is left of the session's memory budget.
    case overBudget(String, TensorError)
    case unreadable(String, reason: String)

    public var description: String {
      switch self {
      case .missing(let path): return "no such file: \(path)"
      case .folder(let path): return "\(path) is a directory; give a .grad file inside it"
      case .unreadable(let path, let reason) where reason.hasPrefix("not UTF-8"):
        return "\(path) is \(reason)"
      case .notRegular(let path), .tooLarge(let path, _), .overBudget(let path, _),
        .unreadable(let path, _):
        return "cannot read \(path): \(reason ?? "")"
      }
    }

    /// What is wrong with the file, as a phrase after its name ("it is a folder"); nil when it
    /// does not exist.
    public var reason: String? {
      switch self {
      case .missing: return nil
      case .folder: return "it is a folder"
      case .notRegular: return "it is not a regular file (a device, pipe or socket)"
      case .tooLarge(_, let limit):
        return "it is larger than \(FileBytes.describe(bytes: limit)), the most Gradus reads "
          + "from one file"
      case .overBudget(_, let failure):
        if case .memoryInUse = failure { return "\(failure); \(MemoryLimit.howToFreeOrRaise)" }
        return "\(failure); \(MemoryLimit.howToRaise)"
      case .unreadable(_, let reason): return reason
      }
    }
  }

  /// The bytes of a regular file (with `allowingPipes`, also of a pipe), at most `limit` of
  /// them, or why not. They are charged to the session's memory budget while being read.
  public static func load(_ path: String, limit: Int = textLimit, allowingPipes: Bool = false)
    -> Result<[UInt8], Problem>
  {
    var charge = MemoryCharge()
    return load(path, limit: limit, allowingPipes: allowingPipes, holding: &charge)
  }

  /// `load`, with the bytes charged to the session's memory budget in `charge` for as long as
  /// the caller keeps it (while it parses them). A regular file larger than what the budget
  /// has left is refused before it is read; a pipe, as it grows.
  public static func load(
    _ path: String, limit: Int = textLimit, allowingPipes: Bool = false,
    holding charge: inout MemoryCharge
  ) -> Result<[UInt8], Problem> {
    guard !path.utf8.contains(0) else {
      return .failure(.unreadable(path, reason: "a path cannot contain the character \\0"))
    }
    var info = stat()
    guard stat(path, &info) == 0 else {
      return .failure(errno == ENOENT ? .missing(path) : .unreadable(path, reason: lastError()))
    }
    if let problem = refusal(info, path, limit: limit, allowingPipes: allowingPipes) {
      return .failure(problem)
    }
    // Non-blocking, so that opening a FIFO with no writer returns at once; reads block again
    // afterwards, so that a pipe's writer is waited for.
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { return .failure(.unreadable(path, reason: lastError())) }
    defer { close(descriptor) }
    // The path may have been replaced between `stat` and `open`: check what was opened.
    guard fstat(descriptor, &info) == 0 else {
      return .failure(.unreadable(path, reason: lastError()))
    }
    if let problem = refusal(info, path, limit: limit, allowingPipes: allowingPipes) {
      return .failure(problem)
    }
    do { try charge.grow(to: Int(info.st_size)) } catch {
      return .failure(.overBudget(path, error))
    }
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
    switch readAll(descriptor, limit: limit, holding: &charge) {
    case .success(let bytes): return .success(bytes)
    case .failure(.tooLarge): return .failure(.tooLarge(path, limit: limit))
    case .failure(.overBudget(let failure)): return .failure(.overBudget(path, failure))
    case .failure(.error(let code)):
      return .failure(.unreadable(path, reason: String(cString: strerror(code))))
    }
  }

  /// Why a file of this kind and size is not read, or nil.
  private static func refusal(_ info: stat, _ path: String, limit: Int, allowingPipes: Bool)
    -> Problem?
  {
    switch info.st_mode & S_IFMT {
    case S_IFREG: return info.st_size > limit ? .tooLarge(path, limit: limit) : nil
    case S_IFDIR: return .folder(path)
    case S_IFIFO where allowingPipes: return nil
    default: return .notRegular(path)
    }
  }

  /// The bytes of a file, or nil if it cannot be read (see `load` for why).
  public static func read(_ path: String, limit: Int = textLimit, allowingPipes: Bool = false)
    -> [UInt8]?
  {
    try? load(path, limit: limit, allowingPipes: allowingPipes).get()
  }

  /// A file's text, or nil if it cannot be read or is not UTF-8.
  public static func text(_ path: String, limit: Int = textLimit) -> String? {
    read(path, limit: limit).flatMap { String(validating: $0, as: UTF8.self) }
  }

  /// The text of a program file, or a message saying why it cannot be run: `gradus run`,
  /// `gradus export`, `:load`. Text that is not UTF-8 is refused with the place of the first bad
  /// byte (turning it into U+FFFD would run a program the learner never wrote).
  public static func sourceText(_ path: String, allowingPipes: Bool = false) -> Result<
    String, Problem
  > {
    let bytes: [UInt8]
    switch load(path, limit: textLimit, allowingPipes: allowingPipes) {
    case .success(let read): bytes = read
    case .failure(let problem): return .failure(problem)
    }
    if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
    let offset = UTF8Check.firstInvalidByte(bytes)
    let line = 1 + bytes[..<offset].count(where: { $0 == UInt8(ascii: "\n") })
    let byte = "0x" + String(bytes[offset], radix: 16, uppercase: true)
    return .failure(
      .unreadable(
        path,
        reason: "not UTF-8 text (invalid byte \(byte) on line \(line), at byte offset \(offset)); "
          + "save it as UTF-8"))
  }

  /// `64 MiB`, `2 GiB`.
  public static func describe(bytes: Int) -> String {
    if bytes >= 1 << 30 && bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
    if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
    return "\(bytes) bytes"
  }

  private static func lastError() -> String { String(cString: strerror(errno)) }
}

/// Why `readAll` stopped short.
public enum ReadFailure: Error, Equatable {
  /// More than the limit was there to read.
  case tooLarge
  /// More than the session's memory budget has left was there to read.
  case overBudget(TensorError)
  /// A read failed with this `errno` (EISDIR, EIO, …); never taken for the end of the input.
  case error(Int32)
}

/// Everything left to read from a descriptor, up to `limit` bytes, charged to the session's
/// memory budget while being read.
public func readAll(_ fd: Int32, limit: Int) -> Result<[UInt8], ReadFailure> {
  var charge = MemoryCharge()
  return readAll(fd, limit: limit, holding: &charge)
}

/// `readAll`, growing `charge` (the bytes' share of the session's memory budget) before each
/// chunk is kept; the caller decides how long the bytes stay charged.
public func readAll(_ fd: Int32, limit: Int, holding charge: inout MemoryCharge)
  -> Result<[UInt8], ReadFailure>
{
  var bytes = [UInt8]()
  let chunk = 65_536
  do { try charge.grow(to: chunk) } catch { return .failure(.overBudget(error)) }
  var buffer = [UInt8](repeating: 0, count: chunk)
  while true {
    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    if n < 0 && errno == EINTR { continue }
    if n < 0 { return .failure(.error(errno)) }
    if n == 0 { return .success(bytes) }
    if bytes.count + n > limit { return .failure(.tooLarge) }
    // The charge covers the read buffer and the bytes kept so far.
    do { try charge.grow(to: chunk + bytes.count + n) } catch {
      return .failure(.overBudget(error))
    }
    bytes.append(contentsOf: buffer[0..<n])
  }
}

/// Where UTF-8 goes wrong.
public enum UTF8Check {
  /// The offset of the first byte of `bytes` that is not part of valid UTF-8 (the last byte for
  /// a sequence cut short at the end).
  public static func firstInvalidByte(_ bytes: [UInt8]) -> Int {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while case .valid(let encoded) = parser.parseScalar(from: &iterator) { offset += encoded.count }
    return Swift.min(offset, bytes.count - 1)
  }
}
