/// The kinds of token the lexer produces.
///
/// Newlines are not tokens: each token records whether it starts a line
/// (`Token.startsLine`), and the parser decides where a line break ends a
/// statement (outside brackets, not after a binary operator).
public enum TokenKind: Hashable, Sendable {
  case number
  case string
  case identifier
  /// One line of Markdown prose (`#' text` at the start of a line).
  case prose

  // Keywords.
  case kwFn, kwModel, kwIf, kwElse, kwFor, kwIn, kwWhile, kwReturn, kwBreak, kwContinue
  case kwAnd, kwOr, kwNot, kwSelf, kwTrue, kwFalse, kwNone

  // Operators and punctuation.
  case plus, minus, star, slash, caret, at, percent
  case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
  case equal, plusEqual, minusEqual, starEqual, slashEqual
  case dotDotDot, dotDotLess, dot, comma, colon, semicolon
  case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace

  case eof

  /// Reserved words and the kinds they lex to.
  static let keywords: [String: TokenKind] = [
    "fn": .kwFn, "model": .kwModel, "if": .kwIf, "else": .kwElse, "for": .kwFor, "in": .kwIn,
    "while": .kwWhile, "return": .kwReturn, "break": .kwBreak, "continue": .kwContinue,
    "and": .kwAnd, "or": .kwOr, "not": .kwNot, "self": .kwSelf, "true": .kwTrue,
    "false": .kwFalse, "none": .kwNone,
  ]

  /// Whether this kind is a reserved word.
  public var isKeyword: Bool {
    switch self {
    case .kwFn, .kwModel, .kwIf, .kwElse, .kwFor, .kwIn, .kwWhile, .kwReturn, .kwBreak,
      .kwContinue, .kwAnd, .kwOr, .kwNot, .kwSelf, .kwTrue, .kwFalse, .kwNone:
      true
    default: false
    }
  }

  /// Whether this kind is a closing `)`, `]` or `}`.
  public var isClosingDelimiter: Bool {
    self == .rightParen || self == .rightBracket || self == .rightBrace
  }

  /// Whether a line ending in this token must continue on the next line
  /// (binary and assignment operators, `,`, `.`, `not`): the REPL shows a
  /// continuation prompt, and the parser reads on.
  public var continuesLine: Bool {
    switch self {
    case .plus, .minus, .star, .slash, .caret, .at, .percent, .equalEqual, .bangEqual, .less,
      .lessEqual, .greater, .greaterEqual, .equal, .plusEqual, .minusEqual, .starEqual,
      .slashEqual, .dotDotDot, .dotDotLess, .dot, .comma, .kwAnd, .kwOr, .kwNot:
      true
    default: false
    }
  }
}

/// A token with its source span.
public struct Token: Hashable, Sendable {
  public let kind: TokenKind
  public let span: Span
  /// The lexeme as written; for a string literal the decoded value, for a
  /// prose line its Markdown text.
  public let text: String
  /// Whether a line break (or the start of input) comes before this token.
  public let startsLine: Bool

  public init(kind: TokenKind, span: Span, text: String, startsLine: Bool) {
    self.kind = kind
    self.span = span
    self.text = text
    self.startsLine = startsLine
  }

  /// How the token is named in messages: "`+`", "`lossx`", "end of input".
  var quoted: String {
    switch kind {
    case .eof: "end of input"
    case .string: "a string"
    case .prose: "a prose line"
    default: "`\(text)`"
    }
  }
}
