/// Functions, methods and models.
extension Parser {
  /// functionDecl -> "fn" IDENT paramList ("=" expr | block)
  func functionDecl() throws(Failure) -> Stmt {
    let fnToken = advance()
    let name = try consume(.identifier, "expected a function name after `fn`")
    return try functionRest(name: name, start: fnToken.span.start)
  }

  /// methodDecl -> IDENT paramList ("=" expr | block)      (directly in a model body)
  ///
  /// Elsewhere the same shape is a function missing its `fn`: reported, then
  /// parsed as the function it was meant to be.
  func methodDecl(_ context: StatementContext) throws(Failure) -> Stmt {
    let name = advance()
    if context != .modelBody {
      report(
        .error(
          .missingFn, "missing `fn` before the definition of `\(name.text)`", at: name.span,
          help: "functions are defined with `fn`, as in `fn \(name.text)(…) = …`",
          fixIts: [.init(span: .point(name.span.start), replacement: "fn ")]))
    }
    return try functionRest(name: name, start: name.span.start)
  }

  /// The part after the name: parameters, then `= expr` or a block.
  private func functionRest(name: Token, start: Int) throws(Failure) -> Stmt {
    let parameters = try parameterList(after: name)
    let savedLoops = loopDepth
    functionDepth += 1
    loopDepth = 0
    defer {
      functionDepth -= 1
      loopDepth = savedLoops
    }
    let identifier = Identifier(name.text, span: name.span)
    if !atLineBreak, match(.equal) != nil {
      let body = try expression()
      let declaration = FunctionDecl(
        name: identifier, parameters: parameters, body: .expression(body))
      return Stmt(.function(declaration), span: Span(start: start, end: body.span.end))
    }
    if check(.leftBrace) || check(.colon) {
      let body = try block(for: "`\(name.text)`", headerStart: start)
      let declaration = FunctionDecl(name: identifier, parameters: parameters, body: .block(body))
      return Stmt(.function(declaration), span: Span(start: start, end: body.span.end))
    }
    throw fail(
      .unexpectedToken,
      "expected `=` or `{` after the parameters of `\(name.text)`, found \(current.quoted)",
      at: missingSpan,
      help: "write `fn \(name.text)(…) = expression` or `fn \(name.text)(…) { … }`")
  }

  /// paramList -> "(" (param ("," param)* ","?)? ")"
  /// param     -> IDENT ("=" expr)?
  func parameterList(after name: Token) throws(Failure) -> [Parameter] {
    let open = try consume(
      .leftParen, "expected `(` after `\(name.text)`",
      help: "a definition without parameters still has parentheses: `\(name.text)()`")
    try enterNesting(at: open.span)
    groupDepth += 1
    defer {
      depth -= 1
      groupDepth -= 1
    }
    var parameters: [Parameter] = []
    var seen: Set<String> = []
    var sawDefault = false
    while check(.identifier) {
      let token = advance()
      let parameterName = Identifier(token.text, span: token.span)
      if !seen.insert(token.text).inserted {
        report(.error(.duplicateName, "parameter `\(token.text)` appears twice", at: token.span))
      }
      var defaultValue: Expr?
      if match(.equal) != nil {
        defaultValue = try expression()
        sawDefault = true
      } else if let colon = match(.colon) {
        report(
          .error(
            .unexpectedToken, "a default value is written with `=`", at: colon.span,
            help: "write `\(token.text) = …`", fixIts: [.init(span: colon.span, replacement: " =")]
          ))
        defaultValue = try expression()
        sawDefault = true
      } else if sawDefault {
        report(
          .error(
            .argumentOrder, "parameter `\(token.text)` needs a default value", at: token.span,
            help: "parameters with defaults must come after those without"))
      }
      parameters.append(Parameter(name: parameterName, defaultValue: defaultValue))
      if match(.comma) == nil { break }
    }
    if !check(.rightParen), !check(.eof), !current.startsLine, !kind.isClosingDelimiter,
      previous.kind == .comma || previous.kind == .leftParen
    {
      throw fail(
        .unexpectedToken, "expected a parameter name, found \(current.quoted)", at: current.span,
        help: "parameters are names, optionally with a default: `fn f(x, lr = 0.01)`")
    }
    try closeGroup(.rightParen, opening: open, expected: "expected `,` or `)` after a parameter")
    return parameters
  }

  /// modelDecl -> "model" IDENT paramList? "{" member* "}"
  /// member    -> methodDecl | statement
  func modelDecl() throws(Failure) -> Stmt {
    let modelToken = advance()
    if blockDepth > 0 || functionDepth > 0 {
      report(
        .error(
          .misplacedStatement, "a model can only be defined at the top level",
          at: modelToken.span))
    }
    let name = try consume(.identifier, "expected a model name after `model`")
    let parameters = check(.leftParen) ? try parameterList(after: name) : []
    let (savedFunctions, savedLoops) = (functionDepth, loopDepth)
    (functionDepth, loopDepth) = (0, 0)
    defer { (functionDepth, loopDepth) = (savedFunctions, savedLoops) }
    let body = try block(
      for: "the model `\(name.text)`", headerStart: modelToken.span.start, context: .modelBody)
    let declaration = ModelDecl(
      name: Identifier(name.text, span: name.span), parameters: parameters,
      members: body.statements)
    return Stmt(.model(declaration), span: modelToken.span.union(body.span))
  }

  // MARK: - Lookahead

  /// Whether the tokens here read `IDENT ( … ) =` or `IDENT ( … ) {` on one
  /// line: a method header (or a function missing its `fn`), not a call.
  func looksLikeFunctionHeader() -> Bool {
    var index = position + 1
    var nesting = 0
    while index < tokens.count {
      switch tokens[index].kind {
      case .leftParen, .leftBracket, .leftBrace: nesting += 1
      case .rightParen, .rightBracket, .rightBrace: nesting -= 1
      case .eof, .prose: return false
      default: break
      }
      index += 1
      if nesting <= 0 { break }
    }
    guard nesting == 0, index < tokens.count else { return false }
    let after = tokens[index]
    return (after.kind == .equal || after.kind == .leftBrace) && !after.startsLine
  }

  /// Whether the tokens here read `( IDENT , IDENT … ) =`.
  func looksLikeDestructuring() -> Bool {
    var index = position + 1
    var names = 0
    while index + 1 < tokens.count, tokens[index].kind == .identifier {
      names += 1
      index += 1
      guard tokens[index].kind == .comma else { break }
      index += 1
    }
    guard names >= 2 || (names == 1 && tokens[index - 1].kind == .comma) else { return false }
    return index + 1 < tokens.count && tokens[index].kind == .rightParen
      && tokens[index + 1].kind == .equal
  }
}
