import Testing

@testable import GradusLanguage

/// Large and degenerate inputs parse quietly and in linear time.
@Suite("Parser: large and degenerate inputs")
struct PerformanceTests {
  static let megabyte = 1 << 20

  func timed(_ text: String) -> (ParseResult, Duration) {
    let clock = ContinuousClock()
    var result: ParseResult?
    let elapsed = clock.measure { result = Parser.parse(text: text) }
    return (result ?? Parser.parse(text: ""), elapsed)
  }

  @Test func oneMegabyteListOnOneLine() {
    let count = Self.megabyte / 5
    let text = "x = [" + String(repeating: "0.5, ", count: count) + "1]"
    let (result, elapsed) = timed(text)
    #expect(result.diagnostics.isEmpty)
    guard case .assign(_, let value) = result.program.statements.first?.kind,
      case .list(let items) = value.kind
    else {
      Issue.record("expected a list assignment")
      return
    }
    #expect(items.count == count + 1)
    // Generous: a debug build takes about a second; quadratic behaviour takes hours.
    #expect(elapsed < .seconds(20))
  }

  @Test(arguments: [
    ("comment", "# " + String(repeating: "x", count: megabyte)),
    ("string", "s = \"" + String(repeating: "a", count: megabyte) + "\""),
    ("name", String(repeating: "a", count: megabyte) + " = 1"),
    ("prose", "#' " + String(repeating: "word ", count: megabyte / 5)),
    ("blank lines", String(repeating: "\n", count: megabyte)),
    ("semicolons", String(repeating: ";", count: megabyte)),
  ])
  func oneMegabyteOf(kind: String, text: String) {
    let (result, elapsed) = timed(text)
    #expect(result.diagnostics.isEmpty, "\(kind)")
    #expect(elapsed < .seconds(20))
  }

  @Test func garbageIsReportedBriefly() {
    let text = String(repeating: "$ ", count: Self.megabyte / 2)
    let (result, elapsed) = timed(text)
    #expect(result.diagnostics.count <= Parser.maxErrors + 1)
    #expect(elapsed < .seconds(20))
  }

  @Test func manyStatementsScaleLinearly() {
    let text = String(repeating: "x = x + 1\n", count: 50_000)
    let (result, elapsed) = timed(text)
    #expect(result.diagnostics.isEmpty)
    #expect(result.program.statements.count == 50_000)
    #expect(elapsed < .seconds(20))
  }
}
