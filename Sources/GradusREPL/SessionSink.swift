import GradusPictures
import GradusRuntime

/// The interpreter's output in a REPL session: text goes to the console; a shown value is
/// labelled `Out[n]:` (when prompts are on) and remembered for `_` and `Out`. Control
/// characters in the program's text show as escapes (`TerminalText`).
final class SessionSink: OutputSink {
  let console: Console
  let style: ConsoleStyle
  /// The cell whose values are being shown; nil while a file runs (`:load`), whose values are
  /// printed like `gradus run` prints them.
  var cell: Int?
  /// The last value shown since `startCell`.
  private(set) var lastShown: Value?
  /// Asked for each picture, so that a resized window gets pictures of its new width.
  let pictureOptions: () -> RenderOptions

  init(console: Console, style: ConsoleStyle, pictureOptions: @escaping () -> RenderOptions) {
    self.console = console
    self.style = style
    self.pictureOptions = pictureOptions
  }

  func startCell(_ number: Int?) {
    cell = number
    lastShown = nil
  }

  func write(_ text: String) { console.write(TerminalText.visible(text)) }

  func show(_ value: Value, formatted: String) {
    lastShown = value
    if let rich = console as? RichConsole, let cell {
      return rich.showValue(value, formatted: formatted, cell: cell)
    }
    let formatted = TerminalText.visible(formatted)
    guard style.prompts, let cell else { return console.write(formatted + "\n") }
    // A value over several lines starts on its own line, as in IPython, so that its rows stay
    // aligned with the first; so does one that the label would push past the window's edge
    // (the terminal would break it inside a number).
    let label = style.outLabel(cell)
    let labelColumns = "Out[\(cell)]: ".count
    let tooWide = labelColumns + formatted.count > pictureOptions().width
    let separator = formatted.contains("\n") || tooWide ? "\n" : " "
    console.write(label + separator + formatted + "\n")
  }

  func picture(_ picture: Picture) {
    let drawn = TerminalPictureRenderer.render(picture, options: pictureOptions())
    guard let rich = console as? RichConsole else { return console.write(drawn) }
    rich.showPicture(picture, drawn: drawn)
  }
}
