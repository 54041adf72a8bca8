/// Draws any picture as text for a terminal: the one entry point the CLI's and the REPL's
/// output sinks call, with options decided at their edge (`RenderOptions.detect`).
public enum TerminalPictureRenderer {
  /// The picture as lines of text followed by a blank line (which keeps consecutive pictures
  /// and the text after them apart); escape sequences only when `options.colour` allows them,
  /// only ASCII unless `options.unicode`.
  public static func render(_ picture: Picture, options: RenderOptions) -> String {
    drawing(picture, options: options) + "\n"
  }

  /// The picture's lines alone, each ending in a newline.
  public static func drawing(_ picture: Picture, options: RenderOptions) -> String {
    switch picture {
    case .lineChart(let chart): return LineChartRenderer.render(chart, options: options)
    case .heatmap(let map): return HeatmapRenderer.render(map, options: options)
    case .images(let grid): return ImageGridRenderer.render(grid, options: options)
    case .histogram(let histogram): return HistogramRenderer.render(histogram, options: options)
    case .graph(let graph): return GraphRenderer.tree(graph, options: options)
    case .planeMap(let map): return PlaneMapRenderer.render(map, options: options)
    }
  }
}
