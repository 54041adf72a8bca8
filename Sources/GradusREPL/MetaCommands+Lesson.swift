import GradusNotebook
import GradusRuntime

/// `:lesson NAME|NUMBER`: steps through a lesson as `gradus lesson` does, without leaving the
/// session.
extension REPLSession {
  /// The lesson runs in an interpreter of its own, so the learner's names, `_`, `Out`, the
  /// saved cells and the random numbers are as they were when it ends; Ctrl-C still reaches it
  /// through the shared interrupt flag. Without a keyboard (piped input) it runs straight
  /// through; `:lesson` alone lists the lessons.
  func lesson(_ key: String) -> Status {
    let catalog = LessonCatalog(language: language)
    guard !catalog.lessons.isEmpty else {
      return fail("no lessons found", help: "set GRADUS_LESSONS to the lessons/ folder")
    }
    guard !key.isEmpty else {
      console.write(
        catalog.listing(progress: lessonProgress?.load() ?? [:]) + "\n"
          + Localized(language).stepThroughOne(with: ":lesson") + "\n")
      return .succeeded
    }
    guard let lesson = catalog.find(key) else {
      return fail("no lesson `\(key)`; " + catalog.hint(for: key, listedBy: ":lesson"))
    }
    // Values show as in a script (no `Out[n]:`), pictures as the session draws them.
    let lessonSink = SessionSink(
      console: console, style: style, pictureOptions: sink.pictureOptions)
    lessonSink.startCell(nil)
    // Prose as wide as the session's pictures, styled when they are coloured. Unicode stays
    // on: the pictures' ASCII fallback also covers NO_COLOR, which says nothing about fonts.
    let pictures = sink.pictureOptions()
    let prose = TerminalProse(columns: pictures.width, styled: pictures.colour != .none)
    let io = TextStepperIO(
      keyboard: keyboard, style: style.diagnosticStyle, prose: prose, language: language,
      write: console.write, writeError: console.writeError)
    // The session's sink draws pictures at the window's width, the prose's.
    let reader = LessonReader(
      catalog: catalog, io: io, style: style.diagnosticStyle, progress: lessonProgress,
      output: lessonSink, outputColumns: prose.columns,
      makeInterpreter: { [interpreter] in
        try Interpreter(output: $0, interrupt: interpreter.interrupt)
      })
    let succeeded = reader.read(lesson, interactive: keyboard != nil)
    console.write("\n" + Localized(language).backInSession + "\n")
    return succeeded ? .succeeded : .failed
  }
}

/// The REPL's lesson keyboard: keys straight from the terminal, lines through the line editor
/// (so exploring has editing and history like the prompt).
final class EditorKeyboard: LessonKeyboard {
  let reader: LineReader
  private let keys: TerminalKeyboard

  init(reader: LineReader, console: Console) {
    self.reader = reader
    keys = TerminalKeyboard(writePrompt: console.write)
  }

  func readKey(prompt: String) -> UInt8? { keys.readKey(prompt: prompt) }

  func readLine(prompt: String) -> String? {
    switch reader.readLine(prompt: prompt, editorPrompt: prompt) {
    case .line(let line):
      reader.remember(line)
      return line
    case .interrupted: return ""  // Ctrl-C drops the line, as at the prompt
    case .end: return nil
    }
  }
}
