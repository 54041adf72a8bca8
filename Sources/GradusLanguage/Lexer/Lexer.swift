/// Turns source text into tokens with spans, one pass, linear time.
///
/// Lexical errors (a stray `$`, an unterminated string, `1e`) become
/// diagnostics and lexing goes on, so the parser still sees the rest of the
/// file. Common borrowings from other languages (`**`, `&&`, `!`, `'text'`,
/// `−` pasted from a PDF) are reported with the Gradus spelling and lexed as
/// if written that way, so a single slip gives a single error.
public final class Lexer {
  /// Tokens (always ending with `.eof`) and lexical diagnostics.
  public struct Result: Sendable {
    public let tokens: [Token]
    public let diagnostics: [Diagnostic]
  }

  /// Lexes a whole file.
  public static func tokenize(_ source: SourceFile) -> Result {
    let lexer = Lexer(bytes: source.utf8)
    lexer.run()
    return Result(tokens: lexer.tokens, diagnostics: lexer.diagnostics)
  }

  /// Lexing keeps going after this many diagnostics but stops recording them,
  /// so a megabyte of garbage cannot produce a megabyte of errors.
  static let maxDiagnostics = 200

  let bytes: [UInt8]
  var position = 0
  var tokens: [Token] = []
  var diagnostics: [Diagnostic] = []
  /// Open brackets of any kind; `#'` starts prose only outside all brackets.
  var bracketDepth = 0
  /// Whether a line break came since the last token.
  var pendingLineStart = true
  /// Whether only blanks came so far on this line.
  var onlyBlanksOnLine = true

  init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  func run() {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }  // byte-order mark
    while position < bytes.count {
      let byte = bytes[position]
      switch byte {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0B, 0x0C:
        position += 1
      case UInt8(ascii: "\n"):
        position += 1
        pendingLineStart = true
        onlyBlanksOnLine = true
      case UInt8(ascii: "#"): commentOrProse()
      case UInt8(ascii: "0")...UInt8(ascii: "9"): number()
      case UInt8(ascii: "\""): string()
      case UInt8(ascii: "'"): singleQuotedString()
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "_"):
        identifier()
      case 0x80...: nonASCII()
      default: punctuation()
      }
    }
    add(.eof, from: bytes.count, to: bytes.count, text: "")
  }

  // MARK: - Helpers

  /// The byte `ahead` places on, or 0 past the end (never traps).
  func peek(_ ahead: Int = 0) -> UInt8 {
    let index = position + ahead
    return index >= 0 && index < bytes.count ? bytes[index] : 0
  }

  func text(_ range: Range<Int>) -> String {
    String(decoding: bytes[range], as: UTF8.self)
  }

  func add(_ kind: TokenKind, from start: Int, to end: Int? = nil, text: String? = nil) {
    let end = end ?? position
    let token = Token(
      kind: kind, span: Span(start: start, end: end), text: text ?? self.text(start..<end),
      startsLine: pendingLineStart)
    tokens.append(token)
    pendingLineStart = false
    onlyBlanksOnLine = false
    switch kind {
    case .leftParen, .leftBracket, .leftBrace: bracketDepth += 1
    case .rightParen, .rightBracket, .rightBrace: bracketDepth = Swift.max(0, bracketDepth - 1)
    default: break
    }
  }

  func report(_ diagnostic: Diagnostic) {
    if diagnostics.count < Self.maxDiagnostics { diagnostics.append(diagnostic) }
  }

  static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  // MARK: - Comments and prose

  /// `#` starts a comment to the end of the line; `#'` as the first thing on
  /// a line (outside brackets) starts a line of Markdown prose instead.
  func commentOrProse() {
    let start = position
    let isProse = onlyBlanksOnLine && bracketDepth == 0 && peek(1) == UInt8(ascii: "'")
    while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
    guard isProse else { return }
    var end = position
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    var textStart = Swift.min(start + 2, end)
    if textStart < end, bytes[textStart] == UInt8(ascii: " ") { textStart += 1 }
    add(.prose, from: start, to: end, text: text(textStart..<end))
  }

  // MARK: - Names

  /// identifier -> XID_Start XID_Continue*   (ASCII: [A-Za-z_][A-Za-z0-9_]*)
  func identifier() {
    let start = position
    position += scalar(at: position).length
    skipIdentifierContinue()
    let name = text(start..<position)
    add(TokenKind.keywords[name] ?? .identifier, from: start, text: name)
  }

  func skipIdentifierContinue() {
    while position < bytes.count, let length = identifierContinueLength(at: position) {
      position += length
    }
  }

  /// Length in bytes of the identifier character at `index`, or nil if none.
  func identifierContinueLength(at index: Int) -> Int? {
    let byte = bytes[index]
    if byte < 0x80 {
      let isWordByte =
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
        || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || Self.isDigit(byte)
        || byte == UInt8(ascii: "_")
      return isWordByte ? 1 : nil
    }
    let (scalar, length) = scalar(at: index)
    return scalar.properties.isXIDContinue ? length : nil
  }

  /// Decodes the scalar at `index`; malformed input decodes as U+FFFD, one byte.
  func scalar(at index: Int) -> (scalar: Unicode.Scalar, length: Int) {
    guard index < bytes.count else { return ("\u{FFFD}", 1) }
    let lead = bytes[index]
    if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
    let length: Int
    var value: UInt32
    switch lead {
    case 0xC0...0xDF: (length, value) = (2, UInt32(lead & 0x1F))
    case 0xE0...0xEF: (length, value) = (3, UInt32(lead & 0x0F))
    case 0xF0...0xF7: (length, value) = (4, UInt32(lead & 0x07))
    default: return ("\u{FFFD}", 1)
    }
    guard index + length <= bytes.count else { return ("\u{FFFD}", 1) }
    for offset in 1..<length {
      let byte = bytes[index + offset]
      guard byte & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
      value = value << 6 | UInt32(byte & 0x3F)
    }
    return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
  }
}
