import Testing

@testable import GradusLanguage

@Suite("Lexer")
struct LexerTests {
  func tokens(_ text: String) -> [Token] {
    Array(Lexer.tokenize(SourceFile(name: "t", text: text)).tokens.dropLast())
  }

  func diagnostics(_ text: String) -> [Diagnostic] {
    Lexer.tokenize(SourceFile(name: "t", text: text)).diagnostics
  }

  @Test(arguments: [
    ("x = y", [TokenKind.identifier, .equal, .identifier]),
    ("+ - * / ^ @ %", [.plus, .minus, .star, .slash, .caret, .at, .percent]),
    ("== != < <= > >=", [.equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual]),
    ("= += -= *= /=", [.equal, .plusEqual, .minusEqual, .starEqual, .slashEqual]),
    ("... ..< . , : ;", [.dotDotDot, .dotDotLess, .dot, .comma, .colon, .semicolon]),
    ("()[]{}", [.leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace]),
    ("1...10", [.number, .dotDotDot, .number]),
    ("0..<n", [.number, .dotDotLess, .identifier]),
    ("x.T", [.identifier, .dot, .identifier]),
    ("2.", [.number, .dot]),
    ("a<=b", [.identifier, .lessEqual, .identifier]),
    ("x-=1", [.identifier, .minusEqual, .number]),
    (
      "fn model if else for in while return break continue",
      [
        .kwFn, .kwModel, .kwIf, .kwElse, .kwFor, .kwIn, .kwWhile, .kwReturn, .kwBreak, .kwContinue,
      ]
    ),
    (
      "and or not self true false none",
      [
        .kwAnd, .kwOr, .kwNot, .kwSelf, .kwTrue, .kwFalse, .kwNone,
      ]
    ),
    ("forward fnx iffy", [.identifier, .identifier, .identifier]),
    ("x # comment ( [ {\ny", [.identifier, .identifier]),
    ("", []),
    ("   \n\t\n", []),
  ])
  func kinds(text: String, expected: [TokenKind]) {
    #expect(Support.kinds(text) == expected)
    #expect(diagnostics(text).isEmpty)
  }

  @Test func spansAndLineStarts() {
    let result = tokens("ab = 12\n  c")
    #expect(result.map(\.span) == [Span(0..<2), Span(3..<4), Span(5..<7), Span(10..<11)])
    #expect(result.map(\.text) == ["ab", "=", "12", "c"])
    #expect(result.map(\.startsLine) == [true, false, false, true])
  }

  @Test(arguments: ["θ", "α_1", "中文", "w_ŷ", "café", "e\u{301}", "_private", "Δw", "ŷ"])
  func unicodeIdentifiers(name: String) {
    let result = tokens("\(name) = 0.1")
    #expect(result.first?.kind == .identifier)
    #expect(result.first?.text == name)
    #expect(diagnostics("\(name) = 0.1").isEmpty)
  }

  /// (text, lexeme kept in the token, value, written as integer)
  @Test(arguments: [
    ("3", "3", 3.0, true),
    ("0.5", "0.5", 0.5, false),
    ("1e-3", "1e-3", 0.001, false),
    ("2.5E+2", "2.5E+2", 250.0, false),
    ("1_000_000", "1_000_000", 1_000_000.0, true),
    ("6.8813735870195432", "6.8813735870195432", 6.8813735870195432, false),
    ("007", "007", 7.0, true),
  ])
  func numbers(text: String, lexeme: String, value: Double, isInteger: Bool) {
    let result = tokens(text)
    #expect(result.map(\.kind) == [.number])
    #expect(result.first?.text == lexeme)
    let literal = NumberLiteral(text: lexeme)
    #expect(literal.value == value)
    #expect(literal.isInteger == isInteger)
    #expect(diagnostics(text).isEmpty)
  }

  @Test func integerValue() {
    #expect(NumberLiteral(text: "42").integerValue == 42)
    #expect(NumberLiteral(text: "1_000").integerValue == 1000)
    #expect(NumberLiteral(text: "4.0").integerValue == nil)
    #expect(NumberLiteral(text: "99999999999999999999999").integerValue == nil)
  }

