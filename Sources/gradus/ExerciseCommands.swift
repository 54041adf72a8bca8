import ArgumentParser
import GradusLanguage
import GradusNotebook
import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// `gradus exercises`: every exercise with its kind and the learner's progress.
struct Exercises: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the exercises with your progress (--paths: id, starter, solution).")

  @Flag(help: "One line per exercise: its id, starter path and solution path, tab-separated.")
  var paths = false

  @OptionGroup var language: LanguageOption

  func run() throws {
    let catalog = try ExerciseCommand.catalog(language.language)
    if paths {
      Terminal.writeOut(catalog.paths)
      return
    }
    Terminal.writeOut(catalog.listing(progress: ExerciseProgressStore.standard?.load() ?? [:]))
    Terminal.writeOut(Localized(language.language).startOne(with: "gradus exercise") + "\n")
  }
}

/// `gradus exercise ID [--check [FILE]] [--watch]`.
struct ExerciseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "exercise",
    abstract: "Start an exercise (writes its starter into a workspace folder) or check your file.",
    discussion: """
      Exit status with --check: 0 when solved, 1 when not yet, 2 on usage errors.
      --watch checks again each time the file is saved and stops once it is solved.
      """)

  @ArgumentParser.Argument(help: "The exercise's id (see `gradus exercises`), e.g. 3.1.")
  var id: String
  @ArgumentParser.Argument(
    help: "With --check or --watch: the file to check (default: yours in the workspace).")
  var file: String?
  @Flag(help: "Check the file: exit 0 when solved, 1 when not.") var check = false
  @Flag(help: "Check the file again every time it is saved.") var watch = false
  @Option(help: "The folder for your exercise files.") var workspace = "gradus-exercises"
  @OptionGroup var language: LanguageOption

  static func catalog(_ language: Language) throws -> ExerciseCatalog {
    let catalog = ExerciseCatalog(language: language)
    guard !catalog.exercises.isEmpty else {
      Terminal.writeError(
        "error: no exercises found; set GRADUS_EXERCISES to the exercises/ folder\n")
      throw ExitCode(2)
    }
    return catalog
  }

  func run() throws {
    let catalog = try Self.catalog(language.language)
    guard let exercise = catalog.find(id) else {
      Terminal.writeError("error: no exercise `\(id)`; \(catalog.hint(for: id))\n")
      throw ExitCode(2)
    }
    let path = file ?? workspace + "/" + exercise.workspaceFileName
    if watch {
      try ExerciseWatch(exercise: exercise, path: path).run()
    } else if check {
      if !checkOnce(exercise, path: path) { throw ExitCode(1) }
    } else {
      guard file == nil else {
        Terminal.writeError("error: a FILE goes with --check or --watch\n")
        throw ExitCode(2)
      }
      try start(exercise, at: path)
    }
  }

  /// Shows the statement and writes the starter, unless the learner's file is already there.
  func start(_ exercise: Exercise, at path: String) throws {
    let io = TextStepperIO(
      keyboard: nil, style: Terminal.diagnosticStyle, language: exercise.language,
      write: Terminal.writeOut, writeError: Terminal.writeError)
    // The statement goes through the lesson reader's prose hook, so it renders as prose does.
    io.showProse(exercise.statement)
    let words = Localized(exercise.language)
    if FileBytes.text(path) != nil {
      Terminal.writeOut("\n" + words.fileKept(path) + "\n")
    } else {
      StateDirectory.makeDirectory(parentOf: path, mode: 0o755)
      let header = words.starterHeader(exercise.id, exercise.title, path) + "\n\n"
      if let problem = AtomicFile.write(Array((header + exercise.starter).utf8), to: path) {
        Terminal.writeError("error: could not write \(path): \(problem)\n")
        throw ExitCode(2)
      }
      Terminal.writeOut("\n" + words.wroteStarter(path) + "\n")
    }
    Terminal.writeOut(words.checkIt(exercise.id, path) + "\n")
    ExerciseProgressStore.standard?.record(.started, for: exercise.id)
  }
}

/// Checks `path` and prints the report; records a solved exercise. Exits with status 2 when the
/// file cannot be read.
func checkOnce(_ exercise: Exercise, path: String) -> Bool {
  let source: SourceFile
  switch Terminal.readSource(path) {
  case .success(let s): source = s
  case .failure(let failure):
    Terminal.writeError("error: \(failure)\n")
    exit(2)
  }
  var report: ExerciseReport?
  LargeStack.run { report = ExerciseChecker.check(exercise, file: source) }
  guard let report else { return false }
  Terminal.writeOut(report.rendered())
  if report.solved {
    ExerciseProgressStore.standard?.record(.solved, for: exercise.id)
  } else if let next = exercise.hints.first {
    Terminal.writeOut(Localized(exercise.language).stuck(next) + "\n")
  }
  return report.solved
}

/// `--watch`: checks the file, then again each time its modification time changes, as
/// Rustlings does; stops when the exercise is solved (or on Ctrl-C).
struct ExerciseWatch {
  let exercise: Exercise
  let path: String

  func run() throws {
    var seen: timespec?
    Terminal.writeOut(Localized(exercise.language).watching(path) + "\n")
    while true {
      let now = modified()
      if let now, seen == nil || now.tv_sec != seen!.tv_sec || now.tv_nsec != seen!.tv_nsec {
        seen = now
        if checkOnce(exercise, path: path) { return }
        Terminal.writeOut("\n" + Localized(exercise.language).waitingForSave + "\n")
      }
      usleep(200_000)
    }
  }

  func modified() -> timespec? {
    var info = stat()
    return stat(path, &info) == 0 ? info.st_mtim : nil
  }
}
