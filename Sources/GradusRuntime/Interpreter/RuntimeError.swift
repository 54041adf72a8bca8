import GradusLanguage
import GradusTensor

/// An error while running a program: a diagnostic pointing at the source it came from.
public struct RuntimeError: Error, CustomStringConvertible {
  public var diagnostic: Diagnostic
  public var source: SourceFile
  /// Where the failing call was made from, outermost first (for errors inside functions).
  public var callStack: [(String, Span, SourceFile)] = []

  public init(_ diagnostic: Diagnostic, source: SourceFile) {
    self.diagnostic = diagnostic
    self.source = source
  }

  public var description: String {
    DiagnosticRenderer(style: .plain).render(diagnostic, in: source)
  }
}

/// Ctrl-C arrived while running: the evaluator stopped between two operations.
public struct Interrupted: Error {
  public let span: Span?
  public let source: SourceFile?
}

extension DiagnosticID {
  public static let unknownName: DiagnosticID = "unknown-name"
  public static let shapeMismatch: DiagnosticID = "shape-mismatch"
  public static let typeMismatch: DiagnosticID = "type-mismatch"
  public static let arity: DiagnosticID = "wrong-arguments"
  public static let noGradient: DiagnosticID = "no-gradient"
  public static let raggedLiteral: DiagnosticID = "ragged-literal"
  public static let recursionLimit: DiagnosticID = "recursion-limit"
  public static let tensorLimit: DiagnosticID = "tensor-limit"
  public static let invalidValue: DiagnosticID = "invalid-value"
  public static let unknownField: DiagnosticID = "unknown-field"
  public static let nonFinite: DiagnosticID = "non-finite"
  public static let fileError: DiagnosticID = "file-error"
  public static let staleGraph: DiagnosticID = "stale-graph"
  public static let stepLimit: DiagnosticID = "step-limit"
}
