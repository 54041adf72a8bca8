/// A line chart as SVG: the same axes and ticks as the terminal chart, drawn with lines.
enum SVGLineChart {
  static let plotWidth = 560.0
  static let plotHeight = 260.0

  static func render(_ chart: LineChart) -> String {
    let title = LineChartRenderer.heading(chart)
    // The layout's width only decides tick density here; 72 columns gives terminal-like ticks.
    guard let layout = ChartLayout(chart, width: RenderOptions.defaultWidth) else {
      var canvas = SVGCanvas(width: plotWidth, height: 60)
      canvas.text(title ?? "", x: 8, y: 20, size: 13, bold: true)
      canvas.text("nothing to plot: no finite values", x: 8, y: 44, fill: SVGCanvas.axis)
      return canvas.document(title: chart.title ?? "empty chart")
    }
    let labelWidth = SVGCanvas.textWidth(
      layout.y.ticks.map(\.label).max { $0.count < $1.count } ?? "", size: 11)
    let left = 16 + labelWidth
    let top = title == nil ? 14.0 : 34.0
    let legend = legendEntries(chart, left: left)
    let legendRows = (legend.map(\.row).max() ?? -1) + 1
    var canvas = SVGCanvas(
      width: left + plotWidth + 20,
      height: top + plotHeight + 36 + Double(legendRows) * 18 + (legendRows > 0 ? 4 : 0))
    if let title { canvas.text(title, x: 8, y: 20, size: 13, bold: true) }

    func x(fraction: Double) -> Double { left + Swift.min(1, Swift.max(0, fraction)) * plotWidth }
    func y(_ value: Double) -> Double {
      let fraction = layout.y.fraction(value)
      return top + (1 - (fraction.isFinite ? Swift.min(1, Swift.max(0, fraction)) : 0)) * plotHeight
    }

    for tick in layout.y.ticks {
      canvas.line(
        x1: left, y1: y(tick.position), x2: left + plotWidth, y2: y(tick.position),
        stroke: SVGCanvas.faint)
      canvas.text(
        tick.label, x: left - 6, y: y(tick.position) + 4, anchor: .end, fill: SVGCanvas.axis)
    }
    canvas.line(x1: left, y1: top, x2: left, y2: top + plotHeight)
    canvas.line(x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight)
    for tick in layout.x.ticks {
      let at = x(fraction: layout.x.fraction(tick.position))
      canvas.line(x1: at, y1: top + plotHeight, x2: at, y2: top + plotHeight + 4)
      canvas.text(
        tick.label, x: at, y: top + plotHeight + 17, anchor: .middle, fill: SVGCanvas.axis)
    }
    for (series, values) in layout.transformed.enumerated() {
      let colour = ColourMap.seriesColour(series).hex
      var segment = [(Double, Double)]()
      for (index, value) in values.enumerated() {
        let across = layout.xFraction(index)
        if value.isFinite && across.isFinite {
          segment.append((x(fraction: across), y(value)))
        } else {
          canvas.polyline(segment, stroke: colour)
          segment = []
        }
      }
      canvas.polyline(segment, stroke: colour)
    }
    for entry in legend {
      let baseline = top + plotHeight + 40 + Double(entry.row) * 18
      let colour = ColourMap.seriesColour(entry.series).hex
      canvas.line(
        x1: entry.x, y1: baseline - 4, x2: entry.x + 18, y2: baseline - 4, stroke: colour, width: 3)
      canvas.text(chart.label(entry.series), x: entry.x + 24, y: baseline, fill: SVGCanvas.ink)
    }
    return canvas.document(title: chart.title ?? Picture.lineChart(chart).summary)
  }

  /// Where each legend entry goes: left to right, wrapping to a new row at the plot's width.
  static func legendEntries(_ chart: LineChart, left: Double) -> [(
    series: Int, x: Double, row: Int
  )] {
    guard chart.hasLegend else { return [] }
    var entries = [(series: Int, x: Double, row: Int)]()
    var x = left
    var row = 0
    for series in chart.series.indices {
      let width = 24 + SVGCanvas.textWidth(chart.label(series), size: 11) + 18
      if x > left && x + width > left + plotWidth {
        x = left
        row += 1
      }
      entries.append((series, x, row))
      x += width
    }
    return entries
  }
}
