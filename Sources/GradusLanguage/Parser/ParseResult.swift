/// What parsing produced: a program (partial when there were errors: the
/// statements that failed are left out) and every diagnostic, in source order.
public struct ParseResult: Sendable {
  public let program: Program
  public let diagnostics: [Diagnostic]

  public init(program: Program, diagnostics: [Diagnostic]) {
    self.program = program
    self.diagnostics = diagnostics
  }

  /// Whether any diagnostic is an error (warnings do not stop a run).
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// The program, or the diagnostics as an error when there are errors.
  public func get() throws(DiagnosticError) -> Program {
    if hasErrors { throw DiagnosticError(diagnostics, source: program.source) }
    return program
  }
}
