import GradusLanguage

/// The brackets a cell leaves open, carried from line to line as lines are read.
///
/// `Parser.isIncomplete` lexes the whole cell; asking it after every line makes a pasted
/// 5,000-line tensor literal quadratic (half a minute). Tokens never span lines (strings and
/// comments end with theirs), so each line can be lexed alone and only the brackets kept; the
/// parser is asked once the brackets balance, for what else continues a line (`x +`).
struct OpenBrackets {
  private var open: [TokenKind] = []
  /// A closer matched nothing: the cell is complete, to report the error now.
  private(set) var unmatched = false

  /// Whether a bracket is still open after `line`.
  var areOpen: Bool { !open.isEmpty && !unmatched }

  mutating func add(_ line: String) {
    guard !unmatched else { return }
    for token in Lexer.tokenize(SourceFile(name: "<repl>", text: line)).tokens {
      switch token.kind {
      case .leftParen, .leftBracket, .leftBrace:
        open.append(token.kind)
      case .rightParen, .rightBracket, .rightBrace:
        guard let last = open.popLast(), Self.closer[last] == token.kind else {
          unmatched = true
          return
        }
      default:
        break
      }
    }
  }

  private static let closer: [TokenKind: TokenKind] = [
    .leftParen: .rightParen, .leftBracket: .rightBracket, .leftBrace: .rightBrace,
  ]
}
