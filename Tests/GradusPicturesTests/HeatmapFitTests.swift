import Testing

@testable import GradusPictures

/// Heatmaps print numbers only where they fit, and measure labels in terminal columns, so
/// Chinese labels (two columns a character) keep the grid aligned.
struct HeatmapFitTests {
  @Test func displayWidthCountsWideCharactersTwice() {
    #expect(DisplayWidth.of("中") == 2)
    #expect(DisplayWidth.of("a") == 1)
    #expect(DisplayWidth.of("·") == 1)
    #expect(DisplayWidth.of("a\u{302}") == 1)
    #expect(DisplayWidth.of("\u{200B}") == 0)
    #expect(DisplayWidth.of("😀") == 2)
    #expect(DisplayWidth.of("学习率 lr") == 9)
    #expect(DisplayWidth.of("ＡＢ") == 4)
    #expect(DisplayWidth.prefix("学习率", fitting: 5) == "学习")
    #expect("学习率".truncated(to: 5, unicode: true) == "学习…")
    #expect("学习率".truncated(to: 4, unicode: true) == "学… ")
  }

  @Test(arguments: [RenderOptions.plain, RenderOptions(width: 72, colour: .none, unicode: true)])
  func chineseLabelsKeepTheGridAligned(options: RenderOptions) {
    let map = Heatmap(
      rows: 3, columns: 3, values: [0.9, 0.05, 0.05, 0.2, 0.7, 0.1, 0.3, 0.3, 0.4],
      rowLabels: ["我", "爱", "学习"], columnLabels: ["我", "爱", "学习"])
    let lines = TerminalPictureRenderer.render(.heatmap(map), options: options)
      .split(separator: "\n").map(String.init)
    // The header and the three rows end at the same column: labels are right-aligned over
    // the numbers, rows start after labels of one width.
    let grid = Array(lines.prefix(4))
    #expect(Set(grid.map(\.displayWidth)).count == 1, "\(lines.joined(separator: "\n"))")
    #expect(grid[1].hasPrefix("  我 "))
    #expect(grid[3].hasPrefix("学习 "))
    for line in lines { #expect(line.displayWidth <= options.width) }
  }

  /// 16 × 16 numbers like `-2.2e5` would need type under 7 px in 26 px cells: colour only.
  @Test func svgNumbersAppearOnlyWhereTheyFit() throws {
    let tiny = Heatmap(
      rows: 16, columns: 16, values: (0..<256).map { -1e5 - Double($0) * 1234.5 },
      showNumbers: true)
    let crowded = SVGPictureRenderer.render(.heatmap(tiny))
    // Cell 100 is -223450: it would read `-2.2e5`.
    #expect(!crowded.contains(">-2.2e5</text>"))
    let roomy = Heatmap(
      rows: 4, columns: 4, values: Array(tiny.values.prefix(16)), showNumbers: true)
    #expect(SVGPictureRenderer.render(.heatmap(roomy)).contains(">-1.1e5</text>"))
    let small = Heatmap(rows: 3, columns: 3, values: (0..<9).map { Double($0) / 9 - 0.5 })
    let svg = SVGPictureRenderer.render(.heatmap(small))
    #expect(svg.contains(">-0.50</text>"))
    // Every number's width (0.6 em a character) stays inside its cell.
    let cell = min(52, SVGHeatmap.area / 3)
    for line in svg.split(separator: "\n") where line.contains(">-0.50</text>") {
      let size = try #require(
        Double(line.split(separator: "font-size=\"")[1].prefix { $0 != "\"" }))
      #expect(size * 0.6 * 5 <= cell - 4 + 1e-9)
      #expect(size >= SVGHeatmap.smallestNumberSize)
    }
  }
}
