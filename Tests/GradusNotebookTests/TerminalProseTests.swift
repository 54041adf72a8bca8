import GradusText
import Testing

@testable import GradusNotebook

@Suite struct TerminalProseTests {
  func plain(_ markdown: String, columns: Int = 40) -> String {
    TerminalProse(columns: columns, styled: false).render(markdown)
  }

  @Test func headingsGetARuleAsWideAsTheirText() {
    #expect(plain("# Lesson 1\n\n## Step two") == "Lesson 1\n════════\n\nStep two\n────────")
    #expect(plain("## 注意力") == "注意力\n──────")
  }

  @Test func paragraphsReflowAndCodeSpansKeepTheirBackticksOnAPipe() {
    #expect(
      plain("A `d_k` long line\nthat wraps **here** and *there* too.", columns: 20)
        == "A `d_k` long line\nthat wraps here and\nthere too.")
  }

  @Test func bulletsAndNumbersHangTheirLaterLines() {
    #expect(
      plain("- one two three four five six\n- seven", columns: 20)
        == "• one two three four\n  five six\n• seven")
    let numbered = (1...10).map { "\($0). item" }.joined(separator: "\n")
    let lines = plain(numbered).split(separator: "\n")
    #expect(lines.first == " 1. item")
    #expect(lines.last == "10. item")
  }

  @Test func codeBlocksSitBehindTheGutterUnwrapped() {
    let long = String(repeating: "x", count: 60)
    #expect(plain("```\n\(long)\n  y\n```") == "  │ \(long)\n  │   y")
  }

  @Test func tablesAreAlignedInDisplayColumns() {
    let table = plain("| 词 | value |\n|---|--:|\n| 学习率 | 0.1 |")
    #expect(
      table == """
        ┌────────┬───────┐
        │ 词     │ value │
        ├────────┼───────┤
        │ 学习率 │   0.1 │
        └────────┴───────┘
        """)
  }

  @Test func aTableTooWideWrapsItsWidestColumn() {
    let table = plain(
      "| a | b |\n|---|---|\n| short | a rather long cell that cannot fit |", columns: 30)
    let display = DisplayWidth(ambiguousIsWide: false)
    for line in table.split(separator: "\n") { #expect(display.columns(line) <= 30) }
    #expect(table.contains("│ short │"))
  }

  @Test func linksShowTheirAddress() {
    #expect(
      plain("see [the docs](https://example.org/x) now", columns: 30)
        == "see the docs\n(https://example.org/x) now")
    #expect(plain("<https://example.org>") == "https://example.org")
  }

  @Test func quotesAndRules() {
    #expect(plain("> quoted\n\n---") == "┃ quoted\n\n" + String(repeating: "─", count: 40))
  }

  @Test func chineseParagraphsJoinTheirLinesAndBreakByTheRules() {
    #expect(plain("学习率太大时，\n损失会发散。", columns: 20) == "学习率太大时，损失会\n发散。")
  }

  @Test func stylesCloseAtEveryLineEnd() {
    let styled = TerminalProse(columns: 20, styled: true).render(
      "**bold words that run on and on** and `code`")
    for line in styled.split(separator: "\n") {
      #expect(!line.contains("\u{1B}") || line.hasSuffix("\u{1B}[0m"), "\(line)")
    }
    #expect(styled.hasPrefix("\u{1B}[1mbold words that run\u{1B}[0m\n\u{1B}[1mon and on\u{1B}[0m"))
    #expect(styled.contains("\u{1B}[36mcode\u{1B}[0m"))
  }

  @Test func controlCharactersNeverReachTheTerminal() {
    #expect(!plain("a \u{1B}[31mred").contains("\u{1B}"))
  }

  @Test func hardBreaksForceANewLine() {
    #expect(plain("one\\\ntwo") == "one\ntwo")
  }
}
