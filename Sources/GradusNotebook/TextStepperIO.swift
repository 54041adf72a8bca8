import GradusLanguage
import GradusRuntime
import GradusText

/// Where a lesson being stepped through reads the learner's answers: single keys between cells,
/// whole lines while exploring. `gradus lesson` reads the terminal; the REPL reads its line
/// editor for lines; tests script both.
public protocol LessonKeyboard: AnyObject {
  /// Shows `prompt`, then reads one key without waiting for Enter; nil when input has ended.
  /// The prompt is the keyboard's to show so that a terminal can be ready for the key first:
  /// a key typed the moment the prompt appears must not meet the terminal's line editing.
  func readKey(prompt: String) -> UInt8?
  /// One line typed after `prompt` (which the keyboard shows); nil when input has ended.
  func readLine(prompt: String) -> String?
}

/// Stepping through a lesson as text, for `gradus lesson` and the REPL's `:lesson` alike:
/// prose as Markdown, code behind a gutter, one key between cells, and exploring as a small
/// REPL on the lesson's interpreter. Where text goes is given as two functions so that each
/// caller keeps its own output (the terminal, or the REPL's console).
public final class TextStepperIO: LessonStepperIO {
  /// Nil when nothing can be asked (piped input): the stepper then never asks.
  let keyboard: (any LessonKeyboard)?
  let write: (String) -> Void
  let writeError: (String) -> Void
  let style: DiagnosticRenderer.Style
  /// How prose cells are laid out: the width, and whether escape codes may style them.
  let prose: TerminalProse
  /// The language of the keys, the position line and the reader's notes.
  let text: Localized

  public init(
    keyboard: (any LessonKeyboard)?, style: DiagnosticRenderer.Style,
    prose: TerminalProse = TerminalProse(columns: 80, styled: false),
    language: Language = .english,
    write: @escaping (String) -> Void, writeError: @escaping (String) -> Void
  ) {
    self.keyboard = keyboard
    self.style = style
    self.prose = prose
    self.text = Localized(language)
    self.write = write
    self.writeError = writeError
  }

  /// The cell's Markdown rendered and reflowed to the text width (`TerminalProse`).
  public func showProse(_ markdown: String) { write("\n" + prose.render(markdown) + "\n") }

  /// The code behind the gutter, as written: never reflowed, but a line wider than the text
  /// width goes on under a dotted gutter (`  ┆ `), so nothing passes the right edge.
  public func showCode(_ code: String) {
    let lines = TerminalText.visible(code).split(separator: "\n", omittingEmptySubsequences: false)
    let room = max(8, prose.columns - 4)
    let shown = lines.map { line in
      Self.cut(line, columns: room).enumerated().map { (index, piece) in
        (index == 0 ? "  │ " : "  ┆ ") + piece
      }.joined(separator: "\n")
    }
    write("\n" + shown.joined(separator: "\n") + "\n\n")
  }

  /// `line` in pieces of at most `columns` display columns, cut between grapheme clusters.
  static func cut(_ line: Substring, columns: Int) -> [Substring] {
    var pieces: [Substring] = []
    var start = line.startIndex
    var used = 0
    for index in line.indices {
      let width = DisplayWidth.standard.columns(line[index])
      if used + width > columns && index > start {
        pieces.append(line[start..<index])
        start = index
        used = 0
      }
      used += width
    }
    pieces.append(line[start...])
    return pieces
  }

  public func showError(_ rendered: String) {
    writeError(rendered.hasSuffix("\n") ? rendered : rendered + "\n")
  }

  public func showNote(_ text: String) { write("\n" + text + "\n") }

  public func readKey(at position: StepPosition) -> StepKey? {
    defer { write("\n") }
    var prompt = "\n── " + position.line + "\n" + text.keyPrompt
    while true {
      guard let key = keyboard?.readKey(prompt: prompt) else { return nil }
      if let step = Self.step(for: key) { return step }
      // Anything else is ignored, except `?`, which lists the keys and asks again.
      prompt = key == UInt8(ascii: "?") ? "\n\n" + text.keyHelp + "\n" + text.keyPrompt : ""
    }
  }

  public func choose(_ question: String, keys: [Character]) -> Character? {
    defer { write("\n") }
    var prompt = question
    while true {
      guard let key = keyboard?.readKey(prompt: prompt) else { return nil }
      let typed: Character = key == 10 || key == 13 ? "\n" : Character(Unicode.Scalar(key))
      if keys.contains(typed) { return typed }
      if key == 3 || key == 4 { return nil }
      prompt = ""
    }
  }

  /// What a key means; nil for keys that mean nothing here (they are ignored).
  static func step(for key: UInt8) -> StepKey? {
    switch key {
    case 10, 13, 32: return .next
    case UInt8(ascii: "b"): return .back
    case UInt8(ascii: "r"): return .rerun
    case UInt8(ascii: "e"): return .explore
    // Ctrl-C and Ctrl-D arrive as bytes: the keyboard reads them with signals off.
    case UInt8(ascii: "q"), 3, 4: return .quit
    default: return nil
    }
  }

  /// A small REPL on the lesson's state: each entry runs in the lesson's interpreter until
  /// `:continue` (or the end of input). Values show through the interpreter's own output.
  public func explore(_ interpreter: Interpreter) {
    write("\n" + text.exploring + "\n")
    var cell = 1
    var pending = ""
    while true {
      let prompt = pending.isEmpty ? "explore [\(cell)]: " : "        ...: "
      guard let line = keyboard?.readLine(prompt: prompt) else { return }
      let command = Self.trimmed(line)
      if pending.isEmpty && command.isEmpty { continue }
      if pending.isEmpty && command == ":continue" { return }
      if pending.isEmpty && command.hasPrefix(":") {
        writeError(text.onlyContinueWhileExploring + "\n")
        continue
      }
      pending += pending.isEmpty ? line : "\n" + line
      if Pipeline.needsMoreLines(pending) { continue }
      let source = SourceFile(name: "<explore:\(cell)>", text: pending)
      pending = ""
      cell += 1
      writeError(Pipeline.run(source, in: interpreter).rendered(style: style, session: true))
    }
  }

  private static func trimmed(_ line: String) -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
    return String(line.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
  }
}
