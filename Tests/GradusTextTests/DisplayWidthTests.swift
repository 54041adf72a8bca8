import Testing

@testable import GradusText

@Suite struct DisplayWidthTests {
  let narrow = DisplayWidth(ambiguousIsWide: false)
  let wide = DisplayWidth(ambiguousIsWide: true)

  @Test func hanAndFullwidthTakeTwoColumns() {
    #expect(narrow.columns(Character("中")) == 2)
    #expect(narrow.columns(Character("。")) == 2)
    #expect(narrow.columns(Character("（")) == 2)
    #expect(narrow.columns(Character("Ａ")) == 2)
    #expect(narrow.columns("学习率") == 6)
  }

  @Test func latinTakesOne() {
    #expect(narrow.columns(Character("a")) == 1)
    #expect(narrow.columns("d_model") == 7)
  }

  @Test func ambiguousIsOneUnlessTheTerminalIsEastAsian() {
    for character in ["·", "×", "Σ", "α", "—", "…", "√", "∂", "≈", "←", "“", "”"] {
      #expect(narrow.columns(Character(character)) == 1, "\(character)")
      #expect(wide.columns(Character(character)) == 2, "\(character)")
    }
    #expect(wide.columns(Character("a")) == 1)
  }

  @Test func marksAndInvisibleCharactersTakeNone() {
    #expect(narrow.columns(Unicode.Scalar(0x0302)!) == 0)
    #expect(narrow.columns(Character("\u{200B}")) == 0)
    #expect(narrow.columns(Character("\u{2060}")) == 0)
    #expect(narrow.columns(Character("\u{FE0F}")) == 0)
    // y with a combining circumflex is one cluster of one column.
    #expect(narrow.columns("y\u{0302}") == 1)
    #expect(narrow.columns("\u{0007}") == 0)
  }

  @Test func emojiTakeTwo() {
    #expect(narrow.columns(Character("😀")) == 2)
    // A text-style symbol made a picture by the emoji variation selector.
    #expect(narrow.columns(Character("\u{2764}\u{FE0F}")) == 2)
    #expect(narrow.columns(Character("🇨🇳")) == 2)
  }

  @Test func theTableIsSortedAndDisjoint() {
    for table in [EastAsianWidthTable.wide, EastAsianWidthTable.ambiguous] {
      for (a, b) in zip(table, table.dropFirst()) { #expect(a.upperBound < b.lowerBound) }
    }
  }
}
