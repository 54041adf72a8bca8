import GradusLanguage
import GradusRuntime

/// What the learner pressed between two cells.
public enum StepKey: Sendable {
  case next
  case back
  case rerun
  case explore
  case quit
}

/// Where the learner is, for the line shown at each pause: "cell 7 of 42 · Lesson 11 — …".
public struct StepPosition: Sendable, Equatable {
  public let cell: Int
  public let total: Int
  public let title: String
  /// True when the cell's output is shown again as recorded (after `b`), not from a new run.
  public let replayed: Bool
  /// The language of the lesson, which the line is written in.
  public var language: Language = .english

  public var line: String {
    Localized(language).position(cell: cell, of: total, title: title, replayed: replayed)
  }
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
  /// A line from the reader itself: what a key did, where the lesson goes next.
  func showNote(_ text: String)
  /// Waits for a key at a pause; nil means input ended (treated as quit).
  func readKey(at position: StepPosition) -> StepKey?
  /// Asks `question`, answered by one of `keys` ("\n" is Enter); nil when the learner gives up
  /// (Ctrl-C, Ctrl-D, end of input).
  func choose(_ question: String, keys: [Character]) -> Character?
  /// A REPL on the lesson's interpreter until the learner types `:continue`.
  func explore(_ interpreter: Interpreter)
}

/// Steps through a lesson one stop at a time: a stop is a code cell with the prose before it.
/// Each stop's output is recorded, so `b` shows an earlier stop again without running it. Without
/// a terminal (`interactive: false`) it runs straight through.
public final class LessonStepper {
  /// How a run ended.
  public enum Outcome: Sendable, Equatable {
    /// Past the last cell (or run straight through); `succeeded` is false if a cell failed.
    case finished(succeeded: Bool)
    /// The learner quit (or input ended) at a pause.
    case quit(succeeded: Bool)
    /// The file could not be read or parsed.
    case unreadable

    public var succeeded: Bool {
      switch self {
      case .finished(let ok), .quit(let ok): return ok
      case .unreadable: return false
      }
    }
  }

  let lesson: Lesson
  let interpreter: Interpreter
  /// The interpreter's output sink: records each stop's output for `b`.
  let recorder: RecordingSink
  // Held strongly: callers make the IO just to hand it over, and an unowned reference would
  // let it be freed after its last use in the caller, before `run`.
  let io: any LessonStepperIO
  let style: DiagnosticRenderer.Style
  /// Where the furthest stop reached is written at each pause; nil keeps no progress.
  let progress: LessonProgressStore?

  /// `interpreter` must write its output to `recorder`.
  public init(
    lesson: Lesson, interpreter: Interpreter, recorder: RecordingSink, io: any LessonStepperIO,
    style: DiagnosticRenderer.Style, progress: LessonProgressStore? = nil
  ) {
    self.lesson = lesson
    self.interpreter = interpreter
    self.recorder = recorder
    self.io = io
    self.style = style
    self.progress = progress
  }

  /// One code cell and the prose that leads to it.
  struct Stop {
    let prose: [String]
    let code: String
    let statements: [Stmt]
  }

  /// What a stop showed when it last ran, and the error it stopped with.
  struct Recording {
    let outputs: [CellOutput]
    let error: String?
  }

  /// The lesson's stops, and the prose after the last code cell; nil (after showing why) if the
  /// file cannot be read or parsed.
  func stops() -> (stops: [Stop], epilogue: [String], source: SourceFile)? {
    guard let text = LessonCatalog.readText(lesson.path) else {
      io.showError("error: cannot read \(lesson.path)\n")
      return nil
    }
    let source = SourceFile(name: lesson.path, text: text)
    let program: Program
    switch Pipeline.parse(source) {
    case .program(let parsed): program = parsed
    case .syntaxErrors(let diagnostics, _):
      io.showError(Pipeline.Outcome.syntaxErrors(diagnostics, source).rendered(style: style))
      return nil
    }
    var stops: [Stop] = []
    var prose: [String] = []
    for cell in program.cells {
      switch cell {
      case .prose(let markdown, _): prose.append(markdown)
      case .code(let statements, let span):
        let code = source.text(of: span).trimmingTrailingNewlines()
        stops.append(Stop(prose: prose, code: code, statements: statements))
        prose = []
      }
    }
    return (stops, prose, source)
  }

