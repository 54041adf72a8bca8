import GradusText

/// A GFM table drawn with box-drawing lines, columns sized in display columns. When the
/// table is wider than the text, the widest columns give way and their cells wrap.
struct TerminalTable {
  let prose: TerminalProse
  let alignments: [TableAlignment]
  let header: [[MarkdownInline]]
  let rows: [[[MarkdownInline]]]

  func lines(columns: Int) -> [String] {
    let count = max(header.count, rows.map(\.count).max() ?? 0)
    guard count > 0 else { return [] }
    let headerRuns = (0..<count).map { cellRuns(header, $0, bold: true) }
    let rowRuns = rows.map { row in (0..<count).map { cellRuns(row, $0, bold: false) } }
    var widths = (0..<count).map { column in
      ([headerRuns[column]] + rowRuns.map { $0[column] }).map(naturalWidth).max() ?? 1
    }
    // A border (one column, two on an ambiguous-wide terminal) and two spaces per cell, and a
    // border at the end; one column per cell kept back for rounding up below.
    let glyphs = prose.glyphs
    let border = prose.breaker.width.columns(glyphs.vertical)
    let available = columns - (border + 2) * count - border - (border - 1) * count
    while widths.reduce(0, +) > available, let widest = widths.max(), widest > 3 {
      widths[widths.firstIndex(of: widest)!] -= 1
    }
    // The rules under a cell are whole `─`s: its width plus padding must be a multiple of them.
    widths = widths.map { $0 + ($0 + 2) % border }
    let rule = { (corners: (Character, Character, Character)) in
      String(corners.0)
        + widths.map { prose.rule(glyphs.rule, columns: $0 + 2) }.joined(
          separator: String(corners.1)) + String(corners.2)
    }
    var result = [rule(glyphs.top)]
    result += row(headerRuns, widths)
    result.append(rule(glyphs.middle))
    for cells in rowRuns { result += row(cells, widths) }
    result.append(rule(glyphs.bottom))
    return result
  }

  func cellRuns(_ row: [[MarkdownInline]], _ column: Int, bold: Bool) -> [TextRun<ProseStyle>] {
    column < row.count ? prose.runs(row[column], ProseStyle(bold: bold)) : []
  }

  func naturalWidth(_ runs: [TextRun<ProseStyle>]) -> Int {
    max(1, runs.reduce(0) { $0 + prose.breaker.width.columns($1.text) })
  }

  /// One table row: each cell wrapped to its column, padded by the column's alignment.
  func row(_ cells: [[TextRun<ProseStyle>]], _ widths: [Int]) -> [String] {
    let wrapped = cells.enumerated().map { column, runs in
      prose.breaker.lines(runs, columns: widths[column])
    }
    let height = wrapped.map(\.count).max() ?? 1
    return (0..<height).map { lineIndex in
      let parts = wrapped.enumerated().map { column, lines in
        let line = lineIndex < lines.count ? lines[lineIndex] : []
        return padded(line, to: widths[column], alignment: alignments[safe: column] ?? .none)
      }
      let bar = String(prose.glyphs.vertical)
      return bar + " " + parts.joined(separator: " \(bar) ") + " " + bar
    }
  }

  func padded(_ line: [TextRun<ProseStyle>], to width: Int, alignment: TableAlignment) -> String {
    let used = line.reduce(0) { $0 + prose.breaker.width.columns($1.text) }
    let spare = max(0, width - used)
    let left: Int
    switch alignment {
    case .right: left = spare
    case .center: left = spare / 2
    case .none, .left: left = 0
    }
    return String(repeating: " ", count: left) + prose.draw(line)
      + String(repeating: " ", count: spare - left)
  }
}

extension Array {
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
