import GradusNotebook
import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// The history file every REPL of a user shares (`$XDG_STATE_HOME/gradus/history`, else
/// `~/.local/state/gradus/history`): one entry per line of text, oldest first. An entry is a
/// whole cell, so Up recalls a `for` loop or a model as it was typed; its line breaks are
/// stored as the record separator U+001E, which typing never produces.
///
/// Two REPLs may be open at once, so the file is never rewritten from memory (that would drop
/// the other session's lines, as GNU readline's `write_history` at exit does). Each line is
/// appended as it is entered, in one `write` to a descriptor opened with `O_APPEND` and held
/// under an exclusive `flock`; start-up reads the file under a shared lock. An unreadable file
/// is renamed aside with one warning rather than stopping the REPL.
final class HistoryFile {
  let path: String
  /// Entries kept; a longer file is trimmed to the newest ones at start-up.
  let capacity: Int
  /// Receives at most one warning for the whole session.
  private let warn: (String) -> Void
  private var warned = false
  /// False once the file proved unusable: the session then keeps history in memory only.
  private var writable = true

  init(path: String, capacity: Int = 10_000, warn: @escaping (String) -> Void) {
    self.path = path
    self.capacity = capacity
    self.warn = warn
  }

  /// The default location, or nil when neither `XDG_STATE_HOME` nor `HOME` is set.
  static func defaultPath(environment: [String: String]) -> String? {
    StateDirectory.path(environment: environment).map { $0 + "/history" }
  }

  /// The most of the file read at start-up: ten thousand long lines fit many times over.
  static let byteLimit = 16 << 20

  /// The saved lines, oldest first. Creates the directory if needed.
  func load() -> [String] {
    StateDirectory.makeDirectory(parentOf: path)
    // Non-blocking, so that a FIFO in its place cannot hang start-up.
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    if fd < 0 {
      if errno != ENOENT { setAside(reason: String(cString: strerror(errno))) }
      return []
    }
    defer { close(fd) }
    var info = stat()
    fstat(fd, &info)
    if info.st_mode & S_IFMT == S_IFDIR {
      setAside(reason: "it is a folder")
      return []
    }
    // A device or FIFO (`/dev/zero` never ends) is not read, written nor moved: it is not ours.
    guard info.st_mode & S_IFMT == S_IFREG else {
      fail("the history file \(path) is not a regular file")
      return []
    }
    flock(fd, LOCK_SH)
    let read = readAll(fd, limit: Self.byteLimit)
    // Released before a trim takes the exclusive lock on a descriptor of its own: a lock held
    // here would make that trim wait for this very function, for ever.
    flock(fd, LOCK_UN)
    let bytes: [UInt8]
    switch read {
    case .success(let read): bytes = read
    case .failure(.tooLarge):
      setAside(reason: "it is larger than \(FileBytes.describe(bytes: Self.byteLimit))")
      return []
    case .failure(.overBudget(let failure)):
      // Nothing is wrong with the file: the session starts without it, and still appends to it.
      warnOnce("the history file \(path) was not read: \(failure); \(SessionLimits.howToRaise)")
      return []
    case .failure(.error):
      setAside(reason: "it could not be read")
      return []
    }
    guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
      setAside(reason: "it is not UTF-8 text")
      return []
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map {
      HistoryFile.decode(String($0))
    }
    // Trim only well past the capacity, so that trimming (a rewrite) is rare.
    if lines.count > capacity + capacity / 5 {
      lines = Array(lines.suffix(capacity))
      trim(to: capacity)
    }
    return lines
  }

  /// A cell's line breaks as record separators, so that the cell is one line of the file.
  static func encode(_ entry: String) -> String {
    String(entry.map { $0 == "\n" ? "\u{1E}" : $0 })
  }

  static func decode(_ line: String) -> String {
    String(line.map { $0 == "\u{1E}" ? "\n" : $0 })
  }

  /// Appends one entry (a whole cell; its line breaks are encoded).
  func append(_ entry: String) {
    let line = HistoryFile.encode(entry)
    guard writable, !line.isEmpty else { return }
    for _ in 0..<3 {
      let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0o600)
      guard fd >= 0 else {
        return fail("cannot write \(path): \(String(cString: strerror(errno)))")
      }
      defer { close(fd) }
      guard isRegularFile(fd) else { return fail("the history file \(path) is not a regular file") }
      flock(fd, LOCK_EX)
      // Another REPL may have trimmed (replaced) the file while we waited for the lock: write
      // to the file that now has the name, not to the unlinked one.
      guard sameFile(fd, path) else { continue }
      if !writeAll(fd, Array((line + "\n").utf8)) {
        fail("cannot write \(path): \(String(cString: strerror(errno)))")
      }
      return
    }
  }

  /// Rewrites the file with its newest `count` lines: read and replace under the exclusive lock,
  /// through a temporary file renamed over it, so no reader sees a half-written file.
  private func trim(to count: Int) {
    let fd = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK)
    guard fd >= 0 else { return }
    defer { close(fd) }
    guard isRegularFile(fd) else { return }
    flock(fd, LOCK_EX)
    guard case .success(let bytes) = readAll(fd, limit: Self.byteLimit),
      let text = String(validating: bytes, as: UTF8.self)
    else { return }
    let kept = text.split(separator: "\n").suffix(count).joined(separator: "\n") + "\n"
    _ = AtomicFile.write(Array(kept.utf8), to: path)
  }

  /// Renames an unreadable file to `history.unreadable-<time>` and warns once.
  private func setAside(reason: String) {
    let aside = path + ".unreadable-\(time(nil))"
    if rename(path, aside) == 0 {
      warnOnce("the history file \(path) could not be read (\(reason)); moved it to \(aside)")
    } else {
      fail("the history file \(path) could not be read (\(reason)) nor moved aside")
    }
  }

  private func fail(_ message: String) {
    writable = false
    warnOnce(message + "; history will not be saved in this session")
  }

  private func warnOnce(_ message: String) {
    guard !warned else { return }
    warned = true
    warn("warning: " + message + "\n")
  }
}

/// Whether an open descriptor is a regular file (not a device, FIFO or socket).
private func isRegularFile(_ fd: Int32) -> Bool {
  var info = stat()
  return fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
}

/// Whether the open descriptor and the path name the same file.
private func sameFile(_ fd: Int32, _ path: String) -> Bool {
  var opened = stat()
  var named = stat()
  guard fstat(fd, &opened) == 0, stat(path, &named) == 0 else { return false }
  return opened.st_dev == named.st_dev && opened.st_ino == named.st_ino
}
