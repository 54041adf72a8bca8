/// A grid of terminal cells, each divided into dots: 2 × 4 for braille characters, 1 × 1 when a
/// cell holds one marker character. Remembers which series drew last in each cell, so that a
/// cell can be coloured (a cell has one colour, whatever its dots).
struct DotCanvas {
  let columns: Int
  let rows: Int
  let subColumns: Int
  let subRows: Int
  private(set) var masks: [UInt8]
  private(set) var owners: [Int]

  /// Braille when `braille`, else one dot per cell.
  init(columns: Int, rows: Int, braille: Bool) {
    self.columns = Swift.max(1, columns)
    self.rows = Swift.max(1, rows)
    subColumns = braille ? 2 : 1
    subRows = braille ? 4 : 1
    masks = [UInt8](repeating: 0, count: self.columns * self.rows)
    owners = [Int](repeating: -1, count: self.columns * self.rows)
  }

  var dotWidth: Int { columns * subColumns }
  var dotHeight: Int { rows * subRows }

  /// Sets the dot at (x, y), y = 0 at the top; dots outside the canvas are ignored.
  mutating func set(_ x: Int, _ y: Int, owner: Int) {
    guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
    let cell = (y / subRows) * columns + x / subColumns
    masks[cell] |= DotCanvas.bit(dx: x % subColumns, dy: y % subRows)
    owners[cell] = owner
  }

  /// A straight line of dots (Bresenham), both ends included.
  mutating func line(from start: (Int, Int), to end: (Int, Int), owner: Int) {
    for (x, y) in DotCanvas.linePoints(from: start, to: end) { set(x, y, owner: owner) }
  }

  /// The grid points of a straight line (Bresenham's algorithm), both ends included.
  static func linePoints(from start: (Int, Int), to end: (Int, Int)) -> [(Int, Int)] {
    var (x, y) = start
    let dx = Swift.abs(end.0 - x)
    let dy = -Swift.abs(end.1 - y)
    let stepX = x < end.0 ? 1 : -1
    let stepY = y < end.1 ? 1 : -1
    var error = dx + dy
    var points = [(Int, Int)]()
    while true {
      points.append((x, y))
      if x == end.0 && y == end.1 { return points }
      let doubled = 2 * error
      if doubled >= dy {
        error += dy
        x += stepX
      }
      if doubled <= dx {
        error += dx
        y += stepY
      }
    }
  }

  func mask(_ column: Int, _ row: Int) -> UInt8 { masks[row * columns + column] }
  func owner(_ column: Int, _ row: Int) -> Int { owners[row * columns + column] }

  /// The braille dot numbering: dots 1–3 and 7 down the left column, 4–6 and 8 down the right.
  static func bit(dx: Int, dy: Int) -> UInt8 {
    if dy == 3 { return dx == 0 ? 0x40 : 0x80 }
    return UInt8(1 << (dy + 3 * dx))
  }

  /// The braille character with the dots of `mask` raised.
  static func braille(_ mask: UInt8) -> Character {
    Character(Unicode.Scalar(0x2800 + UInt32(mask))!)
  }
}
