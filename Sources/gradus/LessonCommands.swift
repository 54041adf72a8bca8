import ArgumentParser
import GradusLanguage
import GradusNotebook
import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// `gradus lessons`: the lessons with their titles and what each covers.
struct Lessons: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "List the lessons.")

  func run() throws {
    let catalog = LessonCatalog()
    guard !catalog.lessons.isEmpty else {
      Terminal.writeError("error: no lessons found; set GRADUS_LESSONS to the lessons/ folder\n")
      throw ExitCode(1)
    }
    for lesson in catalog.lessons {
      Terminal.writeOut("\(lesson.name)\n    \(lesson.title)\n")
      if !lesson.summary.isEmpty { Terminal.writeOut("    \(lesson.summary)\n") }
    }
    Terminal.writeOut("\nStep through one with `gradus lesson NUMBER` (e.g. `gradus lesson 3`).\n")
  }
}

/// `gradus lesson NAME|NUMBER`: steps through a lesson cell by cell.
struct LessonCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lesson",
    abstract: "Step through a lesson: prose, code, output; Enter next, r rerun, e explore, q quit.")

  @ArgumentParser.Argument(help: "The lesson's number or name (see `gradus lessons`).")
  var lesson: String

  func run() throws {
    let catalog = LessonCatalog()
    guard let found = catalog.find(lesson) else {
      let names = catalog.lessons.map(\.name)
      let hint =
        Suggest.didYouMean(Suggest.nearest(lesson, in: names)) ?? "`gradus lessons` lists them"
      Terminal.writeError("error: no lesson `\(lesson)`; \(hint)\n")
      throw ExitCode(1)
    }
    let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
    var succeeded = false
    LargeStack.run {
      do {
        let interpreter = try Interpreter(output: StandardOutputSink())
        let io = TerminalStepperIO()
        let stepper = LessonStepper(
          lesson: found, interpreter: interpreter, io: io, style: Terminal.diagnosticStyle)
        succeeded = stepper.run(interactive: interactive)
      } catch {
        Terminal.writeError("error: the prelude failed to load: \(error)\n")
      }
    }
    if !succeeded { throw ExitCode(1) }
  }
}

/// The terminal side of the stepper: prose as text, code with a gutter, single-key answers.
final class TerminalStepperIO: LessonStepperIO {
  func showProse(_ markdown: String) { Terminal.writeOut("\n" + markdown + "\n") }

  func showCode(_ code: String) {
    let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
    Terminal.writeOut("\n" + lines.map { "  │ " + $0 }.joined(separator: "\n") + "\n\n")
  }

  func showError(_ rendered: String) {
    Terminal.writeError(rendered.hasSuffix("\n") ? rendered : rendered + "\n")
  }

  func readKey(cell: Int, of total: Int) -> StepKey? {
    Terminal.writeOut(
      "\n[cell \(cell)/\(total)] Enter: next · r: run again · e: explore · q: quit ")
    defer { Terminal.writeOut("\n") }
    while true {
      guard let key = readSingleKey() else { return nil }
      switch key {
      case 10, 13, 32: return .next
      case UInt8(ascii: "r"): return .rerun
      case UInt8(ascii: "e"): return .explore
      case UInt8(ascii: "q"), 3, 4: return .quit
      default: continue
      }
    }
  }

  /// A small REPL on the lesson's state: each line runs in the lesson's interpreter until
  /// `:continue` (or Ctrl-D).
  func explore(_ interpreter: Interpreter) {
    Terminal.writeOut("\nExploring the lesson's state; `:continue` goes back to the lesson.\n")
    var cell = 1
    var pending = ""
    while true {
      Terminal.writeOut(pending.isEmpty ? "explore [\(cell)]: " : "        ...: ")
      guard let line = readLine() else { return }
      if pending.isEmpty && line.trimmingCharacters() == ":continue" { return }
      pending += pending.isEmpty ? line : "\n" + line
      if Parser.isIncomplete(pending) { continue }
      let source = SourceFile(name: "<explore:\(cell)>", text: pending)
      pending = ""
      cell += 1
      let outcome = Pipeline.run(source, in: interpreter)
      Terminal.writeError(outcome.rendered(style: Terminal.diagnosticStyle))
    }
  }

  /// One byte from the terminal without waiting for Enter (raw mode, restored afterwards).
  private func readSingleKey() -> UInt8? {
    var saved = termios()
    let isTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
    if isTerminal {
      var raw = saved
      raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
      tcsetattr(STDIN_FILENO, TCSANOW, &raw)
    }
    defer { if isTerminal { tcsetattr(STDIN_FILENO, TCSANOW, &saved) } }
    var byte: UInt8 = 0
    while true {
      let n = read(STDIN_FILENO, &byte, 1)
      if n == 1 { return byte }
      if n < 0 && errno == EINTR { continue }
      return nil
    }
  }
}

extension String {
  fileprivate func trimmingCharacters() -> String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
