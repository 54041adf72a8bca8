/// Arithmetic operators, from `+` to `^`.
public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case remainder = "%"
  /// Matrix product `@`.
  case matmul = "@"
  /// Power `^`, right-associative: `a ^ b ^ c` is `a ^ (b ^ c)`.
  case power = "^"

  /// The operator as written.
  public var symbol: String { rawValue }
}

/// Prefix operators.
public enum UnaryOperator: String, Hashable, Sendable, CaseIterable {
  case negate = "-"
  case plus = "+"
  case not = "not"

  public var symbol: String { rawValue }
}

/// Comparisons; they do not chain (`a < b < c` is an error).
public enum ComparisonOperator: String, Hashable, Sendable, CaseIterable {
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="

  public var symbol: String { rawValue }
}

/// Short-circuit `and` / `or`.
public enum LogicalOperator: String, Hashable, Sendable, CaseIterable {
  case and
  case or

  public var symbol: String { rawValue }
}
