/// A plane map as SVG: the bands or class regions as coloured rectangles (one per run of equal
/// cells in a row of the grid), points as dots, paths as lines through dots at each step, the
/// axes, and a legend.
enum SVGPlaneMap {
  static let plotWidth = 440.0

  static func render(_ map: PlaneMap) -> String {
    let aspect = (map.y.upperBound - map.y.lowerBound) / (map.x.upperBound - map.x.lowerBound)
    let plotHeight = Swift.min(440, Swift.max(160, plotWidth * aspect))
    let xAxis = Axis.linearWithin(low: map.x.lowerBound, high: map.x.upperBound, count: 6)
    let yAxis = Axis.linearWithin(low: map.y.lowerBound, high: map.y.upperBound, count: 5)
    let labelWidth = SVGCanvas.textWidth(
      yAxis.ticks.map(\.label).max { $0.count < $1.count } ?? "", size: 11)
    let left = 16 + labelWidth
    let top = map.title == nil ? 14.0 : 34.0
    let legend = legendEntries(map)
    let legendTop = top + plotHeight + 36
    var canvas = SVGCanvas(
      width: left + plotWidth + 20, height: legendTop + Double(legend.count) * 18 + 6)
    if let title = map.title { canvas.text(title, x: 8, y: 20, size: 13, bold: true) }
    func x(_ value: Double) -> Double { left + map.across(value) * plotWidth }
    func y(_ value: Double) -> Double { top + (1 - map.up(value)) * plotHeight }

    // The grid's cells: value [r, c] sits at the centre of cell c of `columns` across.
    let cellWidth = plotWidth / Double(map.columns)
    let cellHeight = plotHeight / Double(map.rows)
    for row in 0..<map.rows {
      let cellTop = top + plotHeight - Double(row + 1) * cellHeight
      var start = 0
      for column in 1...map.columns {
        let band = map.band(map.values[row * map.columns + start])
        if column < map.columns && map.band(map.values[row * map.columns + column]) == band {
          continue
        }
        canvas.rect(
          x: left + Double(start) * cellWidth, y: cellTop,
          width: Double(column - start) * cellWidth + 0.5, height: cellHeight + 0.5,
          fill: PlaneMapRenderer.bandColour(band, map).hex)
        start = column
      }
    }
    canvas.line(x1: left, y1: top, x2: left, y2: top + plotHeight)
    canvas.line(x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight)
    for tick in yAxis.ticks {
      canvas.line(x1: left - 4, y1: y(tick.position), x2: left, y2: y(tick.position))
      canvas.text(
        tick.label, x: left - 6, y: y(tick.position) + 4, anchor: .end, fill: SVGCanvas.axis)
    }
    for tick in xAxis.ticks {
      let at = x(tick.position)
      canvas.line(x1: at, y1: top + plotHeight, x2: at, y2: top + plotHeight + 4)
      canvas.text(
        tick.label, x: at, y: top + plotHeight + 17, anchor: .middle, fill: SVGCanvas.axis)
    }
    let inside = { (px: Double, py: Double) in
      px.isFinite && py.isFinite && (0...1).contains(map.across(px)) && (0...1).contains(map.up(py))
    }
    for point in map.points where inside(point.x, point.y) {
      canvas.circle(
        x: x(point.x), y: y(point.y), radius: 3,
        fill: PlaneMapRenderer.classColour(point.classIndex).hex, stroke: "#ffffff")
    }
    for (index, path) in map.paths.enumerated() {
      let colour = ColourMap.seriesColour(index).hex
      let steps = zip(path.xs, path.ys).filter { inside($0.0, $0.1) }.map { (x($0.0), y($0.1)) }
      canvas.polyline(steps, stroke: colour, width: 2)
      for step in steps { canvas.circle(x: step.0, y: step.1, radius: 2.5, fill: colour) }
    }
    for (row, entry) in legend.enumerated() {
      let baseline = legendTop + Double(row) * 18
      if let fill = entry.swatch {
        canvas.rect(x: left, y: baseline - 10, width: 18, height: 12, fill: fill.hex)
      }
      if let dot = entry.dot {
        canvas.circle(x: left + 9, y: baseline - 4, radius: 4, fill: dot.hex)
      }
      canvas.text(entry.text, x: left + 26, y: baseline, fill: SVGCanvas.ink)
    }
    return canvas.document(title: map.title ?? Picture.planeMap(map).summary, crisp: false)
  }

  /// One legend row per band or class, then one per path.
  static func legendEntries(_ map: PlaneMap) -> [(swatch: RGB?, dot: RGB?, text: String)] {
    var entries = [(swatch: RGB?, dot: RGB?, text: String)]()
    switch map.shading {
    case .levels:
      for band in 0..<map.bandCount {
        entries.append(
          (PlaneMapRenderer.bandColour(band, map), nil, map.bandRange(band, unicode: true)))
      }
    case .classes(let count):
      for index in 0..<count {
        let points = map.points.contains { $0.classIndex == index }
        entries.append(
          (
            PlaneMapRenderer.bandColour(index, map),
            points ? PlaneMapRenderer.classColour(index) : nil, "class \(index)"
          ))
      }
    }
    for (index, path) in map.paths.enumerated() {
      entries.append((nil, ColourMap.seriesColour(index), path.label))
    }
    return entries
  }
}
