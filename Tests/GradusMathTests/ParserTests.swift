import Testing

@testable import GradusMath

/// The parser never fails: unknown commands are shown as written and reported, broken input
/// still renders, and every formula in the lessons is known.
struct ParserTests {
  @Test func everyLessonFormulaIsKnown() throws {
    let formulas = try LessonFiles.formulas()
    #expect(formulas.count >= 9)
    for (file, tex) in formulas {
      #expect(MathFormula(tex: tex).unknownCommands == [], "\(file): \(tex)")
    }
  }

  @Test func unknownCommandsAreShownAsWrittenAndListed() {
    let formula = MathFormula(tex: #"\foo + \bar{x} \baz_1 + \text{a \qux b}"#)
    #expect(formula.unknownCommands == [#"\foo"#, #"\baz"#, #"\qux"#])
    #expect(formula.inlineText() == #"\foo + x̄\baz₁ + a \qux b"#)
    #expect(mathMLBody(#"\foo"#) == #"<merror><mtext>\foo</mtext></merror>"#)
  }

  @Test(arguments: [
    ("x^", "x"), ("{a", "a"), ("a}", "a}"), (#"\right) x"#, ")x"), (#"\left( x"#, "(x"),
    (#"\frac{a}"#, "a/()"), ("\\", "\\"), (#"\sqrt"#, "√()"), ("x_1_2", "x₁₂"), ("", ""),
    (#"\left"#, ""), ("^2", "²"), (#"\sqrt[3"#, "∛()"),
  ])
  func brokenInputStillRenders(_ tex: String, inline: String) {
    let formula = MathFormula(tex: tex)
    #expect(formula.inlineText() == inline)
    _ = formula.displayLines(width: 20)
    _ = formula.mathML(display: true)
  }

  /// Nesting far beyond any formula is cut off at the depth limit instead of overflowing the
  /// stack of the parser or the renderers, and the rest is still shown.
  @Test(arguments: [
    String(repeating: "{", count: 5000) + "x" + String(repeating: "}", count: 5000),
    String(repeating: #"\frac"#, count: 5000),
    String(repeating: #"\left("#, count: 5000),
    String(repeating: "x^{", count: 5000),
    String(repeating: #"\sqrt["#, count: 5000),
  ])
  func deepNestingIsBounded(_ tex: String) {
    var parser = MathParser(tex)
    let nodes = parser.parseFormula()
    #expect(nodes.map(Self.depth).max() ?? 0 <= 2 * MathParser.maximumDepth + 2)
    let formula = MathFormula(tex: tex)
    #expect(!formula.displayLines(width: 80).isEmpty)
    #expect(formula.mathML(display: false).hasPrefix("<math"))
  }

  /// How many nodes deep the tree goes below this node.
  private static func depth(_ node: MathNode) -> Int {
    let children: [MathNode]
    switch node {
    case .group(let nodes), .fenced(_, let nodes, _): children = nodes
    case .scripts(let base, let sub, let sup): children = [base] + [sub, sup].compactMap { $0 }
    case .fraction(let numerator, let denominator): children = [numerator, denominator]
    case .root(let radicand, let index): children = [radicand] + [index].compactMap { $0 }
    case .accent(let base, _): children = [base]
    default: children = []
    }
    return 1 + (children.map(depth).max() ?? 0)
  }

  @Test func settingTheSourceParsesIt() {
    var formula = MathFormula(tex: #"\foo"#)
    formula.source = #"\alpha"#
    #expect(formula.inlineText() == "α")
    #expect(formula.unknownCommands == [])
  }

  @Test func lessonSpansAreFound() {
    let spans = LessonFiles.mathSpans(in: #"cost $$a_b$$ is `$x$` and $c$ but $ 5 and 6 $"#)
    #expect(spans == ["a_b", "c"])
  }
}
