import Foundation
import GradusPictures
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// SVG output is well-formed XML, self-contained and deterministic.
struct SVGTests {
  /// Parses `xml` and counts elements by name; records the parser's error if it fails.
  final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var root: String?
    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
      qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      if root == nil { root = name }
      counts[name, default: 0] += 1
    }
  }

  static func parse(_ xml: String, sourceLocation: SourceLocation = #_sourceLocation)
    -> ElementCounter
  {
    let parser = XMLParser(data: Data(xml.utf8))
    let counter = ElementCounter()
    parser.delegate = counter
    let ok = parser.parse()
    #expect(
      ok, "not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")",
      sourceLocation: sourceLocation)
    return counter
  }

  @Test(arguments: Samples.all.map(\.name))
  func isWellFormedAndSelfContained(sample: String) {
    let svg = SVGPictureRenderer.render(Samples.picture(sample))
    let counter = Self.parse(svg)
    #expect(counter.root == "svg")
    #expect(counter.counts["title", default: 0] >= 1)
    #expect(!svg.contains("<script") && !svg.contains("href") && !svg.contains("url("))
    #expect(
      svg == SVGPictureRenderer.render(Samples.picture(sample)),
      "the same picture gives the same SVG")
  }

  @Test func oddInputIsStillWellFormed() {
    for picture in RendererTests.oddPictures {
      _ = Self.parse(SVGPictureRenderer.render(picture))
    }
    let hostile = Picture.lineChart(
      LineChart(series: [[1, 2]], labels: ["<b>&\"'\u{0}\u{7}"], title: "]]> <!--"))
    _ = Self.parse(SVGPictureRenderer.render(hostile))
  }

  @Test func lineChartHasOneLinePerSeriesPiece() {
    let counts = Self.parse(SVGPictureRenderer.render(Samples.picture("line-two-log"))).counts
    #expect(counts["polyline"] == 2)
    // [1, 2, 3, -1, nan, 4, 2, inf, 0.5]: three pieces, the last a single point.
    let gaps = Self.parse(SVGPictureRenderer.render(Samples.picture("line-gaps"))).counts
    #expect(gaps["polyline"] == 2)
    #expect(gaps["circle"] == 1)
  }

  @Test func heatmapHasACellPerValueAndNumbersWhenSmall() {
    let counts = Self.parse(SVGPictureRenderer.render(.heatmap(Samples.attention))).counts
    // 25 cells, 24 colour-bar steps, the background.
    #expect(counts["rect"] == 25 + 24 + 1)
    let svg = SVGPictureRenderer.render(.heatmap(Samples.attention))
    #expect(svg.contains(">1.00</text>"))
    #expect(svg.contains(">mat</text>"))
  }

  @Test func graphDrawsEveryNodeOnce() {
    let svg = SVGPictureRenderer.render(.graph(Samples.sharedGraph))
    let counts = Self.parse(svg).counts
    #expect(counts["rect"] == Samples.sharedGraph.nodes.count + 1)
    #expect(counts["line"] == 7)
  }
}
