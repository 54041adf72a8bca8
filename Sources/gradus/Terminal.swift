import GradusLanguage
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
  func write(_ text: String) { Terminal.writeOut(TerminalText.visible(text)) }
  func show(_ value: Value, formatted: String) {
    Terminal.writeOut(TerminalText.visible(formatted) + "\n")
  }
  /// Options are read for each picture, so a resized window gets pictures of its new width.
  func picture(_ picture: Picture) {
    Terminal.writeOut(TerminalPictureRenderer.render(picture, options: .detect(for: STDOUT_FILENO)))
  }
}
