/// Draws a matrix as shaded cells: coloured backgrounds when the terminal has colour, shade
/// characters (` .:-=+*#%@` or `░▒▓█`) when not. Small matrices also print each number; large
/// ones are averaged down to fit the width.
public enum HeatmapRenderer {
  /// Matrices up to this size print their numbers (attention over a short sentence does).
  static let maxNumberedSide = 16
  /// Taller matrices are averaged in groups of rows, so a picture stays on one screen.
  static let maxRows = 40

  public static func render(_ map: Heatmap, options: RenderOptions) -> String {
    var lines = Lines()
    if let title = map.title { lines.append(title: title, options: options) }
    guard map.rows > 0, map.columns > 0 else {
      lines.append("(empty matrix)")
      return lines.text
    }
    let scale = ColourScale(low: map.range.low, high: map.range.high)
    let rowLabels = labels(map.rowLabels, count: map.rows)
    let rowLabelWidth = Swift.min(12, rowLabels.map(\.displayWidth).max() ?? 0)
    let available = options.width - rowLabelWidth - 1
    if let numbers = NumberedCells(map, available: available) {
      numbered(map, numbers, rowLabels, rowLabelWidth, scale, options, into: &lines)
      if options.colour != .none { lines.append(colourBar(scale, options)) }
    } else {
      shaded(map, rowLabelWidth: rowLabelWidth, available: available, scale, options, into: &lines)
      lines.append(colourBar(scale, options))
    }
    return lines.text
  }

  /// The given labels, or the indices when there are none.
  static func labels(_ given: [String], count: Int) -> [String] {
    (0..<count).map { $0 < given.count ? given[$0] : String($0) }
  }

  static func numbered(
    _ map: Heatmap, _ cells: NumberedCells, _ rowLabels: [String], _ rowLabelWidth: Int,
    _ scale: ColourScale, _ options: RenderOptions, into lines: inout Lines
  ) {
    let header = labels(map.columnLabels, count: map.columns).map {
      $0.truncated(to: cells.width - 1, unicode: options.unicode).leftPadded(to: cells.width - 1)
        + " "
    }
    lines.append(String(repeating: " ", count: rowLabelWidth + 1) + options.dim(header.joined()))
    for row in 0..<map.rows {
      var line =
        rowLabels[row].truncated(to: rowLabelWidth, unicode: options.unicode).leftPadded(
          to: rowLabelWidth) + " "
      for column in 0..<map.columns {
        let value = map[row, column]
        let text = cells.text(value).leftPadded(to: cells.width - 1) + " "
        line += cell(text, scale.colour(value), options)
      }
      lines.append(line)
    }
  }

  /// `text` on a background of `colour`, in black or white, whichever reads better.
  static func cell(_ text: String, _ colour: RGB, _ options: RenderOptions) -> String {
    guard options.colour != .none else { return text }
    let ink = colour.luminance > 0.45 ? RGB(gray: 0) : RGB(gray: 1)
    return options.background(colour) + options.foreground(ink) + text + RenderOptions.reset
  }

  static func shaded(
    _ map: Heatmap, rowLabelWidth: Int, available: Int, _ scale: ColourScale,
    _ options: RenderOptions, into lines: inout Lines
  ) {
    let grid = Downsampled(map, maxRows: maxRows, maxColumns: Swift.max(1, available))
    // Two characters per cell when they fit: a character is about twice as tall as wide.
    let cellWidth = grid.columns * 2 <= available ? 2 : 1
    let rowLabels =
      grid.rowGroup == 1
      ? labels(map.rowLabels, count: map.rows) : (0..<grid.rows).map { String($0 * grid.rowGroup) }
    lines.append(
      String(repeating: " ", count: rowLabelWidth + 1)
        + options.dim(columnRuler(map, grid, cellWidth)))
    for row in 0..<grid.rows {
      var line =
        rowLabels[row].truncated(to: rowLabelWidth, unicode: options.unicode).leftPadded(
          to: rowLabelWidth) + " "
      for column in 0..<grid.columns {
        let value = grid[row, column]
        if options.colour != .none {
          line += options.background(scale.colour(value)) + String(repeating: " ", count: cellWidth)
        } else {
          let glyph: Character =
            value.isFinite ? options.shade(scale.position(value)) : (options.unicode ? "×" : "x")
          line += String(repeating: glyph, count: cellWidth)
        }
      }
      lines.append(line + (options.colour == .none ? "" : RenderOptions.reset))
    }
    if grid.rowGroup > 1 || grid.columnGroup > 1 {
      let times = options.unicode ? "×" : "x"
      lines.append(
        options.dim("(each cell averages \(grid.rowGroup)\(times)\(grid.columnGroup) values)"))
    }
  }

