import GradusLanguage
import GradusPictures
import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// Where the REPL writes: the terminal, or a buffer in tests.
public protocol Console: AnyObject {
  /// Program output, values and prompts echoed in transcripts.
  func write(_ text: String)
  /// Errors, warnings and interruptions.
  func writeError(_ text: String)
}

/// A console that shows values and pictures as more than text (a Jupyter kernel: a cell's
/// result, an SVG). A session hands them to it instead of writing their text.
public protocol RichConsole: Console {
  /// The value cell `cell` shows, and its text as the terminal would show it after `Out[n]:`
  /// (the value itself for richer forms, such as a tensor's table).
  func showValue(_ value: Value, formatted: String, cell: Int)
  /// A picture, with its terminal drawing for front ends that cannot show the picture.
  func showPicture(_ picture: Picture, drawn: String)
}

/// How the REPL presents itself: IPython-style prompts and `Out[n]:` labels, and colours.
public struct ConsoleStyle: Sendable {
  /// `In [n]:` prompts, `Out[n]:` labels and a blank line between cells.
  public var prompts: Bool
  /// ANSI colours in prompts and diagnostics.
  public var colors: Bool

  public init(prompts: Bool = false, colors: Bool = false) {
    self.prompts = prompts
    self.colors = colors
  }

  public var diagnosticStyle: DiagnosticRenderer.Style { colors ? .ansi : .plain }

  /// `In [3]: `. For libedit, `editorMarkers` wraps colour codes in `\u{1}` so that they are
  /// not counted as columns (`EL_PROMPT_ESC`). libedit drops a marked code at the very end of a
  /// prompt and garbles two marked codes in a row, so each code here is followed by text and
  /// the prompt ends in its space.
  public func inPrompt(_ number: Int, editorMarkers: Bool = false) -> String {
    let code = codes(editorMarkers)
    return code("32") + "In [" + code("1;32") + "\(number)" + code("0;32") + "]:" + code("0") + " "
  }

  /// `   ...: `, as wide as the `In` prompt so continued lines line up.
  public func continuationPrompt(_ number: Int, editorMarkers: Bool = false) -> String {
    let code = codes(editorMarkers)
    let width = "In [\(number)]: ".count
    return code("32") + String(repeating: " ", count: width - 5) + "...:" + code("0") + " "
  }

  /// `Out[3]:`.
  public func outLabel(_ number: Int) -> String {
    let code = codes(false)
    return code("31") + "Out[" + code("1;31") + "\(number)" + code("0;31") + "]:" + code("0")
  }

  /// An ANSI colour code as text, or nothing without colours.
  private func codes(_ markers: Bool) -> (String) -> String {
    let colors = self.colors
    return { code in
      guard colors else { return "" }
      return markers ? "\u{1}\u{1B}[\(code)m\u{1}" : "\u{1B}[\(code)m"
    }
  }
}

/// Standard output and error, written unbuffered so the two keep the order they happened in.
/// A failed write is remembered by `StandardStreams` and makes the exit status an error.
final class TerminalConsole: Console {
  func write(_ text: String) { StandardStreams.writeOut(text) }
  func writeError(_ text: String) { StandardStreams.writeError(text) }
}
