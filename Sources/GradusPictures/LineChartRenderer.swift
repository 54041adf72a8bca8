#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Draws a line chart with characters: braille dots (2 × 4 per cell) in colour, or one marker
/// character per cell (`*`, `o`, `+`, …) when colours cannot tell the series apart.
///
/// ```
///    1 ┤⠑⢄
///  0.5 ┤  ⠑⠢⢄⣀
///    0 ┼────────⠉⠉⠉⠉⠉
///      └┬───────┬───────┬
///       0       50      100
/// ```
public enum LineChartRenderer {
  /// Markers for the one-character-per-cell mode, one per series.
  static let markers: [Character] = ["*", "o", "+", "x", "#", "@", "%", "&"]

  public static func render(_ chart: LineChart, options: RenderOptions) -> String {
    let layout = ChartLayout(chart, width: options.width)
    var lines = Lines()
    if let heading = heading(chart) {
      // `(log scale)` is one phrase: if the title needs two lines, it moves down whole.
      let unbroken = heading.replacing("(log scale)", with: "(log\u{A0}scale)")
      lines.append(title: unbroken, options: options)
    }
    guard let layout else {
      let what = chart.logScale ? "no positive finite values" : "no finite values"
      lines.append("(nothing to plot: \(what))")
      return lines.text
    }
    let braille = options.unicode && (options.colour != .none || chart.series.count == 1)
    let canvas = draw(chart, layout, braille: braille)
    let tickRows = Dictionary(
      layout.y.ticks.map { (layout.row(of: $0.position, canvas: canvas), $0.label) },
      uniquingKeysWith: { first, _ in first })
    for row in 0..<canvas.rows {
      let label = (tickRows[row] ?? "").leftPadded(to: layout.labelWidth)
      let axis: Character =
        options.unicode ? (tickRows[row] == nil ? "│" : "┤") : (tickRows[row] == nil ? "|" : "+")
      lines.append(options.dim(label + " " + String(axis)) + cells(canvas, row, braille, options))
    }
    let xTicks = layout.x.ticks.map {
      (column: layout.column(of: $0, canvas: canvas), label: $0.label)
    }
    lines.append(options.dim(axisLine(layout, canvas, xTicks.map(\.column), options)))
    lines.append(tickLabels(layout, xTicks))
    if chart.hasLegend {
      for line in legend(chart, braille: braille, options) { lines.append(line) }
    }
    return lines.text
  }

  static func heading(_ chart: LineChart) -> String? {
    switch (chart.title, chart.logScale) {
    case (let title?, true): return title + " (log scale)"
    case (let title?, false): return title
    case (nil, true): return "(log scale)"
    case (nil, false): return nil
    }
  }

  /// Every series' points joined by straight lines; a non-finite value breaks its line.
  static func draw(_ chart: LineChart, _ layout: ChartLayout, braille: Bool) -> DotCanvas {
    var canvas = DotCanvas(columns: layout.plotColumns, rows: layout.plotRows, braille: braille)
    for (index, values) in layout.transformed.enumerated() {
      var previous: (Int, Int)?
      for (i, value) in values.enumerated() {
        guard value.isFinite, layout.xFraction(i).isFinite else {
          previous = nil
          continue
        }
        let point = (layout.dotX(i, canvas: canvas), layout.dotY(value, canvas: canvas))
        canvas.line(from: previous ?? point, to: point, owner: index)
        previous = point
      }
    }
    return canvas
  }

  /// One row of the plot area; neighbouring cells of one series share one colour escape.
  static func cells(_ canvas: DotCanvas, _ row: Int, _ braille: Bool, _ options: RenderOptions)
    -> String
  {
    var text = ""
    var run = ""
    var runOwner = -1
    func flush() {
      text += runOwner < 0 ? run : options.painted(run, ColourMap.seriesColour(runOwner))
      run = ""
    }
    for column in 0..<canvas.columns {
      let mask = canvas.mask(column, row)
      let owner = mask == 0 ? -1 : canvas.owner(column, row)
      if owner != runOwner {
        flush()
        runOwner = owner
      }
      guard mask != 0 else {
        run += " "
        continue
      }
      run.append(braille ? DotCanvas.braille(mask) : markers[owner % markers.count])
    }
    flush()
    return text
  }

  static func axisLine(
    _ layout: ChartLayout, _ canvas: DotCanvas, _ ticks: [Int], _ options: RenderOptions
  ) -> String {
    let ticked = Set(ticks)
    let (corner, rule, tick): (String, Character, Character) =
      options.unicode ? ("└", "─", "┬") : ("+", "-", "+")
    let body = (0..<canvas.columns).map { ticked.contains($0) ? tick : rule }
    return String(repeating: " ", count: layout.labelWidth + 1) + corner + String(body)
  }

  /// Labels centred under their ticks, dropping any that would touch the one before.
  static func tickLabels(_ layout: ChartLayout, _ ticks: [(column: Int, label: String)]) -> String {
    var line = ""
    for tick in ticks {
      let centre = layout.labelWidth + 2 + tick.column
      let start = Swift.min(
        centre - (tick.label.count - 1) / 2, layout.totalWidth - tick.label.count)
      guard start >= (line.isEmpty ? 0 : line.count + 1) else { continue }
      line = line.padded(to: start) + tick.label
    }
    return line
  }

