#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension RenderOptions {
  /// The options for pictures written to `descriptor`, from this process's environment and
  /// the terminal's window size. This is the one place that reads them; the CLI and the REPL
  /// call it at their edge and pass the result down.
  public static func detect(for descriptor: Int32 = STDOUT_FILENO) -> RenderOptions {
    var environment = [String: String]()
    let keys = ["NO_COLOR", "COLORTERM", "TERM", "LC_ALL", "LC_CTYPE", "LANG", "COLUMNS"]
    for key in keys {
      if let value = getenv(key) { environment[key] = String(cString: value) }
    }
    let isTerminal = isatty(descriptor) == 1
    var size = winsize()
    let columns =
      isTerminal && ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0
      ? Int(size.ws_col) : nil
    return RenderOptions(environment: environment, isTerminal: isTerminal, columns: columns)
  }
}