  /// Column labels when every one fits its cell, else the index of every fifth or tenth column.
  static func columnRuler(_ map: Heatmap, _ grid: Downsampled, _ cellWidth: Int) -> String {
    if grid.columnGroup == 1, !map.columnLabels.isEmpty,
      map.columnLabels.allSatisfy({ $0.displayWidth <= cellWidth })
    {
      return map.columnLabels.map { $0.padded(to: cellWidth) }.joined()
    }
    let every = grid.columns * cellWidth > 40 ? 10 : 5
    var ruler = ""
    for column in stride(from: 0, to: grid.columns, by: every) {
      let position = column * cellWidth
      guard position >= ruler.count + (ruler.isEmpty ? 0 : 1) else { continue }
      ruler = ruler.padded(to: position) + String(column * grid.columnGroup)
    }
    return ruler
  }

  /// `low ▕gradient▏ high`: what the colours or shades mean.
  static func colourBar(_ scale: ColourScale, _ options: RenderOptions) -> String {
    let low = NumberText.compact(scale.low)
    let high = NumberText.compact(scale.high)
    guard options.colour != .none else {
      return options.dim("scale: \(low) [" + String(options.shades) + "] \(high)")
    }
    let steps = 24
    let bar = (0..<steps).map {
      options.background(
        scale.colour(scale.low + (scale.high - scale.low) * Double($0) / Double(steps - 1))) + " "
    }.joined()
    return "scale: \(low) " + bar + RenderOptions.reset + " \(high)"
  }
}

/// The width and text of numbered cells, or nil when the matrix is too big to number.
struct NumberedCells {
  /// Columns per cell, including one space of padding.
  let width: Int
  let decimals: Int
  let scientific: Bool

  init?(_ map: Heatmap, available: Int) {
    let side = HeatmapRenderer.maxNumberedSide
    if map.showNumbers == false
      || (map.showNumbers == nil && (map.rows > side || map.columns > side))
    {
      return nil
    }
    let finite = map.values.filter(\.isFinite)
    let largest = finite.map { Swift.abs($0) }.max() ?? 0
    scientific = largest >= 1e5
    if finite.allSatisfy({ $0 == $0.rounded() }) {
      decimals = 0
    } else {
      decimals = largest < 10 ? 2 : largest < 100 ? 1 : 0
    }
    let labelWidth = Swift.min(8, map.columnLabels.map(\.displayWidth).max() ?? 0)
    let numberWidth =
      map.values.map { [decimals, scientific] in
        NumberedCells.format($0, decimals, scientific).count
      }.max() ?? 1
    width = Swift.max(numberWidth, labelWidth, String(map.columns - 1).count) + 2
    guard width * map.columns <= available else { return nil }
  }

  static func format(_ value: Double, _ decimals: Int, _ scientific: Bool) -> String {
    scientific && value.isFinite
      ? NumberText.scientific(value, 1) : NumberText.fixed(value, decimals)
  }

  func text(_ value: Double) -> String { NumberedCells.format(value, decimals, scientific) }
}

/// A matrix averaged over groups of rows and columns so that it fits; non-finite values are
/// left out of averages (a group with no finite value stays masked).
struct Downsampled {
  let rows: Int
  let columns: Int
  let rowGroup: Int
  let columnGroup: Int
  private let values: [Double]

  init(_ map: Heatmap, maxRows: Int, maxColumns: Int) {
    rowGroup = (map.rows + maxRows - 1) / maxRows
    columnGroup = (map.columns + maxColumns - 1) / maxColumns
    rows = (map.rows + rowGroup - 1) / rowGroup
    columns = (map.columns + columnGroup - 1) / columnGroup
    var values = [Double]()
    values.reserveCapacity(rows * columns)
    for row in 0..<rows {
      for column in 0..<columns {
        var sum = 0.0
        var count = 0
        for r in (row * rowGroup)..<Swift.min(map.rows, (row + 1) * rowGroup) {
          for c in (column * columnGroup)..<Swift.min(map.columns, (column + 1) * columnGroup)
          where map[r, c].isFinite {
            sum += map[r, c]
            count += 1
          }
        }
        values.append(count == 0 ? -.infinity : sum / Double(count))
      }
    }
    self.values = values
  }

  subscript(row: Int, column: Int) -> Double { values[row * columns + column] }
}
