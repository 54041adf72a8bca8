import GradusLanguage
import GradusPictures
import GradusRuntime

/// What checking an exercise found.
public struct ExerciseReport {
  public let exercise: Exercise
  /// One result per `expect` of the check, or one failure when the code could not run.
  public let results: [CheckResult]

  public var solved: Bool { !results.isEmpty && results.allSatisfy(\.passed) }

  /// `✓`/`✗` per expectation, with expected and got, the likely mistake and the lesson cell.
  /// In the exercise's language: the check's own sentences through its `feedback`; the
  /// generic comparisons (expected and got, shapes) stay in English, as diagnostics do.
  public func rendered() -> String {
    let words = Localized(exercise.language)
    let feedback = exercise.feedback
    var text = words.exerciseHeading(exercise.id, exercise.title, solved: solved) + "\n"
    for result in results {
      text += "  \(result.passed ? "✓" : "✗") \(result.what)\n"
      for line in result.lines { text += "      \(feedback[line] ?? line)\n" }
      if !result.passed, let cell = result.cell {
        text += "      " + words.lessonTeaches(exercise.lessonNumber, cell: feedback[cell] ?? cell)
        text += "\n"
      }
    }
    return text
  }
}

/// Runs an exercise's check: the reference solution and the check in an interpreter of their
/// own (recording the expected values), then the check after the learner's code.
public enum ExerciseChecker {
  /// Checks a learner's file, run from the start in a fresh interpreter. What the file prints
  /// goes to `output`.
  public static func check(
    _ exercise: Exercise, file source: SourceFile, output: OutputSink = DiscardingSink(),
    reference: CheckSession? = nil
  ) -> ExerciseReport {
    let learner: Interpreter
    do {
      learner = try Interpreter(output: output)
    } catch {
      return failure(exercise, "the prelude failed to load: \(error)")
    }
    let outcome = Pipeline.run(source, in: learner)
    guard outcome.succeeded else {
      return failure(exercise, "your code stopped before the check:\n" + indented(outcome))
    }
    return check(exercise, in: learner, reference: reference)
  }

  /// Checks the names of a live session (the REPL's `:check`), which keeps them. Check files
  /// that need random numbers call `seed(n)` first, so the session's generator does not matter.
  /// `reference`, when given, is the result of `recordReference` for this exercise: checking
  /// many variants (the mutation test) records the reference once.
  public static func check(
    _ exercise: Exercise, in learner: Interpreter, reference: CheckSession? = nil
  ) -> ExerciseReport {
    let session: CheckSession
    if let reference {
      session = reference
    } else {
      switch recordReference(exercise) {
      case .success(let recorded): session = recorded
      case .failure(let problem): return failure(exercise, problem.text)
      }
    }
    session.startComparing()
    learner.checkSession = session
    defer { learner.checkSession = nil }
    let outcome = Pipeline.run(
      SourceFile(name: exercise.checkPath, text: exercise.check), in: learner)
    if !outcome.succeeded {
      session.addFailure("the check", ["it stopped:\n" + indented(outcome)])
    }
    return ExerciseReport(exercise: exercise, results: session.results)
  }

  public struct Problem: Error { public let text: String }

  /// Runs the reference solution, then the check over it, keeping the expected values.
  public static func recordReference(_ exercise: Exercise) -> Result<CheckSession, Problem> {
    guard let reference = try? Interpreter(output: DiscardingSink()) else {
      return .failure(Problem(text: "the prelude failed to load"))
    }
    let solution = Pipeline.run(
      SourceFile(name: exercise.solutionPath, text: exercise.solution), in: reference)
    guard solution.succeeded else {
      return .failure(
        Problem(text: "the exercise is broken: its solution fails\n" + indented(solution)))
    }
    let session = CheckSession()
    reference.checkSession = session
    let check = Pipeline.run(
      SourceFile(name: exercise.checkPath, text: exercise.check), in: reference)
    guard check.succeeded, session.referenceProblems.isEmpty else {
      let why =
        check.succeeded ? session.referenceProblems.joined(separator: "\n") : indented(check)
      return .failure(Problem(text: "the exercise is broken: its check fails the solution\n" + why))
    }
    return .success(session)
  }

  static func failure(_ exercise: Exercise, _ text: String) -> ExerciseReport {
    let session = CheckSession()
    session.addFailure("your code", [text])
    return ExerciseReport(exercise: exercise, results: session.results)
  }

  static func indented(_ outcome: Pipeline.Outcome) -> String {
    outcome.rendered(style: .plain).split(separator: "\n", omittingEmptySubsequences: false)
      .map { "  " + $0 }.joined(separator: "\n")
  }
}

/// Output nobody reads: the reference solution's prints.
public final class DiscardingSink: OutputSink {
  public init() {}
  public func write(_ text: String) {}
  public func show(_ value: Value, formatted: String) {}
  public func picture(_ picture: Picture) {}
}
