/// A picture a program asked for (`plot`, `heatmap`, `show_image`, `hist`, `graph`), as data:
/// the terminal draws it with characters, the exporter as SVG.
public enum Picture: Sendable {
  /// One or more series of y values drawn as lines.
  case lineChart(LineChart)
}

/// Series of y values over their index, with optional labels.
public struct LineChart: Sendable {
  public var series: [[Double]]
  public var labels: [String]
  public var title: String?
  public var logScale: Bool

  public init(series: [[Double]], labels: [String] = [], title: String? = nil, logScale: Bool = false) {
    self.series = series
    self.labels = labels
    self.title = title
    self.logScale = logScale
  }
}
