/// Operators, punctuation, and characters that do not belong in Gradus.
extension Lexer {
  /// operator -> "..." | "..<" | "==" | "!=" | "<=" | ">=" | "+=" | "-=" | "*=" | "/="
  ///           | "+" | "-" | "*" | "/" | "^" | "@" | "%" | "=" | "<" | ">" | "."
  ///           | "," | ":" | ";" | "(" | ")" | "[" | "]" | "{" | "}"
  func punctuation() {
    let start = position
    let first = peek()
    let second = peek(1)
    if first == UInt8(ascii: "."), second == UInt8(ascii: ".") {
      let third = peek(2)
      if third == UInt8(ascii: ".") || third == UInt8(ascii: "<") {
        position += 3
        add(third == UInt8(ascii: ".") ? .dotDotDot : .dotDotLess, from: start)
      } else {
        position += 2
        borrowed(
          "`..` is not an operator", from: start,
          help: "write `a...b` to include b, `a..<b` to stop before it", as: .dotDotLess)
      }
      return
    }
    if let kind = Self.pairKind(first, second) {
      position += 2
      add(kind, from: start)
      return
    }
    switch (first, second) {
    case (UInt8(ascii: "*"), UInt8(ascii: "*")):
      position += 2
      borrowed("powers are written with `^`", from: start, help: "write `x ^ 2`", as: .caret)
    case (UInt8(ascii: "&"), UInt8(ascii: "&")):
      position += 2
      borrowed("use `and` to combine conditions", from: start, help: "write `a and b`", as: .kwAnd)
    case (UInt8(ascii: "|"), UInt8(ascii: "|")):
      position += 2
      borrowed("use `or` to combine conditions", from: start, help: "write `a or b`", as: .kwOr)
    case (UInt8(ascii: "!"), _):
      position += 1
      borrowed("use `not` to negate a condition", from: start, help: "write `not done`", as: .kwNot)
    default:
      if let kind = Self.singleKind(first) {
        position += 1
        add(kind, from: start)
      } else {
        invalidCharacters()
      }
    }
  }

  /// Two-character operators.
  static func pairKind(_ first: UInt8, _ second: UInt8) -> TokenKind? {
    guard second == UInt8(ascii: "=") else { return nil }
    switch first {
    case UInt8(ascii: "="): return .equalEqual
    case UInt8(ascii: "!"): return .bangEqual
    case UInt8(ascii: "<"): return .lessEqual
    case UInt8(ascii: ">"): return .greaterEqual
    case UInt8(ascii: "+"): return .plusEqual
    case UInt8(ascii: "-"): return .minusEqual
    case UInt8(ascii: "*"): return .starEqual
    case UInt8(ascii: "/"): return .slashEqual
    default: return nil
    }
  }

  /// One-character operators and punctuation.
  static func singleKind(_ byte: UInt8) -> TokenKind? {
    switch byte {
    case UInt8(ascii: "+"): .plus
    case UInt8(ascii: "-"): .minus
    case UInt8(ascii: "*"): .star
    case UInt8(ascii: "/"): .slash
    case UInt8(ascii: "^"): .caret
    case UInt8(ascii: "@"): .at
    case UInt8(ascii: "%"): .percent
    case UInt8(ascii: "="): .equal
    case UInt8(ascii: "<"): .less
    case UInt8(ascii: ">"): .greater
    case UInt8(ascii: "."): .dot
    case UInt8(ascii: ","): .comma
    case UInt8(ascii: ":"): .colon
    case UInt8(ascii: ";"): .semicolon
    case UInt8(ascii: "("): .leftParen
    case UInt8(ascii: ")"): .rightParen
    case UInt8(ascii: "["): .leftBracket
    case UInt8(ascii: "]"): .rightBracket
    case UInt8(ascii: "{"): .leftBrace
    case UInt8(ascii: "}"): .rightBrace
    default: nil
    }
  }

