import GradusLanguage
import GradusNotebook
import GradusRuntime

/// `:exercise ID`, `:check`, `:hint`, `:solution`: an exercise worked in the session itself.
extension REPLSession {
  /// Shows the statement and runs the starter here, so its definitions are the session's.
  func startExercise(_ id: String) -> Status {
    let catalog = ExerciseCatalog(language: language)
    guard !catalog.exercises.isEmpty else {
      return fail("no exercises found", help: "set GRADUS_EXERCISES to the exercises/ folder")
    }
    guard !id.isEmpty else {
      console.write(
        catalog.listing(progress: exerciseProgress?.load() ?? [:])
          + Localized(language).startOne(with: ":exercise") + "\n")
      return .succeeded
    }
    guard let exercise = catalog.find(id) else {
      return fail("no exercise `\(id)`; " + catalog.hint(for: id))
    }
    // Statements go through the reader's prose hook, so they render as lesson prose does.
    let io = TextStepperIO(
      keyboard: nil, style: style.diagnosticStyle, language: language, write: console.write,
      writeError: console.writeError)
    io.showProse(exercise.statement)
    currentExercise = exercise
    hintsShown = 0
    exerciseProgress?.record(.started, for: exercise.id)
    sink.startCell(nil)
    let outcome = Pipeline.run(
      SourceFile(name: exercise.starterPath, text: exercise.starter), in: interpreter)
    let status = report(outcome)
    if status == .succeeded {
      savedCells.append(SavedCell("# starter of exercise \(exercise.id)\n" + exercise.starter))
    }
    let words = Localized(exercise.language)
    console.write(
      "\n" + words.starterNamesDefined + "\n" + exercise.starter.indentedForDisplay() + "\n"
        + words.workInSession + "\n")
    return status
  }

  /// Checks the session's names against the exercise's check.
  func checkExercise() -> Status {
    guard let exercise = currentExercise else {
      return fail("no exercise started", help: ":exercise ID starts one; :exercise lists them")
    }
    sink.startCell(nil)
    let report = ExerciseChecker.check(exercise, in: interpreter)
    console.write(report.rendered())
    if report.solved {
      exerciseProgress?.record(.solved, for: exercise.id)
      return .succeeded
    }
    if hintsShown < exercise.hints.count {
      console.write(Localized(exercise.language).hintAvailable + "\n")
    }
    return .failed
  }

  /// The next hint, one at a time.
  func nextHint() -> Status {
    guard let exercise = currentExercise else {
      return fail("no exercise started", help: ":exercise ID starts one")
    }
    let hints = exercise.hints
    guard hintsShown < hints.count else {
      console.write(Localized(exercise.language).noMoreHints + "\n")
      return .succeeded
    }
    hintsShown += 1
    console.write(
      Localized(exercise.language).hint(hintsShown, of: hints.count, hints[hintsShown - 1]) + "\n")
    return .succeeded
  }

  /// The reference solution, after the learner confirms (`:solution yes` confirms at once).
  func showSolution(_ argument: String) -> Status {
    guard let exercise = currentExercise else {
      return fail("no exercise started", help: ":exercise ID starts one")
    }
    var confirmed = argument == "yes"
    if !confirmed, let keyboard {
      let answer = keyboard.readLine(prompt: Localized(exercise.language).showSolutionQuestion)
      confirmed = answer.map { $0.lowercased().hasPrefix("y") } ?? false
    }
    guard confirmed else {
      if keyboard == nil {
        return fail("not shown", help: "`:solution yes` shows the reference solution")
      }
      console.write(Localized(exercise.language).solutionNotShown + "\n")
      return .succeeded
    }
    console.write(exercise.solution.indentedForDisplay())
    return .succeeded
  }
}

extension String {
  /// Each line behind the gutter code is shown with.
  fileprivate func indentedForDisplay() -> String {
    // Blank lines inside stay; the file's final newline does not make an empty last line.
    String(reversed().drop { $0 == "\n" }.reversed())
      .split(separator: "\n", omittingEmptySubsequences: false).map { "  │ " + $0 }
      .joined(separator: "\n") + "\n"
  }
}
