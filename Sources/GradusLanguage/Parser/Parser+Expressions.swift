/// Operator expressions, lowest precedence first:
/// `or` < `and` < `not` < comparisons < ranges < `+ -` < `* / @ %` < prefix `- +`
/// < `^` < postfix calls, indexes and fields.
extension Parser {
  /// expr -> orExpr
  func expression() throws(Failure) -> Expr {
    try orExpr()
  }

  /// orExpr -> andExpr ("or" andExpr)*
  func orExpr() throws(Failure) -> Expr {
    var lhs = try andExpr()
    while !atLineBreak, let op = match(.kwOr) {
      let rhs = try andExpr()
      lhs = try node(.logical(.or, lhs, rhs, operatorSpan: op.span), lhs.span.union(rhs.span))
    }
    return lhs
  }

  /// andExpr -> notExpr ("and" notExpr)*
  func andExpr() throws(Failure) -> Expr {
    var lhs = try notExpr()
    while !atLineBreak, let op = match(.kwAnd) {
      let rhs = try notExpr()
      lhs = try node(.logical(.and, lhs, rhs, operatorSpan: op.span), lhs.span.union(rhs.span))
    }
    return lhs
  }

  /// notExpr -> "not" notExpr | comparison
  func notExpr() throws(Failure) -> Expr {
    guard let op = match(.kwNot) else { return try comparison() }
    try enterNesting(at: op.span)
    defer { depth -= 1 }
    let operand = try notExpr()
    return try node(.unary(.not, operand, operatorSpan: op.span), op.span.union(operand.span))
  }

  static func comparisonOperator(_ kind: TokenKind) -> ComparisonOperator? {
    switch kind {
    case .equalEqual: .equal
    case .bangEqual: .notEqual
    case .less: .less
    case .lessEqual: .lessEqual
    case .greater: .greater
    case .greaterEqual: .greaterEqual
    default: nil
    }
  }

  /// comparison -> rangeExpr (compareOp rangeExpr)?
  /// compareOp  -> "==" | "!=" | "<" | "<=" | ">" | ">="
  ///
  /// Comparisons do not chain: `a < b < c` is reported with the `and` form.
  func comparison() throws(Failure) -> Expr {
    let lhs = try rangeExpr()
    guard !atLineBreak, let op = Self.comparisonOperator(kind) else { return lhs }
    let opToken = advance()
    let rhs = try rangeExpr()
    let result = try node(
      .comparison(op, lhs, rhs, operatorSpan: opToken.span), lhs.span.union(rhs.span))
    if !atLineBreak, Self.comparisonOperator(kind) != nil {
      let second = advance()
      let third = try rangeExpr()
      let (a, b, c) = (
        source.text(of: lhs.span), source.text(of: rhs.span), source.text(of: third.span)
      )
      report(
        .error(
          .chainedComparison, "comparisons cannot be chained", at: second.span,
          highlights: [.init(opToken.span)],
          help: "write `\(a) \(opToken.text) \(b) and \(b) \(second.text) \(c)`"))
    }
    return result
  }

  /// rangeExpr -> additive (("..." | "..<") additive)?
  func rangeExpr() throws(Failure) -> Expr {
    let lower = try additive()
    guard !atLineBreak, check(.dotDotDot) || check(.dotDotLess) else { return lower }
    let op = advance()
    let upper = try additive()
    let result = try node(
      .range(lower, upper, closed: op.kind == .dotDotDot, operatorSpan: op.span),
      lower.span.union(upper.span))
    if !atLineBreak, check(.dotDotDot) || check(.dotDotLess) {
      let second = advance()
      _ = try additive()
      report(
        .error(
          .chainedRange, "ranges cannot be chained", at: second.span,
          highlights: [.init(op.span)], help: "a range has one start and one end: `a...b`"))
    }
    return result
  }

  /// additive -> multiplicative (("+" | "-") multiplicative)*
  func additive() throws(Failure) -> Expr {
    var lhs = try multiplicative()
    while !atLineBreak, check(.plus) || check(.minus) {
      let op = advance()
      let rhs = try multiplicative()
      lhs = try node(
        .binary(op.kind == .plus ? .add : .subtract, lhs, rhs, operatorSpan: op.span),
        lhs.span.union(rhs.span))
    }
    return lhs
  }

  static func multiplicativeOperator(_ kind: TokenKind) -> BinaryOperator? {
    switch kind {
    case .star: .multiply
    case .slash: .divide
    case .at: .matmul
    case .percent: .remainder
    default: nil
    }
  }

  /// multiplicative -> unary (("*" | "/" | "@" | "%") unary)*
  func multiplicative() throws(Failure) -> Expr {
    var lhs = try unary()
    while !atLineBreak, let op = Self.multiplicativeOperator(kind) {
      let opToken = advance()
      let rhs = try unary()
      lhs = try node(.binary(op, lhs, rhs, operatorSpan: opToken.span), lhs.span.union(rhs.span))
    }
    return lhs
  }

  /// unary -> ("-" | "+") unary | power
  func unary() throws(Failure) -> Expr {
    guard check(.minus) || check(.plus) else { return try power() }
    let op = advance()
    try enterNesting(at: op.span)
    defer { depth -= 1 }
    let operand = try unary()
    return try node(
      .unary(op.kind == .minus ? .negate : .plus, operand, operatorSpan: op.span),
      op.span.union(operand.span))
  }

  /// power -> postfix ("^" unary)?
  ///
  /// The exponent is a `unary`, which makes `^` right-associative
  /// (`2^3^2` is `2^(3^2)`), lets `2^-1` through, and keeps `-x^2` as `-(x^2)`.
  func power() throws(Failure) -> Expr {
    let base = try postfix()
    guard !atLineBreak, let op = match(.caret) else { return base }
    try enterNesting(at: op.span)
    defer { depth -= 1 }
    let exponent = try unary()
    return try node(
      .binary(.power, base, exponent, operatorSpan: op.span), base.span.union(exponent.span))
  }
}
