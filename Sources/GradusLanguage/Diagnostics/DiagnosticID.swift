/// The stable identifier of a kind of diagnostic, such as `unclosed-delimiter`.
///
/// Identifiers never change once published: tests, documentation and the
/// lesson transcripts refer to them. Other layers add their own with an
/// extension (`static let shapeMismatch = DiagnosticID("shape-mismatch")`).
public struct DiagnosticID: Hashable, Sendable, CustomStringConvertible,
  ExpressibleByStringLiteral
{
  public let rawValue: String

  public init(_ rawValue: String) { self.rawValue = rawValue }
  public init(stringLiteral value: String) { self.rawValue = value }

  public var description: String { rawValue }
}

// Identifiers produced by the lexer and parser.
extension DiagnosticID {
  public static let invalidCharacter: DiagnosticID = "invalid-character"
  public static let invalidNumber: DiagnosticID = "invalid-number"
  public static let unterminatedString: DiagnosticID = "unterminated-string"
  public static let invalidEscape: DiagnosticID = "invalid-escape"
  public static let expectedExpression: DiagnosticID = "expected-expression"
  public static let unexpectedToken: DiagnosticID = "unexpected-token"
  public static let expectedStatementEnd: DiagnosticID = "expected-statement-end"
  public static let unclosedDelimiter: DiagnosticID = "unclosed-delimiter"
  public static let mismatchedDelimiter: DiagnosticID = "mismatched-delimiter"
  public static let unexpectedClosingDelimiter: DiagnosticID = "unexpected-closing-delimiter"
  public static let chainedComparison: DiagnosticID = "chained-comparison"
  public static let chainedRange: DiagnosticID = "chained-range"
  public static let invalidAssignmentTarget: DiagnosticID = "invalid-assignment-target"
  public static let nestingTooDeep: DiagnosticID = "nesting-too-deep"
  public static let pythonSyntax: DiagnosticID = "python-syntax"
  public static let missingFn: DiagnosticID = "missing-fn"
  public static let misplacedStatement: DiagnosticID = "misplaced-statement"
  public static let duplicateName: DiagnosticID = "duplicate-name"
  public static let argumentOrder: DiagnosticID = "argument-order"
  public static let tooManyErrors: DiagnosticID = "too-many-errors"
}
