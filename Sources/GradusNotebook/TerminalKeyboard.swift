#if canImport(Glibc)
  import Glibc
#endif

/// The terminal as a lesson's keyboard: keys one at a time without Enter, lines as typed.
public final class TerminalKeyboard: LessonKeyboard {
  /// Shows prompts (on the terminal's standard output).
  let writePrompt: (String) -> Void

  public init(writePrompt: @escaping (String) -> Void) { self.writePrompt = writePrompt }

  /// One byte in raw mode: no echo, no line buffering, and no signals, so that Ctrl-C between
  /// cells arrives as a key that quits the lesson instead of stopping the whole program (or,
  /// in the REPL, being swallowed by its handler while `read` restarts). The prompt appears
  /// once raw mode is on; the terminal's settings are restored afterwards.
  public func readKey(prompt: String) -> UInt8? {
    var saved = termios()
    let isTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
    if isTerminal {
      var raw = saved
      raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
      tcsetattr(STDIN_FILENO, TCSANOW, &raw)
    }
    defer { if isTerminal { tcsetattr(STDIN_FILENO, TCSANOW, &saved) } }
    writePrompt(prompt)
    var byte: UInt8 = 0
    while true {
      let n = read(STDIN_FILENO, &byte, 1)
      if n == 1 { return byte }
      if n < 0 && errno == EINTR { continue }
      return nil
    }
  }

  public func readLine(prompt: String) -> String? {
    writePrompt(prompt)
    return Swift.readLine(strippingNewline: true)
  }
}
