/// A histogram as SVG: vertical bars over the value axis, counts on the left, statistics below.
enum SVGHistogram {
  static let plotWidth = 520.0
  static let plotHeight = 220.0

  static func render(_ histogram: Histogram) -> String {
    let titleHeight = histogram.title == nil ? 14.0 : 34.0
    guard let bins = Bins(histogram) else {
      var canvas = SVGCanvas(width: 320, height: titleHeight + 30)
      canvas.text(histogram.title ?? "", x: 8, y: 20, size: 13, bold: true)
      canvas.text(
        "nothing to count: no finite values", x: 8, y: titleHeight + 16, fill: SVGCanvas.axis)
      return canvas.document(title: Picture.histogram(histogram).summary)
    }
    let counts = Axis.linear(low: 0, high: Double(bins.counts.max() ?? 1), count: 5)
    let labelWidth = SVGCanvas.textWidth(
      counts.ticks.map(\.label).max { $0.count < $1.count } ?? "", size: 11)
    let left = 16 + labelWidth
    let top = titleHeight
    var canvas = SVGCanvas(width: left + plotWidth + 40, height: top + plotHeight + 56)
    if let title = histogram.title { canvas.text(title, x: 8, y: 20, size: 13, bold: true) }
    func y(_ count: Double) -> Double { top + (1 - counts.fraction(count)) * plotHeight }
    for tick in counts.ticks {
      canvas.line(
        x1: left, y1: y(tick.position), x2: left + plotWidth, y2: y(tick.position),
        stroke: SVGCanvas.faint)
      canvas.text(
        tick.label, x: left - 6, y: y(tick.position) + 4, anchor: .end, fill: SVGCanvas.axis)
    }
    let barWidth = plotWidth / Double(bins.counts.count)
    let colour = ColourMap.seriesColour(0).hex
    for (index, count) in bins.counts.enumerated() where count > 0 {
      canvas.rect(
        x: left + Double(index) * barWidth + 0.5, y: y(Double(count)),
        width: Swift.max(0.5, barWidth - 1),
        height: y(0) - y(Double(count)), fill: colour,
        title: bins.rangeLabel(index) + ": " + String(count))
    }
    canvas.line(x1: left, y1: top + plotHeight, x2: left + plotWidth, y2: top + plotHeight)
    // Label about six edges, so that the numbers never overlap.
    let every = Swift.max(1, (bins.counts.count + 5) / 6)
    for index in stride(from: 0, through: bins.counts.count, by: every) {
      let x = left + Double(index) * barWidth
      canvas.line(x1: x, y1: top + plotHeight, x2: x, y2: top + plotHeight + 4)
      canvas.text(
        bins.edgeText(bins.edge(index)), x: x, y: top + plotHeight + 17, anchor: .middle,
        fill: SVGCanvas.axis)
    }
    canvas.text(
      bins.summary.joined(separator: "  "), x: left, y: top + plotHeight + 40, size: 10,
      fill: SVGCanvas.axis)
    return canvas.document(title: Picture.histogram(histogram).summary)
  }
}
