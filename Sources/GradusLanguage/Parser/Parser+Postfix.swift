/// Calls, indexes and field access, which bind tighter than any operator.
extension Parser {
  /// postfix -> primary (callSuffix | indexSuffix | fieldSuffix)*
  ///
  /// A suffix must start on the same line (outside brackets): `f` and `(x)`
  /// on two lines are two statements.
  func postfix() throws(Failure) -> Expr {
    var expr = try primary()
    while !atLineBreak {
      switch kind {
      case .leftParen: expr = try callSuffix(expr)
      case .leftBracket: expr = try indexSuffix(expr)
      case .dot: expr = try fieldSuffix(expr)
      default: return expr
      }
    }
    return expr
  }

  /// Whether the current token ends a bracketed list early (so the closer
  /// check can explain it).
  var atGroupEnd: Bool {
    check(.eof) || check(.prose) || kind.isClosingDelimiter
  }

  /// callSuffix -> "(" (argument ("," argument)* ","?)? ")"
  /// argument   -> (IDENT ":")? expr
  func callSuffix(_ callee: Expr) throws(Failure) -> Expr {
    let open = advance()
    try enterNesting(at: open.span)
    groupDepth += 1
    defer {
      depth -= 1
      groupDepth -= 1
    }
    var arguments: [Argument] = []
    var labels: Set<String> = []
    var firstNamed: Identifier?
    while !atGroupEnd {
      var label: Identifier?
      if check(.identifier), peek(1).kind == .colon {
        let name = advance()
        advance()
        label = Identifier(name.text, span: name.span)
      } else if check(.identifier), peek(1).kind == .equal {
        let name = advance()
        let equal = advance()
        label = Identifier(name.text, span: name.span)
        report(
          .error(
            .pythonSyntax, "named arguments are written with `:`", at: equal.span,
            help: "write `\(name.text): …`", fixIts: [.init(span: equal.span, replacement: ":")]))
      }
      let value = try expression()
      if let label {
        if !labels.insert(label.name).inserted {
          report(.error(.duplicateName, "argument `\(label.name)` is given twice", at: label.span))
        }
        firstNamed = firstNamed ?? label
      } else if let firstNamed {
        report(
          .error(
            .argumentOrder, "positional argument after a named one", at: value.span,
            highlights: [.init(firstNamed.span, "named argument")],
            help: "put positional arguments first"))
      }
      arguments.append(Argument(label: label, value: value))
      if match(.comma) == nil { break }
    }
    let close = try closeGroup(
      .rightParen, opening: open, expected: "expected `,` or `)` after an argument",
      help: "add `,` between arguments")
    return try node(.call(callee, arguments), callee.span.union(close.span))
  }

  /// indexSuffix -> "[" subscript ("," subscript)* ","? "]"
  func indexSuffix(_ base: Expr) throws(Failure) -> Expr {
    let open = advance()
    try enterNesting(at: open.span)
    groupDepth += 1
    defer {
      depth -= 1
      groupDepth -= 1
    }
    var subscripts: [Subscript] = []
    while !atGroupEnd {
      subscripts.append(try subscriptItem())
      if match(.comma) == nil { break }
    }
    let close = try closeGroup(
      .rightBracket, opening: open, expected: "expected `,` or `]` after an index",
      help: "add `,` between indexes")
    if subscripts.isEmpty {
      throw fail(
        .expectedExpression, "expected an index inside `[]`", at: open.span.union(close.span),
        help: "write `x[0]` for the first element or `x[:]` for all of them")
    }
    return try node(.index(base, subscripts), base.span.union(close.span))
  }

  /// subscript -> expr | expr? ":" expr? (":" expr?)?
  private func subscriptItem() throws(Failure) -> Subscript {
    let start = current.span.start
    var first: Expr?
    if !check(.colon) {
      let expr = try expression()
      guard check(.colon) else { return .index(expr) }
      first = expr
    }
    advance()  // the `:`
    let stop = endsSlicePart ? nil : try expression()
    var step: Expr?
    if match(.colon) != nil, !endsSlicePart { step = try expression() }
    return .slice(
      start: first, stop: stop, step: step, span: Span(start: start, end: previous.span.end))
  }

  private var endsSlicePart: Bool {
    check(.colon) || check(.comma) || atGroupEnd
  }

  /// fieldSuffix -> "." IDENT
  func fieldSuffix(_ base: Expr) throws(Failure) -> Expr {
    let dot = advance()
    guard let name = match(.identifier) else {
      var help: String?
      if case .number(let literal) = base.kind, literal.isInteger {
        help = "for a decimal number write `\(literal.text).0`"
      }
      throw fail(
        .unexpectedToken, "expected a field name after `.`, found \(current.quoted)",
        at: missingSpan, highlights: [.init(dot.span)], help: help)
    }
    return try node(
      .field(base, Identifier(name.text, span: name.span)), base.span.union(name.span))
  }
}
