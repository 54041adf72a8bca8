/// A recursive-descent parser with one method per grammar rule
/// (`grammar/gradus.ebnf`), each citing its production.
///
/// Errors are reported, not thrown to the caller: a failed statement throws
/// `Failure.recoverable` up to the statement loop, which skips to the
/// next statement boundary (panic mode) and goes on, so one run reports every
/// independent syntax error. Nesting is bounded (`maxDepth`) so that no input
/// can overflow the stack, here or in a later recursive walk of the tree.
///
/// Line breaks end statements outside `(…)` and `[…]`; a line that ends in a
/// binary operator, `=` or `,` continues on the next line because the parser
/// is then still inside an expression.
public final class Parser {
  /// Default limit on nesting of brackets, blocks, prefix operators and
  /// operator chains.
  public static let defaultMaxDepth = 200
  /// Parsing stops after this many errors.
  static let maxErrors = 100

  // MARK: - Public API

  /// Parses a whole file (a lesson or a script) into cells of prose and code.
  public static func parse(_ source: SourceFile, maxDepth: Int = defaultMaxDepth) -> ParseResult {
    let lexed = Lexer.tokenize(source)
    let parser = Parser(source: source, tokens: lexed.tokens, maxDepth: maxDepth)
    parser.suppressedLines = Set(lexed.diagnostics.map { source.line(containing: $0.span.start) })
    let cells = parser.program()
    return ParseResult(
      program: Program(source: source, cells: cells),
      diagnostics: Self.merge(
        lexed.diagnostics, parser.diagnostics, stoppedEarly: parser.stoppedEarly))
  }

  /// Parses text under a display name; see `parse(_:maxDepth:)`.
  public static func parse(
    text: String, name: String = "<input>", maxDepth: Int = defaultMaxDepth
  ) -> ParseResult {
    parse(SourceFile(name: name, text: text), maxDepth: maxDepth)
  }

  /// Parses one REPL entry (one or more lines typed at the prompt). Ask
  /// `isIncomplete(_:)` first to decide whether to read a continuation line.
  public static func parseCell(
    _ text: String, name: String = "<repl>", maxDepth: Int = defaultMaxDepth
  ) -> ParseResult {
    parse(SourceFile(name: name, text: text), maxDepth: maxDepth)
  }

  // MARK: - State

  let source: SourceFile
  let tokens: [Token]
  /// `tokens.map(\.kind)`, kept apart because kinds are checked far more
  /// often than tokens are read, and copying a whole token costs a retain.
  let kinds: [TokenKind]
  var position = 0
  var diagnostics: [Diagnostic] = []
  var errorCount = 0
  let maxDepth: Int
  /// Current nesting (brackets, blocks, prefix operators), bounded by `maxDepth`.
  var depth = 0
  /// Enclosing `(` and `[` in the current statement: line breaks are blanks inside.
  var groupDepth = 0
  /// Enclosing function bodies and loops, for `return`, `break`, `continue`.
  var functionDepth = 0
  var loopDepth = 0
  /// Enclosing `{ }` blocks; models may only be declared outside all blocks.
  var blockDepth = 0
  /// Lines with a lexical error: parse errors there are mostly its echo.
  var suppressedLines: Set<Int> = []
  /// Set by a Python-style block header: the indentation its body is deeper than.
  var pythonBodyIndent: Int?
  /// Whether parsing gave up after `maxErrors` errors.
  var stoppedEarly = false
  /// Only the innermost of several blocks left open at the end is reported.
  var reportedUnclosedAtEnd = false

  init(source: SourceFile, tokens: [Token], maxDepth: Int) {
    self.source = source
    let end = source.utf8.count
    self.tokens =
      tokens.last?.kind == .eof
      ? tokens
      : tokens + [Token(kind: .eof, span: .point(end), text: "", startsLine: true)]
    self.kinds = self.tokens.map(\.kind)
    self.maxDepth = Swift.max(1, maxDepth)
  }

  /// Why a parse function gave up: the statement is abandoned (`recoverable`)
  /// or parsing stops altogether (`fatal`: nesting limit, too many errors).
  enum Failure: Error {
    case recoverable
    case fatal
  }

  // MARK: - Token helpers

  var current: Token { tokens[position] }
  var previous: Token { tokens[Swift.max(0, position - 1)] }

  func peek(_ ahead: Int) -> Token { tokens[Swift.min(position + ahead, tokens.count - 1)] }

