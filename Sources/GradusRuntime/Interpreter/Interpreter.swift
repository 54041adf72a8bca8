import GradusAutograd
import GradusLanguage
import GradusPictures
import GradusTensor
import Synchronization

/// Where a running program's output goes. The runtime never writes to the terminal itself:
/// the CLI, REPL, lesson runner and tests each provide a sink.
public protocol OutputSink: AnyObject {
  /// Text printed by the program (`print`, traces), already ending in a newline.
  func write(_ text: String)
  /// A bare expression statement's value (the notebook's `Out[n]`).
  func show(_ value: Value, formatted: String)
  /// A picture (`plot`, `heatmap`, …); terminals draw it with characters, exports as SVG.
  func picture(_ picture: Picture)
}

/// Set by a signal handler (Ctrl-C); the evaluator checks it between operations and loop
/// iterations and stops with `Interrupted`.
public final class InterruptFlag: Sendable {
  private let flag = Atomic<Bool>(false)
  public init() {}
  public func raise() { flag.store(true, ordering: .relaxed) }
  public func clear() { flag.store(false, ordering: .relaxed) }
  public var isRaised: Bool { flag.load(ordering: .relaxed) }
}

/// Runs Gradus programs: walks the AST over the autograd engine.
public final class Interpreter {
  public let output: OutputSink
  public let interrupt: InterruptFlag
  /// Builtins and the prelude (`Linear`, `SGD`, …): the parent of the user's top-level frame.
  let preludeScope: Scope
  /// The user's top-level names: a frame whose slots grow as cells define names.
  let globals: Scope
  /// Where the resolver put every name of the code this interpreter has seen (`SlotResolver`).
  var slots = SlotTable()
  /// How values are printed.
  public var format = ValueFormat()
  /// The folder that relative paths in `load`, `load_csv`, `save` and `graph(dot:)` name files
  /// in; nil for the working directory. A lesson sets its lessons folder, so `data/…` is found
  /// from wherever `gradus` was started.
  public var fileDirectory: String?
  /// The seed of the session's default random generator (`:seed N`).
  public private(set) var seed: UInt64 = 0
  var rng = RandomGenerator(seed: 0)
  /// User-function nesting, bounded so deep recursion is an error and not a stack overflow.
  var callDepth = 0
  public var maxCallDepth = 1_000
  /// Calls stop with an error when the stack reaches this address (`LargeStack.floor()`, taken
  /// when a top-level run starts): `maxCallDepth` levels of the deepest nesting the parser
  /// allows need more stack than there is, so the stack itself is checked too.
  var stackFloor: UInt = 0
  /// Loop iterations plus calls allowed per top-level run (unlimited unless a sandbox sets it).
  public var maxSteps = Int.max {
    didSet { stepsLeft = maxSteps }
  }
  var stepsLeft = Int.max
  /// The file whose spans the statement being run points into.
  var source: SourceFile
  /// The prelude's source, for `:source NAME`.
  public let preludeSource: SourceFile
  /// Set inside `detect_anomaly { }`.
  var anomalyDetection = false
  /// The prelude's Gradus definitions of the fused builtins, by name (`bindFusedBuiltins`).
  var preludeDefinitions: [String: Function] = [:]
  /// Set inside `trace_steps { }` (and by tests that compare the two): a fused builtin runs its
  /// prelude definition instead.
  public var runsPreludeSteps = false
  /// Set while an exercise check runs: where `expect` records or compares values.
  public var checkSession: CheckSession?

  public init(output: OutputSink, interrupt: InterruptFlag = InterruptFlag()) throws {
    self.output = output
    self.interrupt = interrupt
    preludeScope = Scope(parent: nil)
    globals = Scope(parent: preludeScope)
    preludeSource = SourceFile(name: "<prelude>", text: Prelude.text)
    source = preludeSource
    Builtins.install(into: preludeScope)
    try loadPrelude()
  }

  /// Functions and models hold the scope they were defined in, which holds them: clearing the
  /// scopes breaks those cycles, so a finished session's values are freed (the fuzzer, which
  /// makes an interpreter per input, ran out of memory without this).
  deinit {
    globals.release()
    preludeScope.release()
  }

  private func loadPrelude() throws {
    let program = try Parser.parse(preludeSource).get()
    resolveSlots(program.statements, root: .prelude)
    try run(program.statements, in: preludeScope, source: preludeSource, showValues: false)
    bindFusedBuiltins()
  }

  /// Restarts the random generator (`:seed N`).
  public func reseed(_ seed: UInt64) {
    self.seed = seed
    rng = RandomGenerator(seed: seed)
  }

