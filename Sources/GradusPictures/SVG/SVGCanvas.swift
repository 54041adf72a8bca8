/// Builds one SVG element as text. Numbers are rounded to two decimals and every string is
/// escaped, so the output is well-formed XML and the same on every run (goldens, diffs).
struct SVGCanvas {
  let width: Double
  let height: Double
  private(set) var body = ""
  /// The right edge of the widest text so far: the document grows to fit it, so that a long
  /// title or caption is never cut off.
  private var textExtent = 0.0

  static let fontFamily = "ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace"
  /// The advance of one character of the monospace font, as a fraction of its size.
  static let characterWidth = 0.6
  static let ink = "#222222"
  static let faint = "#e6e6e6"
  static let axis = "#555555"

  init(width: Double, height: Double) {
    self.width = width.rounded(.up)
    self.height = height.rounded(.up)
  }

  /// The width of `text` at `size` in the monospace font.
  static func textWidth(_ text: String, size: Double) -> Double {
    Double(text.displayWidth) * size * characterWidth
  }

  mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
    radius: Double = 0, title: String? = nil
  ) {
    var attributes =
      "x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"\(fill)\""
    if let stroke { attributes += " stroke=\"\(stroke)\"" }
    if radius > 0 { attributes += " rx=\"\(n(radius))\"" }
    if let title {
      body += "<rect \(attributes)><title>\(SVGCanvas.escaped(title))</title></rect>\n"
    } else {
      body += "<rect \(attributes)/>\n"
    }
  }

  mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = SVGCanvas.axis,
    width: Double = 1
  ) {
    body +=
      "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\"/>\n"
  }

  mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.75) {
    guard !points.isEmpty else { return }
    if points.count == 1 {
      body +=
        "<circle cx=\"\(n(points[0].0))\" cy=\"\(n(points[0].1))\" r=\"\(n(width))\" fill=\"\(stroke)\"/>\n"
      return
    }
    let list = points.map { n($0.0) + "," + n($0.1) }.joined(separator: " ")
    body +=
      "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n"
  }

  /// A filled circle, with an optional outline (a marked point).
  mutating func circle(x: Double, y: Double, radius: Double, fill: String, stroke: String? = nil) {
    let outline = stroke.map { " stroke=\"\($0)\" stroke-width=\"1\"" } ?? ""
    body +=
      "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\" fill=\"\(fill)\"\(outline)/>\n"
  }

  enum Anchor: String {
    case start, middle, end
  }

  mutating func text(
    _ text: String, x: Double, y: Double, size: Double = 11, anchor: Anchor = .start,
    fill: String = SVGCanvas.ink, bold: Bool = false, rotate: Double? = nil
  ) {
    guard !text.isEmpty else { return }
    if rotate == nil {
      let advance = SVGCanvas.textWidth(text, size: size)
      let right = anchor == .start ? x + advance : anchor == .middle ? x + advance / 2 : x
      textExtent = Swift.max(textExtent, right)
    }
    var attributes = "x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" fill=\"\(fill)\""
    if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
    if bold { attributes += " font-weight=\"bold\"" }
    if let rotate { attributes += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
    body += "<text \(attributes)>\(SVGCanvas.escaped(text))</text>\n"
  }

  /// The finished `<svg>` element, with `title` for screen readers and tooltips. `crisp`
  /// turns off anti-aliasing, so that neighbouring pixel squares show no seams.
  func document(title: String, crisp: Bool = false) -> String {
    let width = Swift.max(self.width, (textExtent + 8).rounded(.up))
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\""
      + " viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" font-family=\"\(SVGCanvas.fontFamily)\""
      + (crisp ? " shape-rendering=\"crispEdges\"" : "") + ">\n"
      + "<title>\(SVGCanvas.escaped(title))</title>\n"
      + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n" + body + "</svg>\n"
  }

  static func escaped(_ text: String) -> String { XMLText.escaped(text) }

  /// A coordinate with at most two decimals: `12`, `12.5`, `12.34`.
  func n(_ x: Double) -> String { SVGCanvas.number(x) }

  static func number(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    return NumberText.trimmed(NumberText.fixed(x, 2))
  }
}
