import GradusLanguage
import GradusNotebook
import GradusPictures
import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// The terminal edge: standard output and error, colour decisions, file reading.
enum Terminal {
  /// Colour on stderr only for a terminal, and never with NO_COLOR set (no-color.org).
  static var diagnosticStyle: DiagnosticRenderer.Style {
    isatty(STDERR_FILENO) == 1 && getenv("NO_COLOR") == nil ? .ansi : .plain
  }

  /// How prose is laid out on standard output: `width` if given, else the terminal's width
  /// (window-size ioctl, then `COLUMNS`), else 80; styled only on a terminal without
  /// `NO_COLOR` or `TERM=dumb`; ASCII on a terminal whose locale is not UTF-8.
  static func prose(width: Int?) -> TerminalProse {
    let isTerminal = isatty(STDOUT_FILENO) == 1
    let columns = width ?? windowColumns ?? environment("COLUMNS").flatMap { Int($0) } ?? 80
    let noColour = !(environment("NO_COLOR") ?? "").isEmpty
    let styled = isTerminal && !noColour && environment("TERM") != "dumb"
    // A terminal whose locale is not UTF-8 gets ASCII, as pictures do; a pipe keeps Unicode
    // (the bytes are for a file or another program, not for a font).
    var locale: [String: String] = [:]
    for name in ["LC_ALL", "LC_CTYPE", "LANG"] { locale[name] = environment(name) }
    let unicode = !isTerminal || RenderOptions.localeIsUTF8(locale)
    return TerminalProse(columns: columns, styled: styled, unicode: unicode)
  }

  /// The width of the terminal on standard output (the window-size ioctl); nil on a pipe.
  static var windowColumns: Int? {
    var size = winsize()
    guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0,
      size.ws_col > 0
    else { return nil }
    return Int(size.ws_col)
  }

  private static func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  static func writeOut(_ text: String) { StandardStreams.writeOut(text) }

  static func writeError(_ text: String) { StandardStreams.writeError(text) }

  /// A source file from disk (or a pipe such as `<(…)`), or a message saying why it cannot be
  /// read.
  static func readSource(_ path: String) -> Result<SourceFile, SourceReadError> {
    FileBytes.sourceText(path, allowingPipes: true)
      .map { SourceFile(name: path, text: $0) }
      .mapError { SourceReadError($0.description) }
  }
}

struct SourceReadError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// Sends a program's output straight to standard output, control characters shown as escapes.
final class StandardOutputSink: OutputSink {
  /// The width pictures are drawn at; nil follows the window (72 columns on a pipe).
  let pictureColumns: Int?

  init(pictureColumns: Int? = nil) { self.pictureColumns = pictureColumns }

  func write(_ text: String) { Terminal.writeOut(TerminalText.visible(text)) }
  func show(_ value: Value, formatted: String) {
    Terminal.writeOut(TerminalText.visible(formatted) + "\n")
  }
  /// Options are read for each picture, so a resized window gets pictures of its new width.
  func picture(_ picture: Picture) {
    var options = RenderOptions.detect(for: STDOUT_FILENO)
    if let pictureColumns { options.width = pictureColumns }
    Terminal.writeOut(TerminalPictureRenderer.render(picture, options: options))
  }
}