  /// (text, decoded value)
  @Test(arguments: [
    (#""loss""#, "loss"),
    (#""a\nb""#, "a\nb"),
    (#""tab\there""#, "tab\there"),
    (#""quote \" and \\ backslash""#, "quote \" and \\ backslash"),
    (#""\u{3B8} = \u{1F600}""#, "θ = 😀"),
    (#""""#, ""),
    (#""θ 中文""#, "θ 中文"),
  ])
  func strings(text: String, value: String) {
    let result = tokens(text)
    #expect(result.map(\.kind) == [.string])
    #expect(result.first?.text == value)
    #expect(result.first?.span == Span(start: 0, end: text.utf8.count))
    #expect(diagnostics(text).isEmpty)
  }

  /// Lexical errors: (text, diagnostic id, message, kinds still produced)
  @Test(arguments: [
    (
      "x = $", DiagnosticID.invalidCharacter, "unexpected character `$`",
      [TokenKind.identifier, .equal]
    ),
    (
      "x = $$$ + 1", .invalidCharacter, "unexpected characters `$$$`",
      [.identifier, .equal, .plus, .number]
    ),
    ("\"abc", .unterminatedString, "unterminated string", [.string]),
    ("\"abc\ny", .unterminatedString, "unterminated string", [.string, .identifier]),
    (#""a\qb""#, .invalidEscape, "unknown escape `\\q` in a string", [.string]),
    (#""\u{110000}""#, .invalidEscape, "invalid unicode escape", [.string]),
    ("1e", .invalidNumber, "invalid number `1e`: the exponent has no digits", [.number]),
    ("1e+", .invalidNumber, "invalid number `1e+`: the exponent has no digits", [.number]),
    ("3x", .invalidNumber, "invalid number `3x`: letters cannot follow digits", [.number]),
    ("0x1F", .invalidNumber, "invalid number `0x1F`: letters cannot follow digits", [.number]),
    ("1e999", .invalidNumber, "number `1e999` is too large", [.number]),
    ("x ** 2", .invalidCharacter, "powers are written with `^`", [.identifier, .caret, .number]),
    (
      "a && b", .invalidCharacter, "use `and` to combine conditions",
      [.identifier, .kwAnd, .identifier]
    ),
    (
      "a || b", .invalidCharacter, "use `or` to combine conditions",
      [.identifier, .kwOr, .identifier]
    ),
    ("!done", .invalidCharacter, "use `not` to negate a condition", [.kwNot, .identifier]),
    ("'loss'", .invalidCharacter, "strings are written with double quotes", [.string]),
    (
      "a − b", .invalidCharacter, "`−` is not a Gradus operator",
      [.identifier, .minus, .identifier]
    ),
    (
      "a × b", .invalidCharacter, "`×` is not a Gradus operator", [.identifier, .star, .identifier]
    ),
    (
      "a ≤ b", .invalidCharacter, "`≤` is not a Gradus operator",
      [.identifier, .lessEqual, .identifier]
    ),
    ("1..5", .invalidCharacter, "`..` is not an operator", [.number, .dotDotLess, .number]),
    ("x\u{200B}y", .invalidCharacter, "unexpected character U+200B", [.identifier, .identifier]),
    ("a ? b", .invalidCharacter, "unexpected character `?`", [.identifier, .identifier]),
    ("😀 = 1", .invalidCharacter, "unexpected character `😀`", [.equal, .number]),
  ])
  func lexicalErrors(text: String, id: DiagnosticID, message: String, kinds: [TokenKind]) {
    let found = diagnostics(text)
    #expect(found.map(\.id) == [id])
    #expect(found.first?.message == message)
    #expect(Support.kinds(text) == kinds)
  }

  @Test func badUnicodeEscapeDoesNotSwallowTheClosingQuote() {
    let text = #"s = "\u{12" + t"#
    #expect(diagnostics(text).map(\.id) == [.invalidEscape])
    #expect(Support.kinds(text) == [.identifier, .equal, .string, .plus, .identifier])
  }

  @Test func unterminatedStringPointsAtTheWholeString() {
    let found = diagnostics("x = \"abc\r\ny")
    #expect(found.first?.span == Span(start: 4, end: 8))
  }

  @Test func proseLines() {
    let text = "#' # Title\n#'plain\n  #' indented\nx = 1 #' not prose\n#'\n"
    let result = tokens(text)
    #expect(result.map(\.kind) == [.prose, .prose, .prose, .identifier, .equal, .number, .prose])
    #expect(
      result.filter { $0.kind == .prose }.map(\.text) == ["# Title", "plain", "indented", ""])
    #expect(result[0].span == Span(start: 0, end: 10))
  }

  @Test func proseMarkerInsideBracketsIsAComment() {
    #expect(
      Support.kinds("f(1,\n#' not prose\n2)") == [
        .identifier, .leftParen, .number, .comma, .number, .rightParen,
      ])
  }

  @Test func byteOrderMarkAndUnicodeSpacesAreBlanks() {
    #expect(Support.kinds("\u{FEFF}x\u{00A0}=\u{3000}1") == [.identifier, .equal, .number])
    #expect(diagnostics("\u{FEFF}x\u{00A0}=\u{3000}1").isEmpty)
  }

  @Test func crlfLineEndings() {
    let result = tokens("a\r\nb\r\n")
    #expect(result.map(\.kind) == [.identifier, .identifier])
    #expect(result.map(\.startsLine) == [true, true])
    #expect(result[1].span == Span(start: 3, end: 4))
  }

  @Test func everyTokenListEndsWithEOF() {
    for text in ["", "x", "\"unterminated", "$", "#' prose"] {
      let all = Lexer.tokenize(SourceFile(name: "t", text: text)).tokens
      #expect(all.last?.kind == .eof)
      #expect(all.last?.span == .point(text.utf8.count))
    }
  }

  @Test func continuationTokens() {
    for kind: TokenKind in [.plus, .star, .at, .caret, .equal, .comma, .dot, .kwAnd, .plusEqual] {
      #expect(kind.continuesLine)
    }
    for kind: TokenKind in [.rightParen, .identifier, .number, .rightBrace, .colon] {
      #expect(!kind.continuesLine)
    }
  }
}
