import GradusPictures
import Testing

/// `PlaneMap` (the `contour` and `regions` builtins' picture): grid values land where their x and
/// y say, paths and points are drawn over the shading, and the legend names every shade.
struct PlaneMapTests {
  static let plain = RenderOptions(width: 40, colour: .none, unicode: false)

  /// The rows of the plot area (the lines between the title and the x axis), without the
  /// y-axis labels: what comes after the axis column, found from the axis line's corner.
  static func plotRows(_ map: PlaneMap) -> [String] {
    let text = TerminalPictureRenderer.drawing(.planeMap(map), options: plain)
    let lines = text.split(separator: "\n").map(String.init)
    guard let axis = lines.firstIndex(where: { $0.trimmingPrefixSpaces.hasPrefix("++") }),
      let corner = lines[axis].firstIndex(of: "+")
    else { return [] }
    let offset = lines[axis].distance(from: lines[axis].startIndex, to: corner) + 1
    let first = map.title == nil ? 0 : 1
    return lines[first..<axis].map { String($0.dropFirst(offset)) }
  }

  @Test func rowZeroOfTheGridIsDrawnAtTheBottom() {
    // Value 1 on the lowest grid row (y = low), 0 above: the bottom rows are dense.
    var values = [Double](repeating: 0, count: 5 * 5)
    for column in 0..<5 { values[column] = 1 }
    let map = PlaneMap(
      rows: 5, columns: 5, values: values, x: 0...1, y: 0...1, shading: .levels([0.5]))
    let rows = Self.plotRows(map)
    #expect(rows.first?.allSatisfy { $0 == " " } ?? false, "top row: \(rows.first ?? "")")
    #expect(rows.last?.allSatisfy { $0 == "." } ?? false, "bottom row: \(rows.last ?? "")")
  }

  @Test func bandsCountTheLevelsAtOrBelowAValue() {
    let map = PlaneMap(
      rows: 2, columns: 2, values: [0, 1, 2, 3], x: 0...1, y: 0...1, shading: .levels([1, 2]))
    #expect([-5, 0.99, 1, 1.5, 2, 40].map { map.band($0) } == [0, 0, 1, 1, 2, 2])
    #expect(map.band(.nan) == nil)
    let classes = PlaneMap(
      rows: 2, columns: 2, values: [0, 1, 1, 0], x: 0...1, y: 0...1, shading: .classes(2))
    #expect([0, 1, 2, 0.5].map { classes.band($0) } == [0, 1, nil, nil])
  }

  @Test func pathsAreDrawnOverTheShadingAndNamedInTheLegend() {
    let text = TerminalPictureRenderer.drawing(Samples.picture("plane-levels"), options: Self.plain)
    #expect(text.hasPrefix("bowl\n"))
    #expect(text.contains("* steps"))
    #expect(text.contains("[ ] < 0.25") && text.contains("[=] >= 4"))
    // The path ends at the minimum (0, 0): the middle of the picture is a marker.
    let rows = Self.plotRows(Samples.picture("plane-levels").planeMap!)
    let middle = rows[rows.count / 2]
    #expect(middle.contains("*"), "middle row: \(middle)")
  }

  @Test func pointsShowTheirClassOnTheirRegion() {
    let text = TerminalPictureRenderer.drawing(
      Samples.picture("plane-regions"), options: Self.plain)
    #expect(text.contains("class 0: [ ] region, o points"))
    #expect(text.contains("class 1: [.] region, x points"))
    let rows = Self.plotRows(Samples.picture("plane-regions").planeMap!)
    // The class-1 point (−0.75, 0.9) is in the top rows, left, on the dotted region.
    #expect(rows.prefix(2).contains { $0.contains("x") })
    #expect(rows.prefix(2).allSatisfy { !$0.contains("o") })
  }

  @Test func svgDrawsEveryPointAndPath() {
    let svg = SVGPictureRenderer.render(Samples.picture("plane-regions"))
    #expect(svg.components(separatedBy: "<circle").count - 1 >= 4 + 2)
    let levels = SVGPictureRenderer.render(Samples.picture("plane-levels"))
    #expect(levels.contains("<polyline"))
    #expect(levels.contains("steps"))
  }
}

extension String {
  fileprivate var trimmingPrefixSpaces: Substring { drop { $0 == " " } }
}

extension Picture {
  var planeMap: PlaneMap? {
    if case .planeMap(let map) = self { return map }
    return nil
  }
}
