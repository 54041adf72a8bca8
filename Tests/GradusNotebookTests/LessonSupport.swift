import Foundation
import GradusLanguage
import GradusPictures
import GradusRuntime
import GradusTensor

/// Collects what a lesson prints, in order, as `gradus run` shows it on a pipe: printed text,
/// shown values (each followed by a newline), and each picture drawn as plain ASCII text at the
/// default width (what `RenderOptions.detect` picks without a terminal or `COLUMNS`), so the
/// golden shows what the learner sees and a change to a chart's data shows up in review.
final class LessonSink: OutputSink {
  var text = ""

  func write(_ text: String) { self.text += text }

  func show(_ value: Value, formatted: String) { text += formatted + "\n" }

  func picture(_ picture: Picture) {
    text += TerminalPictureRenderer.render(picture, options: .plain)
  }
}

/// One run of a lesson file: how it ended, what it printed, and the interpreter afterwards (to
/// read the lesson's top-level variables).
struct LessonRun {
  let outcome: Pipeline.Outcome
  let output: String
  let interpreter: Interpreter?
  /// Set when the interpreter itself could not be made (the prelude failed to load).
  let failure: String?

  /// The diagnostic of a failed run, or the failure to start, in plain text.
  var problem: String? {
    if let failure { return failure }
    return outcome.succeeded ? nil : outcome.rendered(style: .plain)
  }
}

/// The lessons in `lessons/` and where their goldens and fixtures live.
enum Lessons {
  /// The repository root, from this file's path (`Tests/GradusNotebookTests/…`).
  static let root = URL(fileURLWithPath: "\(#filePath)").resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let directory = root.appendingPathComponent("lessons")
  static let goldens = root.appendingPathComponent("Tests/GradusNotebookTests/Goldens")
  static let fixtures = root.appendingPathComponent(
    "Tests/GradusNotebookTests/Fixtures/lessons.json")

  /// Every lesson's name (`03-backprop`), sorted: the `.grad` files in `lessons/` whose names
  /// start with a digit.
  static let names: [String] =
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
    .filter { $0.hasSuffix(".grad") && ($0.first?.isNumber ?? false) }
    .map { String($0.dropLast(".grad".count)) }
    .sorted()

  /// Runs `lessons/<name>.grad` the way `gradus run` does: a fresh interpreter with the default
  /// seed and the lessons folder for relative paths, on a thread with the evaluator's large
  /// stack; with `threads`, on that many threads with every operation split
  /// (`Parallelism.withThreadCount(splittingEverything:)`).
  static func run(_ name: String, threads: Int? = nil) throws -> LessonRun {
    let url = directory.appendingPathComponent(name + ".grad")
    let text = try String(contentsOf: url, encoding: .utf8)
    let source = SourceFile(name: "lessons/\(name).grad", text: text)
    let sink = LessonSink()
    var result: LessonRun?
    LargeStack.run {
      func runLesson() {
        do {
          let interpreter = try Interpreter(output: sink)
          // As `gradus run` does for a lesson: `data/…` is in the lessons folder.
          interpreter.fileDirectory = directory.path
          let outcome = Pipeline.run(source, in: interpreter)
          result = LessonRun(
            outcome: outcome, output: sink.text, interpreter: interpreter, failure: nil)
        } catch {
          result = LessonRun(
            outcome: .success, output: sink.text, interpreter: nil,
            failure: "the interpreter could not start: \(error)")
        }
      }
      if let threads {
        Parallelism.withThreadCount(threads, splittingEverything: true, runLesson)
      } else {
        runLesson()
      }
    }
    guard let result else { throw LessonError.didNotRun(name) }
    return result
  }
}

enum LessonError: Error, CustomStringConvertible {
  case didNotRun(String)

  var description: String {
    switch self {
    case .didNotRun(let name): return "lesson \(name) did not run"
    }
  }
}
