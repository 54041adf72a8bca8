/// A rectangle of terminal text with a baseline row, the unit of the display layout: boxes sit
/// side by side on a common baseline or stack above one another, centred.
struct TextBox {
  /// The rows, each padded with spaces to `width` display columns.
  private(set) var rows: [String]
  private(set) var baseline: Int
  private(set) var width: Int

  var height: Int { rows.count }
  /// Rows above the baseline, and the baseline row and those below it.
  var ascent: Int { baseline }
  var descent: Int { rows.count - baseline }

  init(_ line: String) {
    self.init(rows: [line], baseline: 0)
  }

  init(rows: [String], baseline: Int) {
    let width = rows.map(displayColumns).max() ?? 0
    self.init(paddedRows: rows.map { Self.padded($0, to: width) }, baseline: baseline, width: width)
  }

  /// Rows already `width` columns wide, as `beside` makes them: no need to measure them again,
  /// which would cost a pass over every row at every level of nesting.
  private init(paddedRows: [String], baseline: Int, width: Int) {
    self.rows = paddedRows
    self.baseline = baseline
    self.width = width
  }

  /// Boxes side by side, baselines aligned, with `gapBefore` columns before each.
  static func beside(_ parts: [(box: TextBox, gapBefore: Int)]) -> TextBox {
    let ascent = parts.map(\.box.ascent).max() ?? 0
    let descent = parts.map(\.box.descent).max() ?? 1
    var rows = Array(repeating: "", count: ascent + descent)
    for (box, gap) in parts {
      let top = ascent - box.ascent
      let blank = String(repeating: " ", count: box.width)
      for row in rows.indices {
        let inside = row - top
        rows[row] += String(repeating: " ", count: gap)
        rows[row] += box.rows.indices.contains(inside) ? box.rows[inside] : blank
      }
    }
    let width = parts.reduce(0) { $0 + $1.gapBefore + $1.box.width }
    return TextBox(paddedRows: rows, baseline: ascent, width: width)
  }

  /// Boxes one above another, each centred in the widest (a leftover column goes right), with
  /// the baseline on the row `baseline` of the result.
  static func stacked(_ boxes: [TextBox], width: Int? = nil, baseline: Int) -> TextBox {
    let width = width ?? boxes.map(\.width).max() ?? 0
    var rows: [String] = []
    for box in boxes {
      let left = String(repeating: " ", count: max(0, (width - box.width) / 2))
      rows += box.rows.map { left + $0 }
    }
    return TextBox(rows: rows, baseline: baseline)
  }

  /// The rows without trailing spaces, blank rows at the top and bottom dropped.
  var lines: [String] {
    var lines = rows.map { String($0.reversed().drop { $0 == " " }.reversed()) }
    while lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
    while lines.count > 1, lines.first?.isEmpty == true { lines.removeFirst() }
    return lines
  }

  private static func padded(_ row: String, to width: Int) -> String {
    row + String(repeating: " ", count: max(0, width - displayColumns(row)))
  }
}
