import GradusLanguage
import GradusRuntime

/// What the learner pressed between two cells.
public enum StepKey: Sendable {
  case next
  case rerun
  case explore
  case quit
}

/// The terminal side of stepping through a lesson: showing prose and code, reading keys,
/// opening an exploring REPL. `TextStepperIO` implements it for the CLI and the REPL.
public protocol LessonStepperIO: AnyObject {
  /// Markdown prose of one cell.
  func showProse(_ markdown: String)
  /// The source text of a code cell, before it runs.
  func showCode(_ code: String)
  /// A diagnostic (rendered) when a cell fails.
  func showError(_ rendered: String)
  /// Waits for a key; nil means input ended (treated as quit).
  func readKey(cell: Int, of total: Int) -> StepKey?
  /// A REPL on the lesson's interpreter until the learner types `:continue`.
  func explore(_ interpreter: Interpreter)
}

/// Steps through a lesson: prose, then code, then its output, pausing between cells. Without a
/// terminal (`interactive: false`) it runs straight through.
public final class LessonStepper {
  let lesson: Lesson
  let interpreter: Interpreter
  // Held strongly: callers make the IO just to hand it over, and an unowned reference would
  // let it be freed after its last use in the caller, before `run`.
  let io: any LessonStepperIO
  let style: DiagnosticRenderer.Style

  public init(
    lesson: Lesson, interpreter: Interpreter, io: any LessonStepperIO,
    style: DiagnosticRenderer.Style
  ) {
    self.lesson = lesson
    self.interpreter = interpreter
    self.io = io
    self.style = style
  }

  /// Runs the lesson; returns false if a cell failed or the file could not be read.
  @discardableResult
  public func run(interactive: Bool) -> Bool {
    guard let text = LessonCatalog.readText(lesson.path) else {
      io.showError("error: cannot read \(lesson.path)\n")
      return false
    }
    let source = SourceFile(name: lesson.path, text: text)
    let parsed = Parser.parse(source)
    if parsed.hasErrors {
      io.showError(DiagnosticRenderer(style: style).render(parsed.diagnostics, in: source))
      return false
    }
    let cells = parsed.program.cells
    var index = 0
    var succeeded = true
    while index < cells.count {
      switch cells[index] {
      case .prose(let markdown, _):
        io.showProse(markdown)
        index += 1
        continue
      case .code(let statements, let span):
        io.showCode(source.text(of: span).trimmingTrailingNewlines())
        if !runCell(statements, source: source) { succeeded = false }
      }
      guard interactive else {
        index += 1
        continue
      }
      switch waitForKey(cell: index + 1, of: cells.count) {
      case .next: index += 1
      case .rerun: continue
      case .quit: return succeeded
      }
    }
    return succeeded
  }

  private enum Decision { case next, rerun, quit }

  /// Reads keys until the learner moves on; exploring returns here afterwards.
  private func waitForKey(cell: Int, of total: Int) -> Decision {
    while true {
      switch io.readKey(cell: cell, of: total) {
      case .next: return .next
      case .rerun: return .rerun
      case .explore: io.explore(interpreter)
      case .quit, nil: return .quit
      }
    }
  }

  private func runCell(_ statements: [Stmt], source: SourceFile) -> Bool {
    // A Ctrl-C that stopped the previous cell (or came while waiting) must not stop this one.
    interpreter.interrupt.clear()
    do {
      try interpreter.run(statements, source: source)
      return true
    } catch let failure as RuntimeError {
      io.showError(DiagnosticRenderer(style: style).render(failure.diagnostic, in: failure.source))
    } catch is Interrupted {
      io.showError("interrupted\n")
    } catch {
      io.showError("error: \(error)\n")
    }
    return false
  }
}

extension String {
  func trimmingTrailingNewlines() -> String {
    var s = Substring(self)
    while let last = s.last, last == "\n" || last == " " { s = s.dropLast() }
    return String(s)
  }
}
