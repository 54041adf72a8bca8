import GradusLanguage

/// How a piece of Gradus becomes output, in one place:
/// source text → lexer → parser → AST (every node with its span) → resolver (every name the
/// cell reads now is checked against what can bind it) → evaluator over the engine → values →
/// the sink (terminal, notebook, test).
public enum Pipeline {
  /// Parses, resolves and runs `source` in `interpreter`, in three steps:
  /// 1. parse: syntax errors stop it before anything runs, and are all reported;
  /// 2. resolve (`Resolver`): a name nothing can bind stops it at the statement that reads it,
  ///    before that statement starts;
  /// 3. evaluate: a runtime error stops it where it happens.
  /// Returns the diagnostics.
  public static func run(_ source: SourceFile, in interpreter: Interpreter) -> Outcome {
    let parsed = Parser.parse(source)
    if parsed.hasErrors { return .syntaxErrors(parsed.diagnostics, source) }
    let cell = interpreter.resolve(parsed.program.statements, source: source)
    do {
      try interpreter.run(cell)
      return .success
    } catch let failure as RuntimeError {
      return .runtimeError(failure)
    } catch let stop as Interrupted {
      return .interrupted(stop)
    } catch {
      return .runtimeError(
        RuntimeError(
          .error("internal", "internal error: \(error)", at: Span(start: 0, end: 0)), source: source
        ))
    }
  }

  /// What running a source produced.
  public enum Outcome {
    case success
    case syntaxErrors([Diagnostic], SourceFile)
    case runtimeError(RuntimeError)
    case interrupted(Interrupted)

    /// The rendered diagnostics (empty on success).
    public func rendered(style: DiagnosticRenderer.Style) -> String {
      let renderer = DiagnosticRenderer(style: style)
      let text: String
      switch self {
      case .success: return ""
      case .syntaxErrors(let diagnostics, let source):
        text = renderer.render(diagnostics, in: source)
      case .runtimeError(let failure):
        text = renderer.render(failure.diagnostic, in: failure.source)
      case .interrupted: text = "interrupted"
      }
      return text.hasSuffix("\n") ? text : text + "\n"
    }

    public var succeeded: Bool {
      if case .success = self { return true }
      return false
    }
  }
}
