/// Deciding whether a REPL entry is finished.
extension Parser {
  /// Whether `text` needs more lines before it can be parsed: a `(`, `[` or
  /// `{` is still open, or the last token is an operator, `,`, `.` or a
  /// keyword that needs what follows (`else`, `in`, `and`, …). The REPL then
  /// shows a continuation prompt instead of an error.
  ///
  /// Input with a closing bracket that matches nothing is complete: the
  /// error is better reported now than after more typing. An `if` block is
  /// complete at its `}`, so at the prompt `else` goes on the same line.
  public static func isIncomplete(_ text: String) -> Bool {
    let tokens = Lexer.tokenize(SourceFile(name: "<repl>", text: text)).tokens
    var open: [TokenKind] = []
    let closerOf: [TokenKind: TokenKind] = [
      .leftParen: .rightParen, .leftBracket: .rightBracket, .leftBrace: .rightBrace,
    ]
    for token in tokens {
      switch token.kind {
      case .leftParen, .leftBracket, .leftBrace:
        open.append(token.kind)
      case .rightParen, .rightBracket, .rightBrace:
        guard let last = open.last, closerOf[last] == token.kind else { return false }
        open.removeLast()
      default:
        break
      }
    }
    if !open.isEmpty { return true }
    guard let last = tokens.last(where: { $0.kind != .eof }) else { return false }
    let needsMore: Set<TokenKind> = [.kwElse, .kwIf, .kwFor, .kwWhile, .kwIn, .kwFn, .kwModel]
    return last.kind.continuesLine || needsMore.contains(last.kind)
  }
}
