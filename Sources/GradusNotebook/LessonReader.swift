import GradusLanguage
import GradusRuntime

/// Reading lessons the way a learner does, for `gradus lesson` and the REPL's `:lesson`: offers
/// to continue where they stopped last time, steps through, and at the end offers the next
/// lesson. Each lesson runs in a fresh interpreter.
public final class LessonReader {
  let catalog: LessonCatalog
  /// The exercises offered at the end of each lesson ("Your turn").
  let exercises: ExerciseCatalog
  let io: any LessonStepperIO
  let style: DiagnosticRenderer.Style
  let progress: LessonProgressStore?
  /// Where the lessons' interpreters show values and pictures.
  let output: any OutputSink
  /// The width the lessons' output must fit, the prose's: printed lines wider than it are
  /// broken (`WidthFittingSink`), tensor rows wrap at it (or at 80 if it is wider, as PyTorch
  /// does). `output` must draw pictures at this width.
  let outputColumns: Int
  /// A fresh interpreter writing to the given sink.
  let makeInterpreter: (any OutputSink) throws -> Interpreter

  public init(
    catalog: LessonCatalog, io: any LessonStepperIO, style: DiagnosticRenderer.Style,
    progress: LessonProgressStore?, output: any OutputSink, outputColumns: Int = 80,
    exercises: ExerciseCatalog = ExerciseCatalog(),
    makeInterpreter: @escaping (any OutputSink) throws -> Interpreter
  ) {
    self.catalog = catalog
    self.exercises = exercises
    self.io = io
    self.style = style
    self.progress = progress
    self.output = output
    self.outputColumns = outputColumns
    self.makeInterpreter = makeInterpreter
  }

  /// Reads `first` and whichever lessons the learner goes on to; false if a cell failed or a
  /// lesson could not start.
  public func read(_ first: Lesson, interactive: Bool) -> Bool {
    var lesson = first
    var succeeded = true
    while true {
      let recorder = RecordingSink(
        forwardingTo: WidthFittingSink(columns: outputColumns, forwardingTo: output))
      let interpreter: Interpreter
      do {
        interpreter = try makeInterpreter(recorder)
      } catch {
        io.showError("error: the prelude failed to load: \(error)\n")
        return false
      }
      interpreter.format.lineWidth = min(80, outputColumns)
      interpreter.fileDirectory = catalog.filesFolder(forFile: lesson.path)
      let stepper = LessonStepper(
        lesson: lesson, interpreter: interpreter, recorder: recorder, io: io, style: style,
        progress: interactive ? progress : nil)
      guard interactive else { return stepper.run(interactive: false).succeeded }
      guard let start = startingCell(of: lesson) else { return succeeded }
      let outcome = stepper.run(interactive: true, resumingAt: start)
      succeeded = succeeded && outcome.succeeded
      guard case .finished = outcome else { return succeeded }
      let text = Localized(lesson.language)
      if let turn = exercises.yourTurn(after: lesson.name, in: lesson.language) {
        io.showProse(turn)
      }
      guard let next = catalog.lessons.first(where: { $0.number > lesson.number }) else {
        io.showNote(text.endOfLastLesson(lesson.title))
        return succeeded
      }
      io.showNote(text.endOfLesson(lesson.title, next: next.title))
      guard io.choose(text.startNextQuestion, keys: ["\n", "q"]) == "\n" else {
        return succeeded
      }
      lesson = next
    }
  }

  /// The cell to start at: 1, or where the learner stopped last time if they choose to
  /// continue there; nil if they quit instead. A lesson finished last time starts again from
  /// the top, and says so.
  func startingCell(of lesson: Lesson) -> Int? {
    guard let entry = progress?.load()[lesson.name] else { return 1 }
    let text = Localized(lesson.language)
    let finished = text.finishedLesson(on: entry.finishedOn)
    // Stopped part-way through a second reading, the offer to continue still stands.
    let stoppedPartWay = entry.reached > 1 && !(entry.finished && entry.reached >= entry.total)
    guard stoppedPartWay else {
      if entry.finished { io.showNote(finished + text.startingAgain) }
      return 1
    }
    io.showNote(
      (entry.finished ? finished + text.sentenceEnd : "")
        + text.stoppedLastTime(lesson.title, at: entry.reached, of: entry.total))
    switch io.choose(text.resumeQuestion, keys: ["\n", "s", "q"]) {
    case "\n": return entry.reached
    case "s": return 1
    default: return nil
    }
  }
}
