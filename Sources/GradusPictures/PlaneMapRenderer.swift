/// Draws a `PlaneMap` with characters, one cell per character: the bands or class regions as
/// shade characters (or coloured cell backgrounds), points and paths as markers on top, the
/// axes labelled as in a line chart, and a legend that says what each shade and marker means.
///
/// ```
///  1 +::::--====##
///    |.::::--===##
///  0 +*..::::--===
///    +-----+-----+
///   -2     0     2
///   [ ] < 0.1   [.] 0.1-0.5   ...
/// ```
public enum PlaneMapRenderer {
  /// Band shades from the lowest values to the highest, without the markers' characters.
  static let bandShades: [Character] = [" ", ".", ":", "-", "=", "#", "%", "@"]
  /// Markers of the paths, one per path, and of the points, one per class.
  static let pathMarkers: [Character] = ["*", "o", "+", "x", "&", "$"]
  static let pointMarkers: [Character] = ["o", "x", "+", "*", "&", "$"]

  public static func render(_ map: PlaneMap, options: RenderOptions) -> String {
    var lines = Lines()
    if let title = map.title {
      lines.append(options.bold(title.truncated(to: options.width, unicode: options.unicode)))
    }
    let layout = PlaneLayout(map, width: options.width)
    let grid = cells(map, layout)
    let yTicks = Dictionary(
      layout.yAxis.ticks.map { (layout.row(ofY: $0.position), $0.label) },
      uniquingKeysWith: { first, _ in first })
    for row in 0..<layout.rows {
      let label = (yTicks[row] ?? "").leftPadded(to: layout.labelWidth)
      let axis: Character =
        options.unicode ? (yTicks[row] == nil ? "│" : "┤") : (yTicks[row] == nil ? "|" : "+")
      let body = (0..<layout.columns).map { draw(grid[row][$0], map, options) }.joined()
      lines.append(options.dim(label + " " + String(axis)) + body)
    }
    let xTicks = layout.xAxis.ticks.map { (layout.column(ofX: $0.position), $0.label) }
    lines.append(options.dim(axisLine(layout, xTicks.map(\.0), options)))
    lines.append(tickLabels(layout, xTicks))
    for line in legend(map, options) { lines.append(line) }
    return lines.text
  }

  /// What one character cell shows: its band or class, and the marker drawn over it.
  struct Cell {
    var band: Int?
    var marker: Character?
    /// The colour of the marker: a path's series colour or a class's colour.
    var ink: RGB?
  }

  /// Every cell's band, then the points, then the paths (drawn last, so they stay visible).
  static func cells(_ map: PlaneMap, _ layout: PlaneLayout) -> [[Cell]] {
    var grid = (0..<layout.rows).map { row in
      (0..<layout.columns).map { column in
        Cell(band: map.band(map.value(across: layout.across(column), up: layout.up(row))))
      }
    }
    func mark(_ spot: (column: Int, row: Int), _ marker: Character, _ ink: RGB) {
      guard (0..<layout.columns).contains(spot.column), (0..<layout.rows).contains(spot.row)
      else { return }
      grid[spot.row][spot.column].marker = marker
      grid[spot.row][spot.column].ink = ink
    }
    for point in map.points where point.x.isFinite && point.y.isFinite {
      let marker = pointMarkers[Swift.max(0, point.classIndex) % pointMarkers.count]
      mark(layout.cell(point.x, point.y), marker, classColour(point.classIndex))
    }
    for (index, path) in map.paths.enumerated() {
      let marker = pathMarkers[index % pathMarkers.count]
      var previous: (column: Int, row: Int)?
      for (x, y) in zip(path.xs, path.ys) {
        guard x.isFinite, y.isFinite else {
          previous = nil
          continue
        }
        let spot = layout.cell(x, y)
        for step in cellLine(from: previous ?? spot, to: spot) {
          mark(step, marker, ColourMap.seriesColour(index))
        }
        previous = spot
      }
    }
    return grid
  }

  /// The cells on a straight line between two cells, both ends included (Bresenham). Far
  /// outside the picture the line is cut short: it would not be seen anyway.
  static func cellLine(from start: (column: Int, row: Int), to end: (column: Int, row: Int))
    -> [(column: Int, row: Int)]
  {
    let limit = 10_000
    guard Swift.abs(start.column) < limit, Swift.abs(start.row) < limit,
      Swift.abs(end.column) < limit, Swift.abs(end.row) < limit
    else { return [end] }
    return DotCanvas.linePoints(from: start, to: end).map { (column: $0.0, row: $0.1) }
  }

  /// One cell as text: a marker (coloured when colour is on) over the band's shade, which is a
  /// character without colour and the cell's background with it.
  static func draw(_ cell: Cell, _ map: PlaneMap, _ options: RenderOptions) -> String {
    guard options.colour != .none else {
      if let marker = cell.marker { return String(marker) }
      return String(shade(cell.band, map))
    }
    let background = bandColour(cell.band, map)
    let text = cell.marker.map(String.init) ?? " "
    let ink = cell.ink ?? RGB(gray: 0)
    return options.background(background) + options.foreground(ink) + text + RenderOptions.reset
  }

  /// The shade character of a band (levels: from light to dense; classes: one each).
  static func shade(_ band: Int?, _ map: PlaneMap) -> Character {
    guard let band else { return "?" }
    let count = map.bandCount
    if count <= bandShades.count || count <= 1 { return bandShades[Swift.min(band, 7)] }
    // More bands than shades: spread them, so the lowest and highest keep the lightest and
    // densest shades.
    let position = Double(band) / Double(count - 1) * Double(bandShades.count - 1)
    return bandShades[Int(position.rounded())]
  }