  // The entry points below are internal: front ends run code through `Pipeline`, the one cell
  // runner, so that every caller parses, resolves, reports and stops the same way.

  /// Runs statements as one cell at the top level of the session, resolved first.
  func run(_ statements: [Stmt], source: SourceFile, showValues: Bool = true) throws {
    try run(resolve(statements, source: source), showValues: showValues)
  }

  /// Resolves a cell against the session's names as they are now (see `Resolver`); runs nothing.
  func resolve(_ statements: [Stmt], source: SourceFile) -> ResolvedCell {
    resolveSlots(statements, root: .session)
    let resolver = Resolver(
      isBound: { [globals] name in globals.lookup(name) != nil },
      visibleNames: { [globals] in globals.visibleNames })
    return resolver.resolve(statements, source: source)
  }

  /// Runs a resolved cell at the top level of the session. If resolution found an error, the
  /// statements before the one holding it run (names they assign keep their values, as after any
  /// error), and then the error is thrown without that statement starting.
  func run(_ cell: ResolvedCell, showValues: Bool = true) throws {
    guard let failure = cell.failure else {
      return try run(cell.statements, in: globals, source: cell.source, showValues: showValues)
    }
    let runnable = Array(cell.statements[..<failure.statement])
    try run(runnable, in: globals, source: cell.source, showValues: showValues)
    throw failure.error
  }

  func run(_ statements: [Stmt], in scope: Scope, source: SourceFile, showValues: Bool) throws {
    guard callDepth == 0 else {
      return try runStatements(statements, in: scope, source: source, showValues: showValues)
    }
    resetStepBudget()
    stackFloor = LargeStack.floor()
    // Long matrix products and convolutions poll the flag between blocks of their work.
    try EngineInterrupt.polling({ [interrupt] in interrupt.isRaised }) {
      try runStatements(statements, in: scope, source: source, showValues: showValues)
    }
  }

  private func runStatements(
    _ statements: [Stmt], in scope: Scope, source: SourceFile, showValues: Bool
  ) throws {
    let saved = self.source
    self.source = source
    defer { self.source = saved }
    for statement in statements {
      if case .expression(let expr) = statement.kind, showValues {
        let value = try evaluate(expr, in: scope)
        if !value.isNone { output.show(value, formatted: format.display(value)) }
        continue
      }
      switch try execute(statement, in: scope) {
      case .normal: continue
      case .breakLoop, .continueLoop:
        throw error(
          .misplacedStatement, "`break` and `continue` belong inside a loop", at: statement.span)
      case .returnValue:
        throw error(.misplacedStatement, "`return` belongs inside a function", at: statement.span)
      }
    }
  }

  /// Evaluates one expression in the session's scope (`:type`, `:shape`, tests).
  func evaluate(_ expr: Expr, source: SourceFile) throws -> Value {
    if callDepth == 0 { stackFloor = LargeStack.floor() }
    let saved = self.source
    self.source = source
    defer { self.source = saved }
    resolveSlots(expr)
    return try evaluate(expr, in: globals)
  }

  /// A name's value in the session (nil when undefined).
  public func value(of name: String) -> Value? { globals.lookup(name) }

  /// The user's names, sorted.
  public var userNames: [String] { globals.names.sorted() }

  /// Every name visible at the top level, for completion and suggestions.
  public var visibleNames: [String] { Array(Set(globals.visibleNames)).sorted() }

  /// Forgets every user name (`:reset`).
  public func reset() { globals.removeAll() }

  /// Binds a name in the session (`_`, `Out`).
  public func define(_ name: String, _ value: Value) { globals.define(name, value) }

  /// Throws `Interrupted` if Ctrl-C was pressed.
  @inline(__always)
  func checkInterrupt(_ span: Span) throws {
    if interrupt.isRaised {
      interrupt.clear()
      throw Interrupted(span: span, source: source)
    }
    stepsLeft &-= 1
    if stepsLeft < 0 {
      stepsLeft = maxSteps
      throw error(
        .stepLimit, "the program ran more than \(maxSteps) loop iterations and calls", at: span,
        help: "is a loop missing its exit? the limit protects sandboxes such as the fuzzer")
    }
  }

  /// Starts a fresh step budget (before each top-level run).
  func resetStepBudget() { stepsLeft = maxSteps }

  /// A diagnostic error at a span of the current source.
  func error(
    _ id: DiagnosticID, _ message: String, at span: Span, label: String? = nil,
    highlights: [Diagnostic.Highlight] = [], notes: [String] = [], help: String? = nil
  ) -> RuntimeError {
    RuntimeError(
      .error(id, message, at: span, label: label, highlights: highlights, notes: notes, help: help),
      source: source)
  }
}
