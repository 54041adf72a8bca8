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

  @OptionGroup var language: LanguageOption

  func run() throws {
    let catalog = LessonCatalog(language: language.language)
    guard !catalog.lessons.isEmpty else {
      Terminal.writeError("error: no lessons found; set GRADUS_LESSONS to the lessons/ folder\n")
      throw ExitCode(1)
    }
    let exercises = ExerciseCatalog(language: language.language).lessonSummaries(
      progress: ExerciseProgressStore.standard?.load() ?? [:])
    Terminal.writeOut(
      catalog.listing(
        progress: LessonProgressStore.standard?.load() ?? [:], exercises: exercises))
    Terminal.writeOut(
      "\n" + Localized(language.language).stepThroughOne(with: "gradus lesson") + "\n")
  }
}

/// `gradus lesson NAME|NUMBER`: steps through a lesson cell by cell.
struct LessonCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lesson",
    abstract: "Step through a lesson: Enter next, b back, r rerun, e explore, q quit, ? keys.")

  @ArgumentParser.Argument(help: "The lesson's number or name (see `gradus lessons`).")
  var lesson: String

  @Option(help: "Width of the prose in columns (default: the terminal's; 80 on a pipe).")
  var width: Int?

  @OptionGroup var language: LanguageOption

  func run() throws {
    let language = language.language
    let catalog = LessonCatalog(language: language)
    guard let found = catalog.find(lesson) else {
      let hint = catalog.hint(for: lesson, listedBy: "gradus lessons")
      Terminal.writeError("error: no lesson `\(lesson)`; \(hint)\n")
      throw ExitCode(1)
    }
    let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
    var succeeded = false
    LargeStack.run {
      // One width for everything: prose, code, printed lines, tensors and pictures.
      let prose = Terminal.prose(width: width)
      let io = TextStepperIO(
        keyboard: interactive ? TerminalKeyboard(writePrompt: Terminal.writeOut) : nil,
        style: Terminal.diagnosticStyle, prose: prose, language: language,
        write: Terminal.writeOut, writeError: Terminal.writeError)
      let reader = LessonReader(
        catalog: catalog, io: io, style: Terminal.diagnosticStyle,
        progress: LessonProgressStore.standard,
        output: StandardOutputSink(pictureColumns: prose.columns), outputColumns: prose.columns,
        makeInterpreter: { try Interpreter(output: $0) })
      succeeded = reader.read(found, interactive: interactive)
    }
    if !succeeded { throw ExitCode(1) }
  }
}
