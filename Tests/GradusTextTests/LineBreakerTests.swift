import Testing

@testable import GradusText

@Suite struct BreakOpportunityTests {
  let breaker = LineBreaker(width: DisplayWidth(ambiguousIsWide: false))

  /// Frozen examples: `|` marks every place a line may break.
  @Test(arguments: [
    "学|习|率|（learning |rate）|η=0.1。",
    "破|折|号|——|不|能",
    "0.0605……|这",
    "GPT-3|有|175B|个",
    "a |line |of |English |words.",
    "the |gradient |∂L/∂w |is |0.7071, |not |1,557,611,200.",
    "在|训|练|中，|损|失|下|降。",
    "“你|好”|他|说。",
    "(see |lesson |3) |and |[this]",
    "wait… |then",
    "x |= |−3",
  ])
  func breaksWhereTheRulesAllow(expected: String) {
    let text = String(expected.filter { $0 != "|" })
    #expect(breaker.marked(text) == expected)
  }
}

@Suite struct ReflowTests {
  let breaker = LineBreaker(width: DisplayWidth(ambiguousIsWide: false))

  func widest(_ lines: [String]) -> Int {
    lines.map { breaker.width.columns($0) }.max() ?? 0
  }

  @Test func englishFillsGreedilyAndDropsTheSpaceAtTheBreak() {
    let lines = breaker.lines("the quick brown fox jumps over the lazy dog", columns: 15)
    #expect(lines == ["the quick brown", "fox jumps over", "the lazy dog"])
  }

  @Test func chineseBreaksBetweenCharactersButNotBeforeClosingPunctuation() {
    let text = "在训练中，损失下降得很快。学习率太大时，损失会发散。"
    for columns in [6, 7, 10, 13, 20] {
      let lines = breaker.lines(text, columns: columns)
      #expect(lines.joined() == text, "no character lost or added at \(columns)")
      #expect(widest(lines) <= columns)
      for line in lines {
        #expect(!BreakRules.neverStart.contains(line.first!), "\(line) at \(columns)")
      }
    }
    #expect(
      breaker.lines(text, columns: 10) == ["在训练中，", "损失下降得", "很快。学习", "率太大时，", "损失会发", "散。"])
  }

  @Test func aProhibitedCharacterPullsThePreviousOneDown() {
    // 损失下降得很快 fills 14 columns, but 。 may not start a line: 快 goes down with it.
    #expect(breaker.lines("损失下降得很快。", columns: 14) == ["损失下降得很", "快。"])
  }

  @Test func dashPairsAndEllipsesStayWhole() {
    let lines = breaker.lines("破折号——不能分开……这样", columns: 7)
    #expect(lines.allSatisfy { !$0.hasPrefix("—") || $0.hasPrefix("——") })
    #expect(lines.joined() == "破折号——不能分开……这样")
    #expect(!lines.contains { $0.hasSuffix("—") && !$0.hasSuffix("——") })
    #expect(!lines.contains { $0.hasPrefix("…") })
  }

  @Test func aWordLongerThanTheLineIsCutBetweenCharacters() {
    let url = "https://example.org/a/very/long/path/that/does/not/fit"
    let lines = breaker.lines("see " + url + " now", columns: 20)
    #expect(lines.first == "see")
    #expect(widest(lines) <= 20)
    #expect(lines.dropFirst().joined().hasPrefix(url))
  }

  @Test func aWideCharacterIsNeverCutInHalf() {
    let lines = breaker.lines("中文中文中", columns: 3)
    #expect(lines == ["中", "文", "中", "文", "中"])
  }

  @Test func forcedBreaksAndEmptyText() {
    #expect(breaker.lines("one\ntwo", columns: 40) == ["one", "two"])
    #expect(breaker.lines("", columns: 40) == [""])
  }

  @Test func aFormulaRunIsNeverSplitAndACodeSpanOnlyAtItsSpaces() {
    let runs = [
      TextRun("scores ", style: 0), TextRun("QKᵀ/√dₖ", style: 1, breaking: .never),
      TextRun(" and ", style: 0), TextRun("`let x=1`", style: 2, breaking: .atSpaces),
    ]
    let lines = breaker.lines(runs, columns: 9).map { $0.map(\.text).joined() }
    #expect(lines == ["scores", "QKᵀ/√dₖ", "and `let", "x=1`"])
  }

  @Test func sourceLinesJoinWithoutASpaceBetweenChineseCharacters() {
    #expect(BreakRules.lineJoiner(after: "习", before: "率") == "")
    #expect(BreakRules.lineJoiner(after: "，", before: "率") == "")
    #expect(BreakRules.lineJoiner(after: "a", before: "率") == " ")
    #expect(BreakRules.lineJoiner(after: "a", before: "b") == " ")
  }
}
