/// A heatmap as SVG: coloured cells (numbers in small matrices), labels, and a colour bar.
enum SVGHeatmap {
  /// Larger matrices are averaged down; a cell under 3 pixels tells nothing.
  static let maxSide = 96
  static let area = 420.0
  /// Numbers smaller than this (in pixels) cannot be read; such cells show colour only.
  static let smallestNumberSize = 7.0

  static func render(_ map: Heatmap) -> String {
    let titleHeight = map.title == nil ? 8.0 : 30.0
    guard map.rows > 0, map.columns > 0 else {
      var canvas = SVGCanvas(width: 240, height: titleHeight + 30)
      canvas.text(map.title ?? "", x: 8, y: 20, size: 13, bold: true)
      canvas.text("empty matrix", x: 8, y: titleHeight + 16, fill: SVGCanvas.axis)
      return canvas.document(title: Picture.heatmap(map).summary)
    }
    let grid = Downsampled(map, maxRows: maxSide, maxColumns: maxSide)
    let numbers =
      grid.rowGroup == 1 && grid.columnGroup == 1 ? NumberedCells(map, available: Int.max) : nil
    let cell = Swift.max(
      3, Swift.min(numbers == nil ? 28 : 52, area / Double(Swift.max(grid.rows, grid.columns))))
    // Numbers only when the longest one fits inside its cell at a readable size.
    let numberSize = numbers.map { numbers in
      let longest = map.values.map { numbers.text($0).count }.max() ?? 1
      return Swift.min(12, (cell - 4) / (Double(longest) * SVGCanvas.characterWidth))
    }
    let printsNumbers = (numberSize ?? 0) >= SVGHeatmap.smallestNumberSize
    let rowLabels = grid.rowGroup == 1 ? HeatmapRenderer.labels(map.rowLabels, count: map.rows) : []
    let columnLabels =
      grid.columnGroup == 1 ? HeatmapRenderer.labels(map.columnLabels, count: map.columns) : []
    // Show labels only when cells are tall enough to tell which row a label names.
    let showRowLabels = cell >= 9 && !rowLabels.isEmpty
    let showColumnLabels = cell >= 9 && !columnLabels.isEmpty
    let labelSize = Swift.min(11, cell * 0.8)
    let leftWidth =
      showRowLabels
      ? SVGCanvas.textWidth(
        rowLabels.max { $0.displayWidth < $1.displayWidth } ?? "", size: labelSize) + 10 : 4
    let longestColumn = columnLabels.map(\.displayWidth).max() ?? 0
    let rotate = Double(longestColumn) * labelSize * SVGCanvas.characterWidth > cell - 6
    let topHeight =
      showColumnLabels
      ? (rotate ? Double(Swift.min(longestColumn, 16)) * labelSize * 0.45 + 14 : 16) : 4
    let left = 8 + leftWidth
    let top = titleHeight + topHeight
    let width = Double(grid.columns) * cell
    let height = Double(grid.rows) * cell
    var canvas = SVGCanvas(
      width: left + width + 120, height: Swift.max(top + height + 12, top + 140))
    if let title = map.title { canvas.text(title, x: 8, y: 20, size: 13, bold: true) }
    let scale = ColourScale(low: map.range.low, high: map.range.high)
    for row in 0..<grid.rows {
      for column in 0..<grid.columns {
        let value = grid[row, column]
        let colour = scale.colour(value)
        let x = left + Double(column) * cell
        let y = top + Double(row) * cell
        canvas.rect(x: x, y: y, width: cell, height: cell, fill: colour.hex)
        if let numbers, let size = numberSize, printsNumbers {
          let ink = colour.luminance > 0.45 ? "#000000" : "#ffffff"
          canvas.text(
            numbers.text(value), x: x + cell / 2, y: y + cell / 2 + size * 0.35, size: size,
            anchor: .middle, fill: ink)
        }
      }
    }
    if showRowLabels {
      for (row, label) in rowLabels.enumerated() {
        canvas.text(
          label, x: left - 6, y: top + (Double(row) + 0.5) * cell + labelSize * 0.35,
          size: labelSize, anchor: .end)
      }
    }
    if showColumnLabels {
      for (column, label) in columnLabels.enumerated() {
        let x = left + (Double(column) + 0.5) * cell
        if rotate {
          canvas.text(String(label.prefix(16)), x: x, y: top - 6, size: labelSize, rotate: -45)
        } else {
          canvas.text(label, x: x, y: top - 5, size: labelSize, anchor: .middle)
        }
      }
    }
    colourBar(scale, x: left + width + 24, y: top, into: &canvas)
    if grid.rowGroup > 1 || grid.columnGroup > 1 {
      canvas.text(
        "each cell averages \(grid.rowGroup)×\(grid.columnGroup) values", x: left + width + 24,
        y: top + 136, size: 9, fill: SVGCanvas.axis)
    }
    return canvas.document(title: Picture.heatmap(map).summary, crisp: true)
  }

  /// A vertical bar from high (top) to low, with both ends labelled.
  static func colourBar(_ scale: ColourScale, x: Double, y: Double, into canvas: inout SVGCanvas) {
    let steps = 24
    let step = 120.0 / Double(steps)
    for i in 0..<steps {
      let value = scale.high - (scale.high - scale.low) * (Double(i) + 0.5) / Double(steps)
      canvas.rect(
        x: x, y: y + Double(i) * step, width: 14, height: step + 0.5, fill: scale.colour(value).hex)
    }
    canvas.text(NumberText.compact(scale.high), x: x + 20, y: y + 9, size: 10, fill: SVGCanvas.axis)
    canvas.text(
      NumberText.compact(scale.low), x: x + 20, y: y + 120, size: 10, fill: SVGCanvas.axis)
  }
}