  /// `━━ train   ━━ validation`, on as many lines as the width needs.
  static func legend(_ chart: LineChart, braille: Bool, _ options: RenderOptions) -> [String] {
    var lines = [String]()
    var width = 0
    for index in chart.series.indices {
      let sample =
        braille ? (options.unicode ? "━━" : "--") : String(markers[index % markers.count])
      let label = chart.label(index).truncated(
        to: Swift.max(8, options.width - 8), unicode: options.unicode)
      let entry = options.painted(sample, ColourMap.seriesColour(index)) + " " + label
      let entryWidth = sample.count + 1 + label.displayWidth
      if lines.isEmpty || width + 3 + entryWidth > options.width {
        lines.append("  " + entry)
        width = 2 + entryWidth
      } else {
        lines[lines.count - 1] += "   " + entry
        width += 3 + entryWidth
      }
    }
    return lines
  }
}

/// Where things go in a chart of a given width: the y axis (with the widest tick label deciding
/// the left margin), the plot area, and the x ticks.
struct ChartLayout {
  /// The series as plotted: log₁₀ of each value on a log axis (NaN where undefined).
  let transformed: [[Double]]
  let y: Axis
  let labelWidth: Int
  let plotColumns: Int
  let plotRows: Int
  let totalWidth: Int
  /// The x axis: over the indices 0…length−1, or over the chart's x values.
  let x: Axis
  /// Where point `i` of every series sits on the x axis: its index, or the chart's x value.
  let xPositions: [Double]
  /// The number of x positions (the longest series).
  let length: Int

  /// Nil when there is nothing finite to plot.
  init?(_ chart: LineChart, width: Int) {
    transformed = chart.series.map { values in
      chart.logScale ? values.map { $0 > 0 && $0.isFinite ? log10($0) : .nan } : values
    }
    // The y axis spans every finite value of every series, so no point lies beyond it.
    let finite = transformed.joined().filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else { return nil }
    totalWidth = Swift.max(24, width)
    // Charts look right a little wider than tall: a fifth of the width, in 8 to 16 rows.
    plotRows = Swift.min(16, Swift.max(8, totalWidth / 5))
    let tickCount = Swift.max(2, plotRows * 2 / 5)
    y =
      chart.logScale
      ? Axis.logarithmic(low: low, high: high, count: tickCount)
      : Axis.linear(low: low, high: high, count: tickCount)
    labelWidth = y.ticks.map(\.label.count).max() ?? 1
    plotColumns = Swift.max(8, totalWidth - labelWidth - 2)
    length = transformed.map(\.count).max() ?? 0
    let xCount = Swift.max(2, plotColumns / 12)
    if let given = chart.x, let first = given.filter(\.isFinite).min(),
      let last = given.filter(\.isFinite).max()
    {
      xPositions = given
      x = Axis.linearWithin(low: first, high: last, count: xCount)
    } else {
      xPositions = (0..<length).map(Double.init)
      x = ChartLayout.indexAxis(length: length, count: xCount)
    }
  }

  /// Whole-number ticks over 0…length−1 at a nice step; the axis ends at the last index.
  static func indexAxis(length: Int, count: Int) -> Axis {
    guard length > 1 else {
      return Axis(low: -1, high: 1, ticks: [.init(position: 0, label: "0")])
    }
    let step = Swift.max(1, Int(Axis.niceStep(span: Double(length - 1), count: count)))
    let ticks = stride(from: 0, through: length - 1, by: step).map {
      Axis.Tick(position: Double($0), label: String($0))
    }
    return Axis(low: 0, high: Double(length - 1), ticks: ticks)
  }

  /// Where point `index` falls across the plot, 0 at the left and 1 at the right.
  func xFraction(_ index: Int) -> Double {
    index < xPositions.count ? x.fraction(xPositions[index]) : .nan
  }

  func dotX(_ index: Int, canvas: DotCanvas) -> Int {
    dotX(fraction: xFraction(index), canvas: canvas)
  }

  func dotX(fraction: Double, canvas: DotCanvas) -> Int {
    guard fraction.isFinite else { return 0 }
    return Int((Swift.min(1, Swift.max(0, fraction)) * Double(canvas.dotWidth - 1)).rounded())
  }

  func dotY(_ value: Double, canvas: DotCanvas) -> Int {
    let fraction = y.fraction(value)
    guard fraction.isFinite else { return 0 }
    return Int(
      ((1 - Swift.min(1, Swift.max(0, fraction))) * Double(canvas.dotHeight - 1)).rounded())
  }

  func row(of value: Double, canvas: DotCanvas) -> Int {
    dotY(value, canvas: canvas) / canvas.subRows
  }

  /// The text column of an x-axis tick.
  func column(of tick: Axis.Tick, canvas: DotCanvas) -> Int {
    dotX(fraction: x.fraction(tick.position), canvas: canvas) / canvas.subColumns
  }
}