  /// Runs the lesson. With `resumingAt` n > 1, stops 1 to n−1 run first without showing their
  /// output (it is recorded, so `b` can still show it), to rebuild the state stop n needs.
  public func run(interactive: Bool, resumingAt resume: Int = 1) -> Outcome {
    guard let (stops, epilogue, source) = stops() else { return .unreadable }
    var succeeded = true
    guard interactive else {
      for stop in stops {
        if present(stop, source: source).error != nil { succeeded = false }
      }
      epilogue.forEach(io.showProse)
      return .finished(succeeded: succeeded)
    }
    var recordings = rebuildState(before: min(max(resume, 1), stops.count), stops, source)
    var current = recordings.count
    var replayed = false
    if !stops.isEmpty {
      recordings.append(present(stops[current], source: source))
    }
    steps: while current < stops.count {
      if recordings[current].error != nil { succeeded = false }
      save(LessonProgress(reached: recordings.count, total: stops.count, finished: false))
      let position = StepPosition(
        cell: current + 1, total: stops.count, title: lesson.title, replayed: replayed,
        language: lesson.language)
      switch waitForKey(at: position) {
      case .next:
        current += 1
        replayed = current < recordings.count
        if current == stops.count { break steps }
        if replayed {
          replay(stops[current], recordings[current])
        } else {
          recordings.append(present(stops[current], source: source))
        }
      case .back:
        guard current > 0 else {
          io.showNote(Localized(lesson.language).firstCell)
          continue
        }
        current -= 1
        replayed = true
        replay(stops[current], recordings[current])
      case .rerun:
        replayed = false
        io.showCode(stops[current].code)
        recordings[current] = record(stops[current], source: source)
      case .quit:
        return .quit(succeeded: succeeded)
      }
    }
    epilogue.forEach(io.showProse)
    save(LessonProgress(reached: stops.count, total: stops.count, finished: true))
    return .finished(succeeded: succeeded)
  }

  /// Runs the stops before `stop` (counted from 1) without showing their output, so that
  /// resuming there finds the names the earlier cells made; their recordings are returned.
  private func rebuildState(before stop: Int, _ stops: [Stop], _ source: SourceFile)
    -> [Recording]
  {
    guard stop > 1 else { return [] }
    io.showNote(Localized(lesson.language).rebuilding(upTo: stop - 1))
    recorder.forwarding = false
    defer { recorder.forwarding = true }
    return stops[..<(stop - 1)].map { record($0, source: source) }
  }

  private enum Decision { case next, back, rerun, quit }

  /// Reads keys until the learner moves; exploring returns here afterwards.
  private func waitForKey(at position: StepPosition) -> Decision {
    while true {
      switch io.readKey(at: position) {
      case .next: return .next
      case .back: return .back
      case .rerun: return .rerun
      case .explore: io.explore(interpreter)
      case .quit, nil: return .quit
      }
    }
  }

  /// Shows a stop's prose and code, then runs it (its output shows as it comes).
  private func present(_ stop: Stop, source: SourceFile) -> Recording {
    stop.prose.forEach(io.showProse)
    io.showCode(stop.code)
    return record(stop, source: source)
  }

  /// Runs a stop's code, recording what it shows.
  private func record(_ stop: Stop, source: SourceFile) -> Recording {
    let run = NotebookRunner(interpreter: interpreter, recorder: recorder).run(
      stop.statements, source: source)
    // The lesson's names outlive the cell, as in the REPL: the learner may go on or explore.
    let error = run.failure?.rendered(style: style, session: true)
    if let error { io.showError(error) }
    return Recording(outputs: run.outputs, error: error)
  }

  /// Shows a stop again as it ran, without running it.
  private func replay(_ stop: Stop, _ recording: Recording) {
    stop.prose.forEach(io.showProse)
    io.showCode(stop.code)
    recorder.replay(recording.outputs)
    if let error = recording.error { io.showError(error) }
  }

  private var warnedAboutProgress = false

  private func save(_ entry: LessonProgress) {
    guard let progress, let problem = progress.record(entry, for: lesson.name) else { return }
    guard !warnedAboutProgress else { return }
    warnedAboutProgress = true
    io.showError("warning: cannot remember your progress in \(progress.path): \(problem)\n")
  }
}

extension String {
  func trimmingTrailingNewlines() -> String {
    var s = Substring(self)
    while let last = s.last, last == "\n" || last == " " { s = s.dropLast() }
    return String(s)
  }
}
