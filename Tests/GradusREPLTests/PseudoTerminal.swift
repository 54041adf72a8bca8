import Foundation
import GradusTestProcesses

#if canImport(Glibc)
  import Glibc
#endif

/// A program running in a pseudo-terminal, as a person at a terminal would run it: it is the
/// session leader with the terminal as its controlling terminal, so Ctrl-C typed into it
/// becomes SIGINT. Made with `posix_openpt` and `posix_spawn` (`ChildProcess`; no extra
/// library to link).
final class PseudoTerminal {
  let pid: pid_t
  private let master: Int32
  /// Everything the program wrote so far.
  private(set) var transcript = ""

  init(_ executable: String, arguments: [String] = [], environment: [String: String]) throws {
    let pty = try PseudoTerminalFunctions()
    let master = pty.openpt(O_RDWR | O_NOCTTY)
    self.master = master
    var name = [CChar](repeating: 0, count: 128)
    guard master >= 0, pty.grantpt(master) == 0, pty.unlockpt(master) == 0,
      pty.ptsname(master, &name, name.count) == 0
    else { throw TerminalError.noPseudoTerminal }
    var size = winsize(ws_row: 24, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    let slavePath = String(
      decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)

    // Opened after setsid() (spawn flags apply before file actions), the terminal becomes the
    // child's controlling terminal.
    pid = try ChildProcess.spawn(
      executable, arguments, environment: environment.map { "\($0.key)=\($0.value)" },
      newSession: true
    ) { actions in
      posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
      posix_spawn_file_actions_adddup2(&actions, 0, 1)
      posix_spawn_file_actions_adddup2(&actions, 0, 2)
      posix_spawn_file_actions_addclose(&actions, master)
    }
  }

  deinit {
    kill(pid, SIGKILL)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    close(master)
  }

  enum TerminalError: Error {
    case noPseudoTerminal
  }

  /// Types keys (`\r` is Enter, `\u{3}` Ctrl-C, `\u{4}` Ctrl-D, `\t` Tab, `\u{1B}[A` Up).
  func type(_ keys: String) {
    var bytes = Array(keys.utf8)
    _ = write(master, &bytes, bytes.count)
  }

  /// Reads until the transcript after `offset` contains `text`; false after `timeout` seconds.
  @discardableResult
  func wait(for text: String, after offset: String.Index? = nil, timeout: Double = 5) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      let tail = offset.map { transcript[$0...] } ?? transcript[...]
      if tail.contains(text) { return true }
      let remaining = deadline.timeIntervalSinceNow
      if remaining <= 0 { return false }
      readAvailable(timeout: remaining)
    }
  }

  /// Where the transcript ends now, to wait for what comes next.
  var mark: String.Index { transcript.endIndex }

  /// Reads whatever arrives within `timeout` seconds.
  func readAvailable(timeout: Double) {
    var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    guard poll(&descriptor, 1, Int32(Swift.max(1, timeout * 1000))) > 0 else { return }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = read(master, &buffer, buffer.count)
    if n > 0 { transcript += String(decoding: buffer[0..<n], as: UTF8.self) }
  }

  /// Waits for the program to end and returns its exit status (nil if it is still running).
  func exitStatus(timeout: Double = 5) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    var status: Int32 = 0
    while Date() < deadline {
      readAvailable(timeout: 0.05)
      if waitpid(pid, &status, WNOHANG) == pid {
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
      }
    }
    return nil
  }
}

/// glibc's pseudo-terminal functions. Swift's Glibc module leaves them out (they need
/// `_XOPEN_SOURCE`), so they are looked up by name; they live in libc itself, so nothing extra
/// is linked.
struct PseudoTerminalFunctions {
  let openpt: @convention(c) (Int32) -> Int32
  let grantpt: @convention(c) (Int32) -> Int32
  let unlockpt: @convention(c) (Int32) -> Int32
  let ptsname: @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32

  init() throws {
    func find<T>(_ name: String, as type: T.Type) throws -> T {
      // A null handle is RTLD_DEFAULT: search the libraries already loaded.
      guard let symbol = dlsym(nil, name) else {
        throw PseudoTerminal.TerminalError.noPseudoTerminal
      }
      return unsafeBitCast(symbol, to: type)
    }
    openpt = try find("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    grantpt = try find("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    unlockpt = try find("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    ptsname = try find(
      "ptsname_r", as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32).self)
  }
}
