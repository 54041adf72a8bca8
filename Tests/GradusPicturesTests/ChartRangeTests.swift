import Foundation
import Testing

@testable import GradusPictures

/// A chart's axes tell the truth: every finite value lies within the y axis (log or linear,
/// one series or many), so nothing is cut off at a tick and shown as a plateau; x values, when
/// given, place the points; the legend sits below the plot, never over the data.
struct ChartRangeTests {
  @Test func logAxesCoverEveryRange() {
    for low in stride(from: -12.0, through: 3, by: 1.3) {
      for span in [0.1, 0.9, 1.7, 2.5, 6.3, 11, 17.5, 31] {
        for count in 2...8 {
          let axis = Axis.logarithmic(low: low, high: low + span, count: count)
          #expect(axis.low <= low + 1e-9 && axis.high >= low + span - 1e-9, "\(low) \(span)")
          #expect(axis.ticks.last!.position >= low + span - 1e-9)
        }
      }
    }
  }

  /// Lesson 4's three learning rates: α = 1.1 diverges (f grows 1.44× a step) while α = 0.2
  /// shrinks f to 0.004. The diverging curve must reach the top of the axis.
  static let learningRates: LineChart = {
    func squares(_ factor: Double) -> [Double] {
      (0...10).map { step in
        let x = 10 * (0..<step).reduce(1.0) { value, _ in value * factor }
        return x * x
      }
    }
    return LineChart(
      series: [squares(0.9), squares(0.6), squares(-1.2)],
      labels: ["alpha 0.05", "alpha 0.2", "alpha 1.1"], logScale: true)
  }()

  @Test func aDivergingSeriesOnALogScaleReachesTheTopOfTheAxis() throws {
    let layout = try #require(ChartLayout(Self.learningRates, width: 80))
    let highest = Self.learningRates.series[2].max()!
    let fraction = layout.y.fraction(log10(highest))
    #expect(fraction <= 1 && fraction > 0.9, "the top of the data at \(fraction) of the axis")
    #expect(layout.y.ticks.last!.label == "10000")
    // Drawn: the topmost row of the plot has the diverging series' last points.
    let options = RenderOptions(width: 80, colour: .none, unicode: false)
    let lines = TerminalPictureRenderer.render(.lineChart(Self.learningRates), options: options)
      .split(separator: "\n", omittingEmptySubsequences: false)
    // Below the heading; the plot starts after the tick labels and the axis character.
    let plotRows = lines.dropFirst().prefix(layout.plotRows).map {
      $0.dropFirst(layout.labelWidth + 2)
    }
    let firstDrawn = try #require(plotRows.firstIndex { $0.contains { $0 != " " } })
    #expect(firstDrawn <= 1, "\(lines.joined(separator: "\n"))")
  }

  @Test func theYAxisSpansEverySeries() throws {
    let chart = LineChart(series: [[0, 0.5, 1], [-5, 3, 20], [2, 2]])
    let layout = try #require(ChartLayout(chart, width: 72))
    #expect(layout.y.low <= -5 && layout.y.high >= 20)
    for value in chart.series.joined() {
      let fraction = layout.y.fraction(value)
      #expect(fraction >= 0 && fraction <= 1)
    }
    let log = LineChart(series: [[1e-6, 1e-3], [0.5, 2e9]], logScale: true)
    let logLayout = try #require(ChartLayout(log, width: 72))
    for value in log.series.joined() {
      let fraction = logLayout.y.fraction(log10(value))
      #expect(fraction >= 0 && fraction <= 1, "\(value)")
    }
  }

  @Test func xValuesPlaceThePoints() throws {
    let chart = LineChart(series: [[1, 4, 9, 16]], x: [0.5, 1, 1.5, 2])
    let layout = try #require(ChartLayout(chart, width: 72))
    // The axis is the data's range: the first point at the left edge, the last at the right.
    #expect(layout.x.low == 0.5 && layout.x.high == 2)
    #expect(layout.xFraction(0) == 0 && layout.xFraction(3) == 1)
    #expect(layout.x.ticks.map(\.label).contains("1.0"))
    // Points at their x values: 1 lies a third of the way from 0.5 to 2 when the axis is 0.5…2.
    let fractions = (0..<4).map(layout.xFraction)
    #expect(fractions == fractions.sorted() && fractions.allSatisfy { $0 >= 0 && $0 <= 1 })
    let text = TerminalPictureRenderer.render(.lineChart(chart), options: .plain)
    #expect(text.contains("1.0") && text.contains("2.0"))
    let svg = SVGPictureRenderer.render(.lineChart(chart))
    #expect(svg.contains(">1.0</text>"))
  }

  @Test func theLegendIsBelowThePlot() {
    let options = RenderOptions(width: 60, colour: .none, unicode: true)
    let lines = TerminalPictureRenderer.render(.lineChart(Self.learningRates), options: options)
      .split(separator: "\n").map(String.init)
    let axis = lines.firstIndex { $0.contains("└") }!
    let legend = lines.firstIndex { $0.contains("alpha 1.1") }!
    #expect(legend > axis + 1, "\(lines.joined(separator: "\n"))")
    // SVG: every legend label's baseline is below the lowest point of every line.
    let svg = SVGPictureRenderer.render(.lineChart(Self.learningRates))
    let pointYs = Self.numbers(after: "points=\"", in: svg, every: 2, offset: 1)
    let labelY = Self.attribute("y", ofTextContaining: ">alpha 1.1<", in: svg)
    #expect(labelY != nil && labelY! > pointYs.max()! + 10, "\(svg)")
  }

  /// The numbers of every `points="x,y x,y"` list, the `offset`-th of each `every`.
  static func numbers(after marker: String, in text: String, every: Int, offset: Int) -> [Double] {
    text.components(separatedBy: marker).dropFirst().flatMap { rest -> [Double] in
      let list = rest.prefix { $0 != "\"" }
      let values = list.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap {
        Double($0)
      }
      return values.enumerated().filter { $0.offset % every == offset }.map(\.element)
    }
  }

  static func attribute(_ name: String, ofTextContaining content: String, in svg: String)
    -> Double?
  {
    guard let line = svg.split(separator: "\n").first(where: { $0.contains(content) }),
      let range = line.range(of: " \(name)=\"")
    else { return nil }
    return Double(line[range.upperBound...].prefix { $0 != "\"" })
  }
}