  /// The kind of the current token.
  var kind: TokenKind { kinds[position] }

  func check(_ kind: TokenKind) -> Bool { kinds[position] == kind }

  @discardableResult
  func advance() -> Token {
    let token = current
    if position < tokens.count - 1 { position += 1 }
    return token
  }

  func match(_ kind: TokenKind) -> Token? {
    check(kind) ? advance() : nil
  }

  /// Consumes a token of `kind` or reports `message` where it is missing.
  @discardableResult
  func consume(_ kind: TokenKind, _ message: String, help: String? = nil)
    throws(Failure) -> Token
  {
    if let token = match(kind) { return token }
    throw fail(.unexpectedToken, "\(message), found \(current.quoted)", at: missingSpan, help: help)
  }

  /// Whether a line break before the current token ends the expression here.
  var atLineBreak: Bool { groupDepth == 0 && tokens[position].startsLine }

  /// Whether the current token ends a statement: `;`, `}`, a line break,
  /// prose, or the end of input.
  var atStatementEnd: Bool {
    atLineBreak || [.semicolon, .rightBrace, .eof, .prose].contains(kind)
  }

  /// Where to point at something missing: the current token, or just after
  /// the previous one if the current token is on a later line (so "expected
  /// an expression after `=`" points at the end of the `=` line).
  var missingSpan: Span {
    if position > 0, check(.eof) || current.startsLine { return .point(previous.span.end) }
    return current.span
  }

  // MARK: - Reporting

  func report(_ diagnostic: Diagnostic) {
    if diagnostic.severity == .error {
      guard !suppressedLines.contains(source.line(containing: diagnostic.span.start)) else {
        return
      }
      errorCount += 1
    }
    diagnostics.append(diagnostic)
  }

  /// Reports an error and returns the failure to throw.
  func fail(
    _ id: DiagnosticID, _ message: String, at span: Span, label: String? = nil,
    highlights: [Diagnostic.Highlight] = [], notes: [String] = [], help: String? = nil,
    fixIts: [Diagnostic.FixIt] = []
  ) -> Failure {
    report(
      .error(
        id, message, at: span, label: label, highlights: highlights, notes: notes, help: help,
        fixIts: fixIts))
    return .recoverable
  }

  // MARK: - Depth

  /// Enters one level of nesting; past `maxDepth` parsing stops with one error.
  func enterNesting(at span: Span) throws(Failure) {
    guard depth < maxDepth else { throw tooDeep(at: span) }
    depth += 1
  }

  func tooDeep(at span: Span) -> Failure {
    report(
      .error(
        .nestingTooDeep, "nesting exceeds the limit of \(maxDepth) levels", at: span,
        help: "split this into smaller statements that name their parts"))
    return .fatal
  }

  /// Builds an expression node, refusing trees taller than `maxDepth` (long
  /// chains like `a + a + … + a` nest without brackets).
  func node(_ kind: Expr.Kind, _ span: Span) throws(Failure) -> Expr {
    let expr = Expr(kind, span: span)
    guard expr.height > maxDepth else { return expr }
    switch kind {
    case .binary(_, _, _, let at), .comparison(_, _, _, let at), .logical(_, _, _, let at),
      .range(_, _, _, let at), .unary(_, _, let at):
      throw tooDeep(at: at)
    default:
      throw tooDeep(at: span)
    }
  }

  // MARK: - Merging diagnostics

  /// Lexer and parser diagnostics in source order, at most `maxErrors`
  /// errors, then a note if anything was left out or parsing stopped early.
  static func merge(
    _ lexical: [Diagnostic], _ syntactic: [Diagnostic], stoppedEarly: Bool
  ) -> [Diagnostic] {
    let all = (lexical + syntactic).enumerated().sorted {
      ($0.element.span.start, $0.offset) < ($1.element.span.start, $1.offset)
    }.map(\.element)
    var kept: [Diagnostic] = []
    var errors = 0
    var truncated = stoppedEarly
    for diagnostic in all {
      if diagnostic.severity == .error {
        errors += 1
        if errors > maxErrors {
          truncated = true
          break
        }
      }
      kept.append(diagnostic)
    }
    if truncated, let last = kept.last {
      kept.append(
        Diagnostic(
          .note, id: .tooManyErrors,
          message: "too many errors; stopped after \(Swift.min(errors, maxErrors))",
          span: last.span))
    }
    return kept
  }
}
