import GradusLanguage

/// How a piece of Gradus becomes output, in one place, for every front end:
///
///     source text → lexer → parser → AST (every node with its span)
///       → resolver (every name bound to a slot; a name the cell reads now that nothing can
///         bind is reported)
///       → evaluator over the engine, reading slots → values → the interpreter's `OutputSink`
///
/// This is the one cell runner. `gradus run` and `gradus check`, the REPL (cells, `:load`,
/// `:type`/`:shape`/`:grad`, exercises), a lesson's explore prompt, the lesson stepper, the
/// notebook runner behind export, and the exercise checker all run code through it, and
/// nothing else reaches the evaluator (`Interpreter.run` and `evaluate` are internal to this
/// module). A front end chooses only where output goes (the sink it gave the `Interpreter`) and
/// how diagnostics look (`Outcome.rendered(style:session:)`); how a cell is parsed, how an
/// interrupt or an internal error ends it, and how its errors read are decided here.
public enum Pipeline {
  /// Parses, resolves and runs `source` (a file or one cell) in `interpreter`, in three steps:
  /// 1. parse: syntax errors stop it before anything runs, and are all reported;
  /// 2. resolve: `SlotResolver` binds every name of the cell, functions and models included,
  ///    to a slot (a local of its function's frame, a slot of an enclosing function's frame, a
  ///    model's field, a top-level name of the session, whose slot exists from then on even
  ///    while unbound, or the prelude's), kept in the interpreter's `SlotTable` beside the
  ///    AST; `Resolver` then stops the cell at the first statement that reads a name nothing
  ///    can bind, before that statement starts;
  /// 3. evaluate: the evaluator reads and writes slots; a runtime error stops it where it
  ///    happens.
  public static func run(_ source: SourceFile, in interpreter: Interpreter) -> Outcome {
    switch parse(source) {
    case .program(let program): return run(program.statements, of: source, in: interpreter)
    case .syntaxErrors(let diagnostics, _): return .syntaxErrors(diagnostics, source)
    }
  }

  /// Runs statements already parsed from `source` (the cells of a lesson, parsed once as a
  /// whole file) at the top level of `interpreter`; bare expressions show their values.
  public static func run(_ statements: [Stmt], of source: SourceFile, in interpreter: Interpreter)
    -> Outcome
  {
    evaluate(statements, of: source, in: interpreter) {
      try interpreter.run(interpreter.resolve(statements, source: source))
    }
  }

  /// Evaluates `source` as one expression in the session, showing nothing (`:type x`, a
  /// notebook front end's inspection).
  public static func evaluate(_ source: SourceFile, in interpreter: Interpreter) -> Evaluation {
    let program: Program
    switch parse(source) {
    case .program(let parsed): program = parsed
    case .syntaxErrors(let diagnostics, _): return .failed(.syntaxErrors(diagnostics, source))
    }
    guard program.statements.count == 1, case .expression(let expr) = program.statements[0].kind
    else { return .notAnExpression }
    var value = Value.none
    let outcome = evaluate(program.statements, of: source, in: interpreter) {
      value = try interpreter.evaluate(expr, source: source)
    }
    return outcome.succeeded ? .value(value) : .failed(outcome)
  }

  /// Parses `source` without running it (`gradus check`): `.success` when the parser found
  /// nothing to say, else `.syntaxErrors` with every diagnostic (warnings too; see
  /// `Outcome.errorCount`).
  public static func check(_ source: SourceFile) -> Outcome {
    let parsed = Parser.parse(source)
    return parsed.diagnostics.isEmpty ? .success : .syntaxErrors(parsed.diagnostics, source)
  }

  /// The program of `source`, or every syntax error of it.
  public static func parse(_ source: SourceFile) -> Parsed {
    let parsed = Parser.parse(source)
    if parsed.hasErrors { return .syntaxErrors(parsed.diagnostics, source) }
    return .program(parsed.program)
  }

  /// Whether `text` typed at a prompt needs more lines before it can run (an open bracket, a
  /// trailing operator or `else`): the REPL then shows a continuation prompt, a Jupyter
  /// kernel answers `is_complete` with "incomplete".
  public static func needsMoreLines(_ text: String) -> Bool { Parser.isIncomplete(text) }

  /// Whether `text` holds nothing to run (blank lines and comments): such input takes no cell
  /// number. Input with a syntax error is not blank: running it reports the error.
  public static func isBlank(_ text: String) -> Bool {
    let parsed = Parser.parse(text: text)
    return !parsed.hasErrors && parsed.program.statements.isEmpty
  }

  /// The one place where parsed statements reach the evaluator: `evaluator` runs them (all of
  /// them, resolved first, or the one expression, whose unknown names the evaluator reports
  /// with the same diagnostic).
  private static func evaluate(
    _ statements: [Stmt], of source: SourceFile, in interpreter: Interpreter,
    _ evaluator: () throws -> Void
  ) -> Outcome {
    finish(in: interpreter) { try evaluator() }
  }

  /// Runs `body` as one cell: a Ctrl-C that came before it (at a prompt, between two lesson
  /// cells) does not stop it, and however it ends becomes an `Outcome`.
  static func finish(in interpreter: Interpreter, _ body: () throws -> Void) -> Outcome {
    interpreter.interrupt.clear()
    do {
      try body()
      return .success
    } catch let failure as RuntimeError {
      return .runtimeError(failure)
    } catch let stop as Interrupted {
      return .interrupted(stop)
    } catch {
      return .internalError(String(describing: error))
    }
  }
}
