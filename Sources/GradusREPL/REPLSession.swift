import GradusLanguage
import GradusNotebook
import GradusPictures
import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// One notebook session: the interpreter, the numbered cells, and what `_`, `Out`, `:history`
/// and `:save` need. It handles one complete input at a time (the line reading, continuation
/// lines and signals belong to `REPL`), so tests can drive it directly.
///
/// `_` is the last value shown; `Out` is a list indexed by cell number (`Out[3]` is the value
/// cell 3 showed, `none` for cells that showed nothing). Both are ordinary names, rebound after
/// each cell that shows a value.
public final class REPLSession {
  /// How a cell ended.
  public enum Status: Equatable, Sendable {
    case succeeded
    case failed
    case interrupted
    /// `:quit`.
    case quit
  }

  public let interpreter: Interpreter
  let console: Console
  let style: ConsoleStyle
  let sink: SessionSink
  /// The number the next cell gets.
  public private(set) var cellNumber = 1
  /// Every numbered input of this session, for `:history`.
  private(set) var inputs: [(number: Int, text: String)] = []
  /// The code of the cells that ran without error, for `:save`.
  var savedCells: [SavedCell] = []
  /// `Out`, the list `Out[n]` indexes; index 0 is unused so that cell numbers index it. One
  /// list that grows, as IPython's `Out` is one dictionary: rebuilding it for every cell made
  /// a long session quadratic.
  private var outputs = ListBox([.none])
  /// `:trace on`: every cell prints its elementary operations.
  var tracing = false
  /// The prelude's declarations, parsed on the first `:help` or `:source`.
  var preludeCache: Declarations?
  /// Where the input being run starts in a script (see `submit`).
  private var scriptLine: Int?
  /// On a terminal, which echoes `^C` where the cursor is: messages then start a new line.
  public var interactive = false
  /// Where `:lesson` reads keys between cells and lines while exploring; nil (piped input) runs
  /// lessons straight through.
  public var keyboard: (any LessonKeyboard)?
  /// Where `:lesson` remembers how far the learner got; nil (tests, piped input) keeps nothing.
  public var lessonProgress: LessonProgressStore?
  /// Where `:exercise` and `:check` remember started and solved exercises; nil keeps nothing.
  public var exerciseProgress: ExerciseProgressStore?
  /// The exercise `:exercise` started, which `:check`, `:hint` and `:solution` are about.
  var currentExercise: Exercise?
  /// How many of its hints `:hint` has shown.
  var hintsShown = 0
  /// The language of lessons, exercises and `:help` (`:lang zh`); diagnostics stay English.
  public var language: Language = .english
  /// Whether inputs take cell numbers and are remembered by `_`, `Out`, `:history` and
  /// `:save`. A Jupyter cell sent with `store_history: false` (or `silent`) is not: it runs
  /// under the number the next cell gets and leaves the session's record alone.
  public var storesHistory = true

  /// `pictureOptions` says how to draw pictures (`plot`, `graph`, …): the REPL detects the
  /// terminal's; tests get plain ASCII.
  public init(
    console: Console, style: ConsoleStyle = ConsoleStyle(),
    interrupt: InterruptFlag = InterruptFlag(),
    pictureOptions: @escaping () -> RenderOptions = { .plain }
  ) throws {
    self.console = console
    self.style = style
    sink = SessionSink(console: console, style: style, pictureOptions: pictureOptions)
    interpreter = try Interpreter(output: sink, interrupt: interrupt)
  }

  /// Runs one complete input: Gradus code (one or more lines) or a `:command`.
  /// Blank input and input that is only comments take no cell number.
  ///
  /// `line`, for a script piped in without prompts, is where the input starts in it: errors
  /// then point at `<stdin>:LINE` rather than at a cell number the script never shows.
  @discardableResult
  public func submit(_ text: String, line: Int? = nil) -> Status {
    scriptLine = line
    let trimmed = text.trimmingWhitespace()
    if trimmed.isEmpty { return .succeeded }
    if trimmed.hasPrefix(":") {
      let number = takeNumber(for: trimmed)
      return MetaCommands.run(trimmed, number: number, in: self)
    }
    if let hint = Self.leavingHints[trimmed], interpreter.value(of: trimmed) == nil {
      console.write(hint + "\n")
      return .succeeded
    }
    if Pipeline.isBlank(text) { return .succeeded }
    return runCell(text, number: takeNumber(for: text))
  }

