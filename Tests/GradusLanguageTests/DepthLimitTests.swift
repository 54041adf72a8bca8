import Testing

@testable import GradusLanguage

/// Deep nesting must give one clear error naming the limit, never a stack
/// overflow, both here and in later recursive walks of the tree.
@Suite("Parser: depth limits")
struct DepthLimitTests {
  static let limit = 50

  /// Builders of inputs nested `n` levels deep, by name.
  static let shapes: [String: @Sendable (Int) -> String] = [
    "parentheses": { n in
      "x = " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)
    },
    "brackets": { n in
      "x = " + String(repeating: "[", count: n) + "1" + String(repeating: "]", count: n)
    },
    "unary minus": { n in "x = " + String(repeating: "-", count: n) + "1" },
    "not": { n in "x = " + String(repeating: "not ", count: n) + "a" },
    "braces": { n in
      String(repeating: "if a {\n", count: n) + "b = 1\n" + String(repeating: "}\n", count: n)
    },
    "calls": { n in
      "x = " + String(repeating: "f(", count: n) + "1" + String(repeating: ")", count: n)
    },
    "indexes": { n in "x = a" + String(repeating: "[a", count: n) + String(repeating: "]", count: n)
    },
    "powers": { n in "x = 2" + String(repeating: "^2", count: n) },
    "additions": { n in "x = 1" + String(repeating: " + 1", count: n) },
    "fields": { n in "x = a" + String(repeating: ".b", count: n) },
  ]

  static var names: [String] { shapes.keys.sorted() }

  @Test(arguments: names)
  func atTheLimitParses(shape: String) throws {
    let build = try #require(Self.shapes[shape])
    for depth in [Self.limit - 1, Self.limit] {
      let result = Support.parse(build(depth), maxDepth: Self.limit)
      #expect(result.diagnostics.isEmpty, "\(shape) at depth \(depth): \(Support.rendered(result))")
    }
  }

  @Test(arguments: names)
  func pastTheLimitGivesOneError(shape: String) throws {
    let build = try #require(Self.shapes[shape])
    for depth in [Self.limit + 1, 100_000] {
      let result = Support.parse(build(depth), maxDepth: Self.limit)
      #expect(result.diagnostics.map(\.id) == [.nestingTooDeep], "\(shape) at depth \(depth)")
      #expect(result.diagnostics.first?.message == "nesting exceeds the limit of 50 levels")
    }
  }

  @Test func defaultLimitIsTwoHundred() {
    #expect(Parser.defaultMaxDepth == 200)
    let ok = "x = " + String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
    #expect(Support.parse(ok).diagnostics.isEmpty)
    let deep =
      "x = " + String(repeating: "(", count: 201) + "1" + String(repeating: ")", count: 201)
    #expect(Support.parse(deep).diagnostics.map(\.id) == [.nestingTooDeep])
  }

  @Test func hundredThousandUnclosedBracketsAtTheDefaultLimit() {
    for opener in ["(", "[", "-", "f(", "not "] {
      let result = Support.parse("x = " + String(repeating: opener, count: 100_000))
      #expect(result.diagnostics.map(\.id) == [.nestingTooDeep], "opener \(opener)")
    }
  }

  @Test func statementsBeforeTheDeepOneAreKept() {
    let result = Support.parse("a = 1\nb = " + String(repeating: "(", count: 1000))
    #expect(result.program.sexpr == "(= a 1)")
    #expect(result.diagnostics.count == 1)
  }

  @Test func treeHeightIsBounded() {
    let result = Support.parse("x = 1" + String(repeating: " + 1", count: 199))
    guard case .assign(_, let value) = result.program.statements.first?.kind else {
      Issue.record("no assignment")
      return
    }
    #expect(value.height == 199)
  }
}
