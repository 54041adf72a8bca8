/// An expression node. Nodes are classes so that each has an identity: the
/// evaluator can key per-node caches on a node (`Expr` is `Hashable` by
/// identity), and a node's span always points at the source it came from.
public final class Expr: Hashable, Sendable, CustomDebugStringConvertible {
  /// What the expression is.
  public enum Kind: Sendable {
    /// `3`, `0.5`, `1e-3`.
    case number(NumberLiteral)
    /// `"loss"` (escapes already decoded).
    case string(String)
    /// `true`, `false`.
    case bool(Bool)
    /// `none`.
    case noneLiteral
    /// A name: `x`, `θ`, `loss`.
    case name(String)
    /// `self` inside a model.
    case selfRef
    /// `[a, b, …]`: the evaluator decides between a tensor and a list.
    case list([Expr])
    /// `-x`, `+x`, `not x`.
    case unary(UnaryOperator, Expr, operatorSpan: Span)
    /// `a + b`, `a @ b`, `a ^ b`, …
    case binary(BinaryOperator, Expr, Expr, operatorSpan: Span)
    /// `a < b`, `a == b`, …
    case comparison(ComparisonOperator, Expr, Expr, operatorSpan: Span)
    /// `a and b`, `a or b` (short-circuit).
    case logical(LogicalOperator, Expr, Expr, operatorSpan: Span)
    /// `a...b` (closed) or `a..<b` (half-open).
    case range(Expr, Expr, closed: Bool, operatorSpan: Span)
    /// `f(x, axis: 1)`.
    case call(Expr, [Argument])
    /// `x[0]`, `x[:, 1]`, `x[1:3]`.
    case index(Expr, [Subscript])
    /// `x.T`, `net.fc1`.
    case field(Expr, Identifier)
  }

  public let kind: Kind
  /// The source the expression covers, brackets included.
  public let span: Span
  /// 0 for a leaf, else 1 + the tallest child; the parser bounds it so that
  /// recursive walks (evaluation, printing, deinit) cannot exhaust the stack.
  public let height: Int

  public init(_ kind: Kind, span: Span) {
    self.kind = kind
    self.span = span
    self.height = Self.height(of: kind)
  }

  /// The direct subexpressions, in source order.
  public var children: [Expr] { Self.children(of: kind) }

  /// Like `children`, without building arrays: this runs for every node.
  private static func height(of kind: Kind) -> Int {
    func tallest(_ exprs: [Expr]) -> Int { exprs.reduce(0) { Swift.max($0, $1.height) } }
    switch kind {
    case .number, .string, .bool, .noneLiteral, .name, .selfRef: return 0
    case .list(let items): return items.isEmpty ? 0 : 1 + tallest(items)
    case .unary(_, let operand, _), .field(let operand, _): return 1 + operand.height
    case .binary(_, let lhs, let rhs, _), .comparison(_, let lhs, let rhs, _),
      .logical(_, let lhs, let rhs, _), .range(let lhs, let rhs, _, _):
      return 1 + Swift.max(lhs.height, rhs.height)
    case .call(let callee, let arguments):
      return 1 + arguments.reduce(callee.height) { Swift.max($0, $1.value.height) }
    case .index(let base, let subscripts):
      return 1 + subscripts.reduce(base.height) { Swift.max($0, tallest($1.expressions)) }
    }
  }

  private static func children(of kind: Kind) -> [Expr] {
    switch kind {
    case .number, .string, .bool, .noneLiteral, .name, .selfRef: []
    case .list(let items): items
    case .unary(_, let operand, _): [operand]
    case .binary(_, let lhs, let rhs, _), .comparison(_, let lhs, let rhs, _),
      .logical(_, let lhs, let rhs, _), .range(let lhs, let rhs, _, _):
      [lhs, rhs]
    case .call(let callee, let arguments): [callee] + arguments.map(\.value)
    case .index(let base, let subscripts): [base] + subscripts.flatMap(\.expressions)
    case .field(let base, _): [base]
    }
  }

  /// The same node kind with a wider span (used for parenthesised groups).
  func withSpan(_ span: Span) -> Expr { Expr(kind, span: span) }

  public static func == (lhs: Expr, rhs: Expr) -> Bool { lhs === rhs }
  public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

  /// The S-expression form, e.g. `(neg (^ x 2))`.
  public var debugDescription: String { sexpr }
}

/// A number as written and as a value.
public struct NumberLiteral: Hashable, Sendable {
  /// The literal text as written, `_` separators included (`1_000`).
  public let text: String
  /// The value as a double.
  public let value: Double
  /// Whether it was written without a fraction or exponent (`3`, not `3.0`).
  public let isInteger: Bool

  public init(text: String) {
    self.text = text
    let digits = text.contains("_") ? text.filter { $0 != "_" } : text
    self.value = Double(digits) ?? 0
    self.isInteger = !digits.contains { $0 == "." || $0 == "e" || $0 == "E" }
  }

  /// The value as an `Int`, when written as an integer that fits.
  public var integerValue: Int? {
    isInteger ? Int(text.filter { $0 != "_" }) : nil
  }
}

/// A name with its span (function names, fields, parameters, labels).
public struct Identifier: Hashable, Sendable {
  public let name: String
  public let span: Span

  public init(_ name: String, span: Span) {
    self.name = name
    self.span = span
  }
}

/// A call argument, positional (`x`) or named (`axis: 1`).
public struct Argument: Sendable {
  public let label: Identifier?
  public let value: Expr
  /// From the label (if any) to the end of the value.
  public let span: Span

  public init(label: Identifier?, value: Expr) {
    self.label = label
    self.value = value
    self.span = label.map { $0.span.union(value.span) } ?? value.span
  }
}

/// One subscript inside `x[…]`: an expression or a slice.
public enum Subscript: Sendable {
  /// `x[i]`, `x[-1]`.
  case index(Expr)
  /// `x[a:b]`, `x[:, 1]`, `x[::2]`: each part optional.
  case slice(start: Expr?, stop: Expr?, step: Expr?, span: Span)

  public var span: Span {
    switch self {
    case .index(let expr): expr.span
    case .slice(_, _, _, let span): span
    }
  }

  var expressions: [Expr] {
    switch self {
    case .index(let expr): [expr]
    case .slice(let start, let stop, let step, _): [start, stop, step].compactMap { $0 }
    }
  }
}