  /// A band's background colour: viridis from low to high levels, or a light tint of the
  /// class's colour, so that its points (in the full colour) stand out on it.
  static func bandColour(_ band: Int?, _ map: PlaneMap) -> RGB {
    guard let band else { return ColourMap.masked }
    switch map.shading {
    case .levels:
      let last = Swift.max(1, map.bandCount - 1)
      return ColourMap.sample(ColourMap.viridis, Double(band) / Double(last))
    case .classes:
      return classColour(band).mixed(with: RGB(gray: 1), 0.7)
    }
  }

  static func classColour(_ index: Int) -> RGB { ColourMap.seriesColour(Swift.max(0, index)) }

  static func axisLine(_ layout: PlaneLayout, _ ticks: [Int], _ options: RenderOptions) -> String {
    let ticked = Set(ticks)
    let (corner, rule, tick): (String, Character, Character) =
      options.unicode ? ("└", "─", "┬") : ("+", "-", "+")
    let body = (0..<layout.columns).map { ticked.contains($0) ? tick : rule }
    return String(repeating: " ", count: layout.labelWidth + 1) + corner + String(body)
  }

  /// Labels centred under their ticks, dropping any that would touch the one before.
  static func tickLabels(_ layout: PlaneLayout, _ ticks: [(Int, String)]) -> String {
    var line = ""
    let right = layout.labelWidth + 2 + layout.columns
    for (column, label) in ticks {
      let centre = layout.labelWidth + 2 + column
      let start = Swift.min(centre - (label.count - 1) / 2, right - label.count)
      guard start >= (line.isEmpty ? 0 : line.count + 1) else { continue }
      line = line.padded(to: start) + label
    }
    return line
  }

  /// What the shades and markers mean, wrapped to the width.
  static func legend(_ map: PlaneMap, _ options: RenderOptions) -> [String] {
    var entries = [(text: String, width: Int)]()
    func swatch(_ band: Int) -> String {
      options.colour == .none
        ? "[" + String(shade(band, map)) + "]"
        : options.background(bandColour(band, map)) + "   " + RenderOptions.reset
    }
    switch map.shading {
    case .levels:
      for band in 0..<map.bandCount {
        let range = map.bandRange(band, unicode: options.unicode)
        entries.append((swatch(band) + " " + range, 4 + range.displayWidth))
      }
    case .classes(let count):
      for index in 0..<count {
        let marker = String(pointMarkers[index % pointMarkers.count])
        let text = "class \(index): " + swatch(index) + " region"
        let points = map.points.contains { $0.classIndex == index }
        let suffix = points ? ", " + options.painted(marker, classColour(index)) + " points" : ""
        entries.append(
          (text + suffix, "class \(index): ".count + 10 + (points ? 9 : 0)))
      }
    }
    for (index, path) in map.paths.enumerated() {
      let marker = String(pathMarkers[index % pathMarkers.count])
      let label = path.label.truncated(
        to: Swift.max(8, options.width - 8), unicode: options.unicode)
      entries.append(
        (
          options.painted(marker, ColourMap.seriesColour(index)) + " " + label,
          2 + label.displayWidth
        )
      )
    }
    var lines = [String]()
    var width = 0
    for entry in entries {
      if lines.isEmpty || width + 3 + entry.width > options.width {
        lines.append("  " + entry.text)
        width = 2 + entry.width
      } else {
        lines[lines.count - 1] += "   " + entry.text
        width += 3 + entry.width
      }
    }
    return lines
  }
}

/// Where a plane map goes in a given width: equal scales on both axes where the rows allow
/// (a character is about twice as tall as it is wide), 8 to 24 rows.
struct PlaneLayout {
  let columns: Int
  let rows: Int
  let labelWidth: Int
  let xAxis: Axis
  let yAxis: Axis
  let map: PlaneMap

  init(_ map: PlaneMap, width: Int) {
    self.map = map
    yAxis = Axis.linearWithin(low: map.y.lowerBound, high: map.y.upperBound, count: 5)
    labelWidth = yAxis.ticks.map(\.label.count).max() ?? 1
    columns = Swift.max(16, Swift.max(24, width) - labelWidth - 2)
    let aspect =
      (map.y.upperBound - map.y.lowerBound) / (map.x.upperBound - map.x.lowerBound)
    rows = Swift.min(24, Swift.max(8, Int((Double(columns) * aspect / 2).rounded())))
    xAxis = Axis.linearWithin(
      low: map.x.lowerBound, high: map.x.upperBound, count: Swift.max(2, columns / 12))
  }

  /// The fraction across the rectangle at the centre of text column `column`.
  func across(_ column: Int) -> Double { (Double(column) + 0.5) / Double(columns) }

  /// The fraction up the rectangle at the centre of text row `row` (row 0 is the top).
  func up(_ row: Int) -> Double { 1 - (Double(row) + 0.5) / Double(rows) }

  func column(ofX x: Double) -> Int { Self.index(map.across(x), count: columns) }

  func row(ofY y: Double) -> Int { rows - 1 - Self.index(map.up(y), count: rows) }

  func cell(_ x: Double, _ y: Double) -> (column: Int, row: Int) { (column(ofX: x), row(ofY: y)) }

  /// The cell a fraction falls in (the upper edge belongs to the last cell); outside 0…1 it is
  /// outside 0..<count, clamped far out so that it stays an `Int`.
  static func index(_ fraction: Double, count: Int) -> Int {
    guard fraction.isFinite else { return -1 }
    let position = Swift.min(1e6, Swift.max(-1e6, fraction * Double(count)))
    return position == Double(count) ? count - 1 : Int(position.rounded(.down))
  }
}
