/// An error carrying one or more diagnostics, thrown across layers.
///
/// `source` is the file the spans point into when the thrower knows it; the
/// catcher renders with `DiagnosticRenderer` against that file.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
  public var diagnostics: [Diagnostic]
  public var source: SourceFile?

  public init(_ diagnostics: [Diagnostic], source: SourceFile? = nil) {
    self.diagnostics = diagnostics
    self.source = source
  }

  public init(_ diagnostic: Diagnostic, source: SourceFile? = nil) {
    self.init([diagnostic], source: source)
  }

  /// Plain rendering when the source is known, otherwise `severity: message` lines.
  public var description: String {
    if let source {
      return DiagnosticRenderer(style: .plain).render(diagnostics, in: source)
    }
    return diagnostics.map { "\($0.severity.rawValue): \($0.message)" }
      .joined(separator: "\n")
  }
}