  /// Reports a spelling borrowed from another language and lexes the token
  /// it stands for, so parsing continues as if it had been written right.
  func borrowed(_ message: String, from start: Int, help: String, as kind: TokenKind) {
    let replacement: String
    switch kind {
    case .caret: replacement = "^"
    case .kwAnd: replacement = "and"
    case .kwOr: replacement = "or"
    case .kwNot: replacement = "not "
    case .dotDotLess: replacement = "..<"
    case .minus: replacement = "-"
    case .star: replacement = "*"
    case .slash: replacement = "/"
    case .lessEqual: replacement = "<="
    case .greaterEqual: replacement = ">="
    case .bangEqual: replacement = "!="
    case .dotDotDot: replacement = "..."
    default: replacement = ""
    }
    let span = Span(start: start, end: position)
    report(
      .error(
        .invalidCharacter, message, at: span, help: help,
        fixIts: [Diagnostic.FixIt(span: span, replacement: replacement)]))
    add(kind, from: start, text: replacement.trimmingTrailingSpaces())
  }

  /// Non-ASCII input: a Unicode letter starts a name (θ, α, 中文), Unicode
  /// spaces are blanks, and math symbols pasted from a text are mapped to the
  /// ASCII operator they look like.
  func nonASCII() {
    let (scalar, length) = scalar(at: position)
    if scalar.properties.isXIDStart {
      identifier()
      return
    }
    if scalar.properties.isWhitespace || scalar == "\u{FEFF}" {
      position += length
      return
    }
    if let (kind, ascii) = Self.lookalikes[scalar] {
      let start = position
      position += length
      borrowed(
        "`\(scalar)` is not a Gradus operator", from: start, help: "use `\(ascii)` instead",
        as: kind)
      return
    }
    invalidCharacters()
  }

  static let lookalikes: [Unicode.Scalar: (TokenKind, String)] = [
    "\u{2212}": (.minus, "-"), "\u{2013}": (.minus, "-"), "\u{00D7}": (.star, "*"),
    "\u{22C5}": (.star, "*"), "\u{00F7}": (.slash, "/"), "\u{2264}": (.lessEqual, "<="),
    "\u{2265}": (.greaterEqual, ">="), "\u{2260}": (.bangEqual, "!="),
    "\u{2026}": (.dotDotDot, "..."),
  ]

  /// Skips a run of characters that cannot start any token and reports the
  /// whole run once.
  func invalidCharacters() {
    let start = position
    var scalars: [Unicode.Scalar] = []
    while position < bytes.count, startsNoToken(at: position) {
      let (scalar, length) = scalar(at: position)
      scalars.append(scalar)
      position += length
    }
    if scalars.isEmpty {  // cannot happen, but never loop forever
      position += 1
      return
    }
    let visible = scalars.allSatisfy { $0.value > 0x20 && $0.properties.generalCategory != .format }
    let shown =
      visible
      ? "`\(String(String.UnicodeScalarView(scalars)))`"
      : scalars.map { "U+\(String($0.value, radix: 16, uppercase: true))" }.joined(separator: " ")
    var help: String?
    if scalars == ["&"] { help = "use `and` to combine conditions" }
    if scalars == ["|"] { help = "use `or` to combine conditions" }
    if scalars.first == "\u{201C}" || scalars.first == "\u{201D}" {
      help = "use straight double quotes `\"` for strings"
    }
    report(
      .error(
        .invalidCharacter, "unexpected character\(scalars.count > 1 ? "s" : "") \(shown)",
        at: Span(start: start, end: position), help: help))
  }

  /// Whether the character at `index` can begin no token at all.
  func startsNoToken(at index: Int) -> Bool {
    let byte = bytes[index]
    if byte < 0x80 {
      switch byte {
      case UInt8(ascii: "$"), UInt8(ascii: "?"), UInt8(ascii: "`"), UInt8(ascii: "~"),
        UInt8(ascii: "\\"), UInt8(ascii: "|"), UInt8(ascii: "&"):
        return true
      default:
        // Control characters other than blanks and newlines.
        return byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0B
          && byte != 0x0C || byte == 0x7F
      }
    }
    let scalar = scalar(at: index).scalar
    return !scalar.properties.isXIDStart && !scalar.properties.isWhitespace
      && scalar != "\u{FEFF}" && Self.lookalikes[scalar] == nil
  }
}
