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

  /// Code keeps its line breaks and spaces; a line wider than the text goes on under a
  /// dotted gutter instead of passing the edge.
  @Test func codeBlocksSitBehindTheGutterUnreflowed() {
    let long = String(repeating: "x", count: 36) + String(repeating: "z", count: 24)
    #expect(
      plain("```\n\(long)\n  y\n```")
        == "  │ \(String(repeating: "x", count: 36))\n  ┆ \(String(repeating: "z", count: 24))\n  │   y"
    )
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
    #expect(!plain("$x\u{1B}[31m$ and\n\n$$y\u{1B}[2J$$").contains("\u{1B}"))
  }

  @Test func hardBreaksForceANewLine() {
    #expect(plain("one\\\ntwo") == "one\ntwo")
  }

  /// A Chinese paragraph (source lines broken anywhere) at every width from 20 to 60: no line
  /// too wide, none starting with closing or ending with opening punctuation, `——` and
  /// `……` and numbers whole, and no space put between two Chinese characters.
  @Test func chineseTextFollowsTheChineseRulesAtEveryWidth() {
    let source = """
      学习率（learning rate）η=0.1 时，损失从 2.3026 降到
      0.0605……这说明“步长”合适。破折号——不能拆开——也不能
      出现在行首；GPT-3 有 175B 个参数，1,557,611,200 是一个数。
      """
    let display = DisplayWidth(ambiguousIsWide: false)
    for columns in 20...60 {
      let lines = plain(source, columns: columns).split(separator: "\n").map(String.init)
      let joined = lines.joined()
      for line in lines {
        #expect(display.columns(line) <= columns, "\(columns): \(line)")
        #expect(!BreakRules.neverStart.contains(line.first!), "\(columns): \(line)")
        #expect(!BreakRules.neverEnd.contains(line.last!), "\(columns): \(line)")
        #expect(!line.hasPrefix("…") && !(line.hasSuffix("—") && !line.hasSuffix("——")))
      }
      for whole in ["0.0605……", "1,557,611,200", "GPT-3", "2.3026", "η=0.1", "——"] {
        #expect(lines.contains { $0.contains(whole) }, "\(columns): \(whole) split")
      }
      // The source line break between 不能 and 出现 vanishes; the one after 降到 (before a
      // digit) becomes a space.
      #expect(joined.contains("不能出现"), "\(columns)")
      #expect(plain(source, columns: 200).contains("降到 0.0605"))
    }
  }
}

/// On a terminal that draws East Asian Ambiguous characters two columns wide, box drawing is
/// two columns per character: rules and tables must still line up.
@Suite struct AmbiguousWideProseTests {
  let wide = DisplayWidth(ambiguousIsWide: true)

  func render(_ markdown: String, columns: Int = 40) -> [Substring] {
    TerminalProse(columns: columns, styled: false, width: wide).render(markdown)
      .split(separator: "\n")
  }

  @Test func rulesAreAsWideAsTheirHeading() {
    let lines = render("## Abcdef")
    #expect(lines == ["Abcdef", "───"])
    #expect(wide.columns(lines[1]) == 6)
  }

  @Test func tableLinesAllHaveTheSameWidth() {
    for columns in [24, 30, 40, 60] {
      let lines = render(
        "| 词 | value |\n|---|--:|\n| 学习率 · α | 0.1 and a long explanation here |",
        columns: columns)
      let widths = Set(lines.map { wide.columns($0) })
      #expect(widths.count == 1, "\(columns): \(lines.joined(separator: "\n"))")
      #expect(widths.allSatisfy { $0 <= columns }, "\(columns)")
    }
  }
}

@Suite struct ASCIIProseTests {
  @Test func withoutUnicodeEverythingIsASCII() {
    let markdown = """
      # Title

      - item with $\\sqrt{d_k}$
      > quoted

      | a | b |
      |---|---|
      | 1 | 2 |

      $$\\frac{a}{b}$$
      """
    let text = TerminalProse(columns: 40, styled: false, unicode: false).render(markdown)
    #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "\(text)")
    #expect(text.hasPrefix("Title\n=====\n\n* item with sqrt(d_k)\n"))
    #expect(text.contains("+---+---+\n| a | b |\n+---+---+\n| 1 | 2 |\n+---+---+"))
  }
}
