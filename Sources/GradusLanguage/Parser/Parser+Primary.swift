/// Literals, names, parenthesised groups and list literals.
extension Parser {
  /// primary -> NUMBER | STRING | "true" | "false" | "none" | "self" | IDENT
  ///          | group | listLiteral
  func primary() throws(Failure) -> Expr {
    let token = current
    switch token.kind {
    case .number:
      advance()
      return try node(.number(NumberLiteral(text: token.text)), token.span)
    case .string:
      advance()
      return try node(.string(token.text), token.span)
    case .kwTrue, .kwFalse:
      advance()
      return try node(.bool(token.kind == .kwTrue), token.span)
    case .kwNone:
      advance()
      return try node(.noneLiteral, token.span)
    case .kwSelf:
      advance()
      return try node(.selfRef, token.span)
    case .identifier:
      advance()
      if let literal = pythonLiteral(token) { return try node(literal, token.span) }
      return try node(.name(token.text), token.span)
    case .leftParen: return try group()
    case .leftBracket: return try listLiteral()
    default: throw expectedExpression()
    }
  }

  /// group -> "(" expr ")"
  private func group() throws(Failure) -> Expr {
    let open = advance()
    try enterNesting(at: open.span)
    groupDepth += 1
    defer {
      depth -= 1
      groupDepth -= 1
    }
    let inner = try expression()
    if check(.comma) {
      throw fail(
        .unexpectedToken, "`(a, b)` is not a value in Gradus", at: current.span,
        highlights: [.init(open.span)], help: "to group several values use a list: `[a, b]`")
    }
    let close = try closeGroup(
      .rightParen, opening: open, expected: "expected `)` after the expression")
    // The group's span includes its brackets, so a highlight covers `(a + b)`.
    return inner.withSpan(open.span.union(close.span))
  }

  /// listLiteral -> "[" (expr ("," expr)* ","?)? "]"
  private func listLiteral() throws(Failure) -> Expr {
    let open = advance()
    try enterNesting(at: open.span)
    groupDepth += 1
    defer {
      depth -= 1
      groupDepth -= 1
    }
    var items: [Expr] = []
    while !atGroupEnd {
      items.append(try expression())
      if match(.comma) == nil { break }
    }
    let close = try closeGroup(
      .rightBracket, opening: open, expected: "expected `,` or `]` after a list element",
      help: "add `,` between elements")
    return try node(.list(items), open.span.union(close.span))
  }

  /// Explains why the current token cannot start an expression.
  func expectedExpression() -> Failure {
    let token = current
    var help: String?
    if token.kind.isKeyword { help = "`\(token.text)` is a reserved word" }
    if token.startsLine, groupDepth == 0, token.kind.continuesLine {
      help =
        "a line cannot start with `\(token.text)`; to continue the previous line, "
        + "end it with the operator instead"
    }
    if token.kind == .dot, peek(1).kind == .number, peek(1).span.start == token.span.end {
      help = "write a leading zero: `0.\(peek(1).text)`"
    }
    if token.kind.isClosingDelimiter, groupDepth == 0 {
      return fail(
        .unexpectedClosingDelimiter, "unexpected `\(token.text)`", at: token.span,
        label: "nothing is open here")
    }
    let atStatementStart = token.startsLine && groupDepth == 0 && token.kind != .eof
    let after = position > 0 && !atStatementStart ? " after \(previous.quoted)" : ""
    return fail(
      .expectedExpression, "expected an expression\(after), found \(token.quoted)",
      at: atStatementStart ? token.span : missingSpan, help: help)
  }
}
