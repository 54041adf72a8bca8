/// Draws any picture as a standalone `<svg>` element: well-formed XML with no scripts, no
/// external references and fixed fonts, usable inline in HTML or as an `.svg` file.
public enum SVGPictureRenderer {
  public static func render(_ picture: Picture) -> String {
    switch picture {
    case .lineChart(let chart): return SVGLineChart.render(chart)
    case .heatmap(let map): return SVGHeatmap.render(map)
    case .images(let grid): return SVGImages.render(grid)
    case .histogram(let histogram): return SVGHistogram.render(histogram)
    case .graph(let graph): return SVGGraph.render(graph)
    case .planeMap(let map): return SVGPlaneMap.render(map)
    }
  }
}
