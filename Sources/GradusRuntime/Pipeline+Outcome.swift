import GradusLanguage

extension Pipeline {
  /// How running a cell ended. Every front end shows it with `rendered(style:session:)`, so an
  /// error reads the same in `gradus run`, the REPL, a lesson and an exported notebook.
  public enum Outcome {
    case success
    /// Nothing ran: every syntax error of the source (and any warnings beside them).
    case syntaxErrors([Diagnostic], SourceFile)
    case runtimeError(RuntimeError)
    /// Ctrl-C stopped it between two operations; the names assigned before keep their values.
    case interrupted(Interrupted)
    /// An error the evaluator did not expect (a bug in Gradus, not in the learner's code): its
    /// description. The session goes on.
    case internalError(String)

    public var succeeded: Bool {
      if case .success = self { return true }
      return false
    }

    /// How many of the diagnostics are errors (`gradus check` counts them; warnings do not
    /// stop a run).
    public var errorCount: Int {
      switch self {
      case .success: return 0
      case .syntaxErrors(let diagnostics, _):
        return diagnostics.filter { $0.severity == .error }.count
      case .runtimeError, .interrupted, .internalError: return 1
      }
    }

    /// The diagnostics as text in `style`, ending in a newline (empty on success). In a
    /// `session` (the REPL, a lesson's explore prompt), where the names live on after the
    /// cell, an interrupt says where it stopped and that earlier names keep their values.
    public func rendered(style: DiagnosticRenderer.Style, session: Bool = false) -> String {
      let renderer = DiagnosticRenderer(style: style)
      let text: String
      switch self {
      case .success: return ""
      case .syntaxErrors(let diagnostics, let source):
        text = renderer.render(diagnostics, in: source)
      case .runtimeError(let failure):
        text = renderer.render(failure.diagnostic, in: failure.source)
      case .interrupted(let stop):
        text =
          session
          ? "interrupted\(Self.place(of: stop)); earlier names keep their values" : "interrupted"
      case .internalError(let description):
        text = "internal error: \(description)"
      }
      return text.hasSuffix("\n") ? text : text + "\n"
    }

    /// ` at In [3]:2:5`, where an interrupt stopped (empty when it is not known).
    private static func place(of stop: Interrupted) -> String {
      guard let span = stop.span, let source = stop.source else { return "" }
      let (line, column) = source.location(of: span.start)
      return " at \(source.name):\(line):\(column)"
    }
  }

  /// What parsing a source gave: its program (its cells), or its syntax errors.
  public enum Parsed {
    case program(Program)
    /// Every error of the source (report it as `Outcome.syntaxErrors`).
    case syntaxErrors([Diagnostic], SourceFile)
  }

  /// What evaluating one expression gave.
  public enum Evaluation {
    case value(Value)
    /// The source parsed, but is not a single expression (a statement, or several).
    case notAnExpression
    case failed(Outcome)
  }
}
