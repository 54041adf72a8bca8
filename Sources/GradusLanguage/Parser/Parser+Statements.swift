/// Statements other than declarations.
extension Parser {
  /// statement -> functionDecl | modelDecl | ifStmt | forStmt | whileStmt | returnStmt
  ///            | "break" | "continue" | scopedBlock | methodDecl | destructuring
  ///            | simpleStmt
  func statement(_ context: StatementContext) throws(Failure) -> Stmt {
    switch kind {
    case .kwFn: return try functionDecl()
    case .kwModel: return try modelDecl()
    case .kwIf: return try ifStmt()
    case .kwFor: return try forStmt()
    case .kwWhile: return try whileStmt()
    case .kwReturn: return try returnStmt()
    case .kwBreak, .kwContinue: return jumpStmt()
    case .kwElse:
      throw fail(
        .unexpectedToken, "`else` without an `if`", at: current.span,
        help: "`else` follows the `}` that ends an `if` block")
    case .identifier:
      try rejectPythonStatement()
      let next = peek(1)
      if next.kind == .leftBrace, !next.startsLine { return try scopedBlock() }
      if next.kind == .leftParen, !next.startsLine, looksLikeFunctionHeader() {
        return try methodDecl(context)
      }
    case .leftParen:
      if looksLikeDestructuring() { return try destructuring() }
    default: break
    }
    return try simpleStmt()
  }

  /// simpleStmt -> expr (assignOp expr)?
  /// assignOp   -> "=" | "+=" | "-=" | "*=" | "/="
  func simpleStmt() throws(Failure) -> Stmt {
    let target = try expression()
    let compound: [TokenKind: BinaryOperator] = [
      .plusEqual: .add, .minusEqual: .subtract, .starEqual: .multiply, .slashEqual: .divide,
    ]
    guard !atLineBreak, check(.equal) || compound[kind] != nil else {
      return Stmt(.expression(target), span: target.span)
    }
    let operatorToken = advance()
    checkAssignable(target, by: operatorToken)
    let value = try expression()
    if !atLineBreak, check(.equal) || compound[kind] != nil {
      throw fail(
        .invalidAssignmentTarget, "assignments cannot be chained", at: current.span,
        help: "assign each name in its own statement")
    }
    let span = target.span.union(value.span)
    if let op = compound[operatorToken.kind] {
      return Stmt(
        .compoundAssign(target: target, op: op, value: value, operatorSpan: operatorToken.span),
        span: span)
    }
    return Stmt(.assign(target: target, value: value), span: span)
  }

  /// Only names, fields and indexes can be assigned to; anything else is
  /// reported here (the statement is still built, so parsing goes on).
  func checkAssignable(_ target: Expr, by operatorToken: Token) {
    let what: String
    switch target.kind {
    case .name, .field, .index: return
    case .selfRef: what = "`self`"
    case .call: what = "a function call"
    case .number, .string, .bool, .noneLiteral: what = "a literal"
    case .comparison: what = "a comparison"
    default: what = "this expression"
    }
    report(
      .error(
        .invalidAssignmentTarget, "cannot assign to \(what)", at: target.span,
        highlights: [.init(operatorToken.span)],
        help: "the left side of `\(operatorToken.text)` must be a name (`x`), a field "
          + "(`net.fc1.W`) or an index (`x[0]`)"))
  }

  /// destructuring -> "(" IDENT ("," IDENT)+ ","? ")" "=" expr
  func destructuring() throws(Failure) -> Stmt {
    let open = advance()
    var names: [Identifier] = []
    while let name = match(.identifier) {
      names.append(Identifier(name.text, span: name.span))
      if match(.comma) == nil { break }
    }
    try closeGroup(.rightParen, opening: open, expected: "expected `,` or `)` after a name")
    try consume(.equal, "expected `=` after `(…)`")
    let value = try expression()
    return Stmt(.destructure(targets: names, value: value), span: open.span.union(value.span))
  }

  /// ifStmt -> "if" expr block ("else" "if" expr block)* ("else" block)?
  ///
  /// `else` may start the line after the `}`. Branches are kept flat.
  func ifStmt() throws(Failure) -> Stmt {
    let start = advance().span.start
    var branches = [try conditionalBranch(headerStart: start)]
    var elseBody: Block?
    while true {
      if let elseToken = match(.kwElse) {
        if match(.kwIf) != nil {
          branches.append(try conditionalBranch(headerStart: elseToken.span.start))
          continue
        }
        elseBody = try block(for: "`else`", headerStart: elseToken.span.start)
      } else if check(.identifier), current.text == "elif" {
        let elif = advance()
        report(
          .error(
            .pythonSyntax, "this looks like Python; in Gradus write `else if`", at: elif.span,
            fixIts: [.init(span: elif.span, replacement: "else if")]))
        branches.append(try conditionalBranch(headerStart: elif.span.start))
        continue
      }
      break
    }
    let end = elseBody?.span ?? branches[branches.count - 1].body.span
    return Stmt(
      .if(IfStmt(branches: branches, elseBody: elseBody)), span: Span(start: start, end: end.end))
  }

  private func conditionalBranch(headerStart: Int) throws(Failure) -> IfStmt.Branch {
    let condition = try expression()
    let body = try block(for: "the `if` statement", headerStart: headerStart)
    return IfStmt.Branch(condition: condition, body: body)
  }

