import Foundation
import Testing

@testable import GradusLanguage

/// Helpers shared by the language tests.
enum Support {
  /// Parses `text` under the name `test.grad`.
  static func parse(_ text: String, maxDepth: Int = Parser.defaultMaxDepth) -> ParseResult {
    Parser.parse(text: text, name: "test.grad", maxDepth: maxDepth)
  }

  /// The S-expression of every statement, one per line; records an issue if
  /// parsing reported anything.
  static func sexpr(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let result = parse(text)
    #expect(
      result.diagnostics.isEmpty, "unexpected diagnostics:\n\(rendered(result))",
      sourceLocation: sourceLocation)
    return result.program.sexpr
  }

  /// Plain rendering of every diagnostic.
  static func rendered(_ result: ParseResult) -> String {
    DiagnosticRenderer(style: .plain).render(result.diagnostics, in: result.program.source)
  }

  /// Plain rendering of the diagnostics for `text`.
  static func rendered(_ text: String) -> String {
    rendered(parse(text))
  }

  /// Token kinds for `text`, without the final `.eof`.
  static func kinds(_ text: String) -> [TokenKind] {
    Lexer.tokenize(SourceFile(name: "test.grad", text: text)).tokens.map(\.kind).dropLast()
  }

  /// The repository root, found from this file's path
  /// (`Tests/GradusLanguageTests/TestSupport.swift`), symbolic links resolved.
  static var repositoryRoot: String {
    URL(fileURLWithPath: "\(#filePath)").resolvingSymlinksInPath()
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
  }
}
