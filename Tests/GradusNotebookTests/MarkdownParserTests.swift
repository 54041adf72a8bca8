import Testing

@testable import GradusNotebook

/// What the lessons' Markdown must mean (READER.md §8): the regressions Ink had.
@Suite struct MarkdownParserTests {
  func parse(_ text: String) -> [MarkdownBlock] { MarkdownParser.parse(text) }

  @Test func intrawordUnderscoresStayText() {
    #expect(
      parse("with d_k rows and d_k columns") == [
        .paragraph([.text("with d_k rows and d_k columns")])
      ])
  }

  @Test func aLineStartingWithACodeSpanContinuesItsParagraph() {
    #expect(
      parse("the value of\n`x` is printed") == [
        .paragraph([.text("the value of "), .code("x"), .text(" is printed")])
      ])
  }

  @Test func anIndentedBlockIsCode() {
    #expect(
      parse("The loss:\n\n    L = (y - ŷ)²\n\nso") == [
        .paragraph([.text("The loss:")]), .code(language: "", text: "L = (y - ŷ)²"),
        .paragraph([.text("so")]),
      ])
  }

  @Test func twoDisplayFormulaLinesAreTwoBlocks() {
    #expect(parse("$$a_1$$\n$$b^2$$") == [.math(tex: "a_1"), .math(tex: "b^2")])
    #expect(
      parse("before\n$$\\frac{a}{b}$$\nafter") == [
        .paragraph([.text("before")]), .math(tex: "\\frac{a}{b}"), .paragraph([.text("after")]),
      ])
  }

  @Test func continuationLinesThatLookLikeMarkupStayText() {
    #expect(
      parse("introduced (Vaswani et al.,\n2017) in four ways") == [
        .paragraph([.text("introduced (Vaswani et al., 2017) in four ways")])
      ])
    #expect(
      parse("the number of\n|edges| of the graph") == [
        .paragraph([.text("the number of |edges| of the graph")])
      ])
  }

  @Test func emphasisMaySpanALineBreak() {
    #expect(
      parse("an *important\nidea* here") == [
        .paragraph([.text("an "), .emphasis([.text("important idea")]), .text(" here")])
      ])
  }

  @Test func chineseLinesJoinWithoutASpace() {
    #expect(parse("学习率\n太大。\nThen English") == [.paragraph([.text("学习率太大。 Then English")])])
  }

  @Test func inlineFormulasAndDollars() {
    #expect(
      parse("so $x_t = \\sigma(z)$, costs \\$5 and $10 or $ 3$") == [
        .paragraph([
          .text("so "), .math(tex: "x_t = \\sigma(z)", display: false),
          .text(", costs $5 and $10 or $ 3$"),
        ])
      ])
    // A closing dollar before a digit closes nothing.
    #expect(parse("from $5 to $6") == [.paragraph([.text("from $5 to $6")])])
  }

  @Test func formulasInCodeStayCode() {
    #expect(parse("`$x$` and") == [.paragraph([.code("$x$"), .text(" and")])])
    #expect(parse("```\n$$a$$\n```") == [.code(language: "", text: "$$a$$")])
  }

  @Test func headingsListsAndTables() {
    #expect(
      parse("## Two *words*") == [.heading(level: 2, [.text("Two "), .emphasis([.text("words")])])])
    #expect(
      parse("- one\n  more\n- two") == [
        .list(
          ordered: false, start: 0, tight: true,
          items: [[.paragraph([.text("one more")])], [.paragraph([.text("two")])]])
      ])
    #expect(
      parse("| a | b |\n|---|--:|\n| 1 | $x^2$ |") == [
        .table(
          alignments: [.none, .right], header: [[.text("a")], [.text("b")]],
          rows: [[[.text("1")], [.math(tex: "x^2", display: false)]]])
      ])
  }

  @Test func rawHTMLIsKeptAsText() {
    #expect(parse("<script>alert(1)</script>") == [.html("<script>alert(1)</script>")])
    #expect(
      parse("a <b>bold</b>") == [
        .paragraph([.text("a "), .html("<b>"), .text("bold"), .html("</b>")])
      ])
  }

  @Test func placeholderCharactersInTheProseCannotPoseAsFormulas() {
    #expect(
      parse("$a$ and \u{E000}0\u{E001}") == [
        .paragraph([.math(tex: "a", display: false), .text(" and \u{FFFD}0\u{FFFD}")])
      ])
  }

  @Test func formulasInAListItemsLaterParagraphsAreFormulas() {
    #expect(
      parse("- item\n\n    more $x_1$\n\nafter") == [
        .list(
          ordered: false, start: 0, tight: false,
          items: [
            [
              .paragraph([.text("item")]),
              .paragraph([.text("more "), .math(tex: "x_1", display: false)]),
            ]
          ]),
        .paragraph([.text("after")]),
      ])
    // Four columns past the item's text is code, formulas and all.
    #expect(
      parse("1. item\n\n       $x$") == [
        .list(
          ordered: true, start: 1, tight: false,
          items: [[.paragraph([.text("item")]), .code(language: "", text: "$x$")]])
      ])
  }

  @Test func listItemsStartWhereTheirTextDoes() {
    #expect(MathProtection.listItemContentIndent("- item") == 2)
    #expect(MathProtection.listItemContentIndent("  10. item") == 6)
    #expect(MathProtection.listItemContentIndent("*emphasis*") == nil)
    #expect(MathProtection.listItemContentIndent("2017) in four ways") == 6)
    #expect(MathProtection.listItemContentIndent("plain") == nil)
  }
}
