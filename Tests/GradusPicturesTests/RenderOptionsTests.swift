import GradusPictures
import Testing

/// The edge's decision from the environment: any reason for plain text wins.
struct RenderOptionsTests {
  static let utf8 = ["LANG": "en_US.UTF-8", "TERM": "xterm-256color"]

  struct Case: Sendable, CustomTestStringConvertible {
    let environment: [String: String]
    let isTerminal: Bool
    let columns: Int?
    let expected: RenderOptions
    let testDescription: String
  }

  static let cases: [Case] = [
    Case(
      environment: utf8, isTerminal: true, columns: 100,
      expected: RenderOptions(width: 100, colour: .ansi256, unicode: true),
      testDescription: "terminal"),
    Case(
      environment: utf8.merging(["COLORTERM": "truecolor"]) { $1 }, isTerminal: true, columns: 80,
      expected: RenderOptions(width: 80, colour: .trueColor, unicode: true),
      testDescription: "truecolor"),
    Case(
      environment: utf8.merging(["COLORTERM": "24bit"]) { $1 }, isTerminal: true, columns: nil,
      expected: RenderOptions(width: 72, colour: .trueColor, unicode: true),
      testDescription: "24bit, width unknown"),
    Case(
      environment: utf8.merging(["NO_COLOR": "1"]) { $1 }, isTerminal: true, columns: 80,
      expected: RenderOptions(width: 80, colour: .none, unicode: false), testDescription: "NO_COLOR"
    ),
    Case(
      environment: utf8.merging(["NO_COLOR": ""]) { $1 }, isTerminal: true, columns: 80,
      expected: RenderOptions(width: 80, colour: .ansi256, unicode: true),
      testDescription: "empty NO_COLOR is unset"),
    Case(
      environment: utf8, isTerminal: false, columns: nil, expected: .plain, testDescription: "pipe"),
    Case(
      environment: ["TERM": "xterm"], isTerminal: true, columns: 80,
      expected: RenderOptions(width: 80, colour: .none, unicode: false),
      testDescription: "no locale"),
    Case(
      environment: ["LANG": "C", "TERM": "xterm"], isTerminal: true, columns: 80,
      expected: RenderOptions(width: 80, colour: .none, unicode: false), testDescription: "C locale"
    ),
    Case(
      environment: ["LC_ALL": "C", "LANG": "en_US.UTF-8"], isTerminal: true, columns: 80,
      expected: RenderOptions(width: 80, colour: .none, unicode: false),
      testDescription: "LC_ALL wins"),
    Case(
      environment: ["LC_CTYPE": "de_DE.utf8", "LANG": "C"], isTerminal: true, columns: 80,
      expected: RenderOptions(width: 80, colour: .ansi256, unicode: true),
      testDescription: "LC_CTYPE before LANG"),
    Case(
      environment: ["LANG": "C.UTF-8", "TERM": "dumb"], isTerminal: true, columns: 80,
      expected: RenderOptions(width: 80, colour: .none, unicode: false),
      testDescription: "dumb terminal"),
    Case(
      environment: utf8.merging(["COLUMNS": "90"]) { $1 }, isTerminal: false, columns: nil,
      expected: RenderOptions(width: 90, colour: .none, unicode: false), testDescription: "COLUMNS"),
    Case(
      environment: utf8, isTerminal: true, columns: 20,
      expected: RenderOptions(width: 40, colour: .ansi256, unicode: true), testDescription: "narrow"
    ),
    Case(
      environment: utf8, isTerminal: true, columns: 400,
      expected: RenderOptions(width: 160, colour: .ansi256, unicode: true), testDescription: "wide"),
  ]

  @Test(arguments: cases)
  func decidesFromTheEnvironment(_ test: Case) {
    #expect(
      RenderOptions(
        environment: test.environment, isTerminal: test.isTerminal, columns: test.columns)
        == test.expected)
  }

  @Test func defaultsAreSeventyTwoColumns() {
    #expect(RenderOptions().width == 72)
    #expect(RenderOptions.plain == RenderOptions(width: 72, colour: .none, unicode: false))
  }
}