  /// Words from Python and IPython a learner may type to leave or ask for help.
  private static let leavingHints = [
    "exit": "use :quit or Ctrl-D to leave", "quit": "use :quit or Ctrl-D to leave",
    "exit()": "use :quit or Ctrl-D to leave", "quit()": "use :quit or Ctrl-D to leave",
    "help": "type :help for the commands, :help NAME for a function or model",
  ]

  private func takeNumber(for text: String) -> Int {
    let number = cellNumber
    guard storesHistory else { return number }
    cellNumber += 1
    inputs.append((number, text))
    return number
  }

  /// Runs Gradus code as cell `number` through the cell runner (`Pipeline`), reports how it
  /// ended, then rebinds `_` and `Out`. `traced` prints every elementary operation (`:explain`).
  func runCell(_ code: String, number: Int, traced: Bool = false) -> Status {
    let source = cellSource(code, number: number)
    sink.startCell(number)
    // Rows of a tensor wrap at 80 columns, or sooner in a narrower window.
    interpreter.format.lineWidth = Swift.min(80, sink.pictureOptions().width)
    let outcome =
      traced || tracing
      ? interpreter.withForwardTrace { Pipeline.run(source, in: interpreter) }
      : Pipeline.run(source, in: interpreter)
    if storesHistory, let value = sink.lastShown { remember(value, as: number) }
    let status = report(outcome)
    if status == .succeeded && storesHistory {
      savedCells.append(SavedCell(code, number: number, showedValue: sink.lastShown != nil))
    }
    return status
  }

  /// The source a cell's spans point into; in a script, numbered as the script's lines.
  func cellSource(_ code: String, number: Int) -> SourceFile {
    Self.cellSource(code, number: number, scriptLine: scriptLine)
  }

  static func cellSource(_ code: String, number: Int, scriptLine: Int?) -> SourceFile {
    guard let scriptLine else { return SourceFile(name: "In [\(number)]", text: code) }
    return SourceFile(name: "<stdin>", text: code, firstLine: scriptLine)
  }

  /// Shows what went wrong, if anything, as the cell runner renders it for a session.
  func report(_ outcome: Pipeline.Outcome) -> Status {
    let status: Status
    switch outcome {
    case .success: return .succeeded
    case .interrupted: status = .interrupted
    case .syntaxErrors, .runtimeError, .internalError: status = .failed
    }
    // On a terminal the `^C` echoed where the cursor was: the message starts a new line.
    let newline = interactive && status == .interrupted ? "\n" : ""
    console.writeError(newline + outcome.rendered(style: style.diagnosticStyle, session: true))
    return status
  }

  /// Binds `_` and `Out[number]`.
  private func remember(_ value: Value, as number: Int) {
    // A cell that shows `Out` itself (or a list holding it) keeps a copy: a list may not
    // contain itself.
    let kept = outputs.isReachable(from: value) ? Value.list(ListBox(outputs.items)) : value
    while outputs.items.count <= number { outputs.items.append(.none) }
    outputs.items[number] = kept
    interpreter.define("_", value)
    interpreter.define("Out", .list(outputs))
  }

  /// Forgets every name, `Out`, the saved cells and the seed (`:reset`); the cell numbers and
  /// the history go on.
  func reset() {
    interpreter.reset()
    interpreter.reseed(0)
    outputs = ListBox([.none])
    savedCells = []
  }

  /// Names the user defined, without the session's own `_` and `Out`.
  var userNames: [String] {
    interpreter.userNames.filter { $0 != "_" && $0 != "Out" }
  }

  /// Reports a problem with a command (not with Gradus code, which gets a full diagnostic).
  func fail(_ message: String, help: String? = nil) -> Status {
    console.writeError("error: \(message)\n" + (help.map { "  = help: \($0)\n" } ?? ""))
    return .failed
  }
}