  /// forStmt    -> "for" forPattern "in" expr block
  /// forPattern -> IDENT | "(" IDENT ("," IDENT)* ","? ")"
  func forStmt() throws(Failure) -> Stmt {
    let forToken = advance()
    let pattern = try forPattern()
    try consume(.kwIn, "expected `in` after the loop variable")
    let iterable = try expression()
    if check(.colon) { throw pythonForLoop(pattern: pattern, iterable: iterable) }
    loopDepth += 1
    defer { loopDepth -= 1 }
    let body = try block(for: "the `for` loop", headerStart: forToken.span.start)
    return Stmt(
      .for(ForStmt(pattern: pattern, iterable: iterable, body: body)),
      span: forToken.span.union(body.span))
  }

  private func forPattern() throws(Failure) -> ForStmt.Pattern {
    if let open = match(.leftParen) {
      try enterNesting(at: open.span)
      groupDepth += 1
      defer {
        depth -= 1
        groupDepth -= 1
      }
      var names: [Identifier] = []
      while let name = match(.identifier) {
        names.append(Identifier(name.text, span: name.span))
        if match(.comma) == nil { break }
      }
      try closeGroup(
        .rightParen, opening: open, expected: "expected `,` or `)` after a loop variable")
      if names.isEmpty { throw fail(.unexpectedToken, "expected a loop variable", at: open.span) }
      return .tuple(names)
    }
    let first = try consume(.identifier, "expected a loop variable after `for`")
    guard check(.comma) else { return .name(Identifier(first.text, span: first.span)) }
    // `for i, x in …` (Python): take the names, suggest the parenthesised form.
    var names = [Identifier(first.text, span: first.span)]
    while match(.comma) != nil, let name = match(.identifier) {
      names.append(Identifier(name.text, span: name.span))
    }
    let list = names.map(\.name).joined(separator: ", ")
    let span = first.span.union(previous.span)
    report(
      .error(
        .pythonSyntax, "several loop variables go in parentheses", at: span,
        help: "write `for (\(list)) in …`",
        fixIts: [.init(span: span, replacement: "(\(list))")]))
    return .tuple(names)
  }

  /// whileStmt -> "while" expr block
  func whileStmt() throws(Failure) -> Stmt {
    let whileToken = advance()
    let condition = try expression()
    loopDepth += 1
    defer { loopDepth -= 1 }
    let body = try block(for: "the `while` loop", headerStart: whileToken.span.start)
    return Stmt(.while(condition: condition, body: body), span: whileToken.span.union(body.span))
  }

  /// returnStmt -> "return" expr?
  func returnStmt() throws(Failure) -> Stmt {
    let token = advance()
    if functionDepth == 0 {
      report(
        .error(
          .misplacedStatement, "`return` outside a function", at: token.span,
          help: "`return` ends a function defined with `fn`"))
    }
    if atStatementEnd { return Stmt(.return(nil), span: token.span) }
    let value = try expression()
    return Stmt(.return(value), span: token.span.union(value.span))
  }

  /// jumpStmt -> "break" | "continue"
  func jumpStmt() -> Stmt {
    let token = advance()
    if loopDepth == 0 {
      report(
        .error(
          .misplacedStatement, "`\(token.text)` outside a loop", at: token.span,
          help: "`\(token.text)` can only be used inside `for` or `while`"))
    }
    return Stmt(token.kind == .kwBreak ? .break : .continue, span: token.span)
  }

  /// scopedBlock -> IDENT block      (`trace { … }`, `no_grad { … }`)
  func scopedBlock() throws(Failure) -> Stmt {
    let name = advance()
    let body = try block(for: "`\(name.text)`", headerStart: name.span.start)
    return Stmt(
      .scoped(name: Identifier(name.text, span: name.span), body: body),
      span: name.span.union(body.span))
  }

  /// block -> "{" statement* "}"
  func block(
    for construct: String, headerStart: Int, context: StatementContext = .block
  ) throws(Failure) -> Block {
    guard let open = match(.leftBrace) else {
      throw missingBlock(for: construct, headerStart: headerStart)
    }
    try enterNesting(at: open.span)
    let savedGroups = groupDepth
    groupDepth = 0
    blockDepth += 1
    defer {
      depth -= 1
      groupDepth = savedGroups
      blockDepth -= 1
    }
    var statements: [Stmt] = []
    while !check(.rightBrace), !check(.eof), !check(.prose) {
      if match(.semicolon) != nil { continue }
      if let statement = try statementRecovering(context) { statements.append(statement) }
    }
    if let close = match(.rightBrace) {
      return Block(statements: statements, span: open.span.union(close.span))
    }
    if !reportedUnclosedAtEnd {
      reportedUnclosedAtEnd = true
      report(
        .error(
          .unclosedDelimiter, "'{' was never closed", at: open.span,
          help: "add `}` to end the body of \(construct)"))
    }
    return Block(statements: statements, span: open.span.union(previous.span))
  }

  /// Explains a missing `{`: a Python `:`, a `=` meant as `==`, or plain absence.
  private func missingBlock(for construct: String, headerStart: Int) -> Failure {
    if check(.colon) {
      skipPythonBody(after: current)
      let header = source.text(of: Span(start: headerStart, end: current.span.start))
      return fail(
        .pythonSyntax, "this looks like Python; Gradus uses braces `{ … }` for blocks, not `:`",
        at: current.span,
        help: "write `\(header.trimmingTrailingSpaces()) {` and end the block with `}`",
        fixIts: [.init(span: current.span, replacement: " {")])
    }
    if check(.equal) {
      return fail(
        .unexpectedToken, "expected `{` after the condition, found `=`", at: current.span,
        help: "to compare two values write `==`; a single `=` assigns",
        fixIts: [.init(span: current.span, replacement: "==")])
    }
    return fail(
      .unexpectedToken, "expected `{` to start the body of \(construct), found \(current.quoted)",
      at: missingSpan)
  }
}
