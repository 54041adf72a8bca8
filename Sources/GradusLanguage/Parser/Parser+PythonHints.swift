/// Friendly errors for Python pasted into Gradus. Each names the Gradus
/// spelling; where the intent is clear, parsing goes on as if it had been
/// written that way, so one slip gives one error.
extension Parser {
  /// `def f(x):`, `class Net(nn.Module):`, `import torch` and a stray `elif`,
  /// seen at the start of a statement.
  func rejectPythonStatement() throws(Failure) {
    let word = current
    let next = peek(1)
    switch word.text {
    case "def" where next.kind == .identifier && !next.startsLine:
      skipPythonBody(after: word)
      var header = next.text
      if peek(2).kind == .leftParen, let close = matchingCloser(from: position + 2) {
        header = source.text(of: Span(start: next.span.start, end: tokens[close].span.end))
      }
      throw fail(
        .pythonSyntax, "this looks like Python; in Gradus write `fn \(header) { … }`",
        at: word.span, help: "functions start with `fn`, and their body goes in braces",
        fixIts: [.init(span: word.span, replacement: "fn")])
    case "class" where next.kind == .identifier && !next.startsLine:
      skipPythonBody(after: word)
      throw fail(
        .pythonSyntax, "this looks like Python; in Gradus write `model \(next.text)(…) { … }`",
        at: word.span,
        help: "a model lists its parameters, builds its layers in the body, and defines "
          + "`forward(x) = …`")
    case "import",
      "from" where next.kind == .identifier && !next.startsLine:
      throw fail(
        .pythonSyntax, "this looks like Python; Gradus has nothing to import", at: word.span,
        help: "the builtins (tensors, layers, losses, optimizers) are always available")
    case "elif":
      skipPythonBody(after: word)
      throw fail(
        .pythonSyntax, "this looks like Python; in Gradus write `else if`", at: word.span,
        help: "`else if` follows the `}` that ends the `if` block")
    default:
      return
    }
  }

  /// `for i in range(10):` → `for i in 0..<10 { … }`.
  func pythonForLoop(pattern: ForStmt.Pattern, iterable: Expr) -> Failure {
    let colon = current
    skipPythonBody(after: colon)
    let names = pattern.names.map(\.name).joined(separator: ", ")
    let pattern = pattern.names.count == 1 ? names : "(\(names))"
    var suggestion = source.text(of: iterable.span)
    var help = "Gradus uses braces `{ … }` for blocks, not `:`"
    var fixIts: [Diagnostic.FixIt] = []
    if case .call(let callee, let arguments) = iterable.kind, case .name("range") = callee.kind,
      (1...3).contains(arguments.count), arguments.allSatisfy({ $0.label == nil })
    {
      let bounds = arguments.map { source.text(of: $0.value.span) }
      suggestion = bounds.count == 1 ? "0..<\(bounds[0])" : "\(bounds[0])..<\(bounds[1])"
      help = "`a..<b` counts from a up to b - 1; `a...b` includes b"
      if bounds.count == 3 { help += "; a range has no step, so change the loop variable inside" }
      fixIts.append(.init(span: iterable.span, replacement: suggestion))
    }
    fixIts.append(.init(span: colon.span, replacement: " {"))
    return fail(
      .pythonSyntax,
      "this looks like Python; in Gradus write `for \(pattern) in \(suggestion) { … }`",
      at: iterable.span.union(colon.span), help: help, fixIts: fixIts)
  }

  /// `True`, `False`, `None` are reported and read as `true`, `false`, `none`.
  func pythonLiteral(_ token: Token) -> Expr.Kind? {
    let literals: [String: (String, Expr.Kind)] = [
      "True": ("true", .bool(true)), "False": ("false", .bool(false)),
      "None": ("none", .noneLiteral),
    ]
    guard let (spelling, kind) = literals[token.text] else { return nil }
    report(
      .error(
        .pythonSyntax, "`\(token.text)` is written `\(spelling)` in Gradus", at: token.span,
        fixIts: [.init(span: token.span, replacement: spelling)]))
    return kind
  }

  /// Index of the token closing the bracket at `index`, if it is closed.
  func matchingCloser(from index: Int) -> Int? {
    var nesting = 0
    var cursor = index
    while cursor < tokens.count {
      switch tokens[cursor].kind {
      case .leftParen, .leftBracket, .leftBrace: nesting += 1
      case .rightParen, .rightBracket, .rightBrace:
        nesting -= 1
        if nesting == 0 { return cursor }
      case .eof: return nil
      default: break
      }
      cursor += 1
    }
    return nil
  }
}
