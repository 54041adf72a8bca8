/// The statement loop, panic-mode recovery, and closing delimiters.
extension Parser {
  /// Where a statement appears, which decides what it may be.
  enum StatementContext {
    case topLevel
    case block
    /// Directly inside `model … { }`: `name(params) = …` defines a method.
    case modelBody
  }

  /// program -> (proseCell | statement)* EOF
  /// proseCell -> PROSE_LINE+        (on consecutive lines)
  func program() -> [Cell] {
    var cells: [Cell] = []
    var code: [Stmt] = []
    func codeCell(_ statements: [Stmt]) -> Cell? {
      guard let first = statements.first, let last = statements.last else { return nil }
      return .code(statements, span: first.span.union(last.span))
    }
    while !check(.eof) {
      if check(.prose) {
        if let cell = codeCell(code) { cells.append(cell) }
        code = []
        cells.append(proseCell())
        continue
      }
      if match(.semicolon) != nil { continue }
      if check(.rightBrace) {
        let brace = advance()
        report(
          .error(
            .unexpectedClosingDelimiter, "unexpected `}`", at: brace.span,
            label: "no `{` is open here"))
        if errorCount >= Self.maxErrors {
          stoppedEarly = true
          break
        }
        continue
      }
      do {
        if let statement = try statementRecovering(.topLevel) { code.append(statement) }
      } catch {
        break  // fatal: the diagnostic is already recorded
      }
    }
    if let cell = codeCell(code) { cells.append(cell) }
    return cells
  }

  /// Consecutive prose lines, joined with line breaks.
  private func proseCell() -> Cell {
    let first = advance()
    var lines = [first.text]
    var last = first
    while check(.prose),
      source.line(containing: current.span.start) == source.line(containing: last.span.start) + 1
    {
      last = advance()
      lines.append(last.text)
    }
    return .prose(lines.joined(separator: "\n"), span: first.span.union(last.span))
  }

  /// Parses one statement and its terminator; on a syntax error, skips to
  /// the next statement boundary and returns nil.
  func statementRecovering(_ context: StatementContext) throws(Failure) -> Stmt? {
    let start = position
    do {
      let statement = try statement(context)
      try expectStatementEnd(after: statement)
      return statement
    } catch {
      if error == .fatal { throw .fatal }
      if errorCount >= Self.maxErrors {
        stoppedEarly = true
        throw .fatal
      }
      synchronize(from: start)
      if position == start { advance() }  // always make progress
      return nil
    }
  }

  /// separator -> ";" | line break | before "}" | end of input
  func expectStatementEnd(after statement: Stmt) throws(Failure) {
    if match(.semicolon) != nil {
      while match(.semicolon) != nil {}
      return
    }
    if atStatementEnd { return }
    var help = "put each statement on its own line, or separate statements with `;`"
    if case .expression(let expr) = statement.kind, case .name(let name) = expr.kind,
      Self.startsExpression(kind)
    {
      let argument = peek(1).startsLine || peek(1).kind == .eof ? current.text : "…"
      help = "to call `\(name)`, put its arguments in parentheses: `\(name)(\(argument))`"
    }
    if check(.colon) {
      help = "Gradus uses braces for blocks, not `:`"
    }
    throw fail(
      .expectedStatementEnd, "expected end of statement, found \(current.quoted)",
      at: current.span, help: help)
  }

  /// Skips tokens until a statement boundary: a line break outside brackets,
  /// after a `;`, or before a `}` that closes the enclosing block. A `{ … }`
  /// met while skipping is skipped whole, since it belongs to the broken
  /// statement. A line starting with a statement keyword ends the skip even
  /// inside an unclosed bracket.
  func synchronize(from start: Int) {
    var braces = 0
    var groups = 0
    let pythonIndent = pythonBodyIndent
    pythonBodyIndent = nil
    while !check(.eof), !check(.prose) {
      let token = current
      if braces == 0, position > start, token.startsLine,
        groups == 0 || Self.startsStatement(token.kind)
      {
        // The indented body of a Python-style header is skipped with it.
        guard let pythonIndent, indentation(of: token) > pythonIndent else { return }
      }
      switch token.kind {
      case .rightBrace:
        if braces == 0 { return }  // closes the enclosing block
        braces -= 1
      case .leftBrace: braces += 1
      case .semicolon where braces == 0 && groups == 0:
        advance()
        return
      case .leftParen, .leftBracket: groups += 1
      case .rightParen, .rightBracket: groups = Swift.max(0, groups - 1)
      default: break
      }
      advance()
    }
  }

  /// Bytes of indentation before the first token on `token`'s line.
  func indentation(of token: Token) -> Int {
    let line = source.line(containing: token.span.start)
    var offset = source.lineStarts[line - 1]
    while offset < token.span.start, source.utf8[offset] == 0x20 || source.utf8[offset] == 0x09 {
      offset += 1
    }
    return offset - source.lineStarts[line - 1]
  }

  /// After an error on a Python-style header (`for i in range(3):`), its
  /// indented body is skipped too: parsed as Gradus it would only echo the
  /// first error.
  func skipPythonBody(after header: Token) {
    pythonBodyIndent = indentation(of: header)
  }

  /// Consumes the closer for `opener`, or explains what is wrong: never
  /// closed (end of input, or the next line starts), closed by the wrong
  /// bracket, or something unexpected inside.
  @discardableResult
  func closeGroup(
    _ closer: TokenKind, opening opener: Token, expected: String, help: String? = nil
  ) throws(Failure) -> Token {
    if let token = match(closer) { return token }
    let open = opener.text
    let close = closer == .rightParen ? ")" : closer == .rightBracket ? "]" : "}"
    // A token starting a line, or an assignment on a later line, reads as the
    // next statement: the bracket was most likely left open.
    let assignment: Set<TokenKind> = [.equal, .plusEqual, .minusEqual, .starEqual, .slashEqual]
    let laterLine =
      source.line(containing: current.span.start) > source.line(containing: opener.span.start)
    if check(.eof) || check(.prose) || current.startsLine
      || (laterLine && assignment.contains(kind))
    {
      throw fail(
        .unclosedDelimiter, "'\(open)' was never closed", at: opener.span,
        help: help.map { "add `\(close)` to close it, or \($0)" } ?? "add `\(close)` to close it")
    }
    if kind.isClosingDelimiter {
      throw fail(
        .mismatchedDelimiter,
        "mismatched closing delimiter: expected `\(close)`, found `\(current.text)`",
        at: current.span, highlights: [.init(opener.span, "unclosed `\(open)`")])
    }
    throw fail(
      .unexpectedToken, "\(expected), found \(current.quoted)", at: current.span,
      highlights: [.init(opener.span, "to match this `\(open)`")],
      help: Self.startsExpression(kind) ? help : nil)
  }

  /// Keywords that can only begin a statement.
  static func startsStatement(_ kind: TokenKind) -> Bool {
    switch kind {
    case .kwFn, .kwModel, .kwIf, .kwFor, .kwWhile, .kwReturn, .kwBreak, .kwContinue: true
    default: false
    }
  }

  /// Tokens that can begin an expression.
  static func startsExpression(_ kind: TokenKind) -> Bool {
    switch kind {
    case .number, .string, .identifier, .kwTrue, .kwFalse, .kwNone, .kwSelf, .kwNot, .minus, .plus,
      .leftParen, .leftBracket:
      true
    default: false
    }
  }
}
