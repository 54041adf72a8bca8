/// Values over a rectangle of the plane, with paths and points drawn on top: the level sets of a
/// function of two variables with the steps an optimizer took (`contour`), or the regions a
/// classifier assigns to each class with its training points (`regions`).
///
/// `values` samples the rectangle on a grid of `rows × columns` points, row after row: value
/// `[r, c]` belongs to x = the c-th of `columns` evenly spaced x from `x.low` to `x.high`, and
/// y = the r-th of `rows` evenly spaced y from `y.low` to `y.high`. Row 0 is the *lowest* y, as
/// in mathematics (and as `f(xs, ys)` with `ys` increasing gives it), so it is drawn at the
/// bottom.
public struct PlaneMap: Sendable, Equatable {
  /// How values become shades.
  public enum Shading: Sendable, Equatable {
    /// Bands between ascending levels: band k holds the values from `levels[k − 1]` up to
    /// `levels[k]`, so the edges between bands are the level sets (等高线).
    case levels([Double])
    /// Each value is a class 0, 1, …, count − 1 (a classifier's answer); each has its shade.
    case classes(Int)
  }

  /// A polyline through points of the plane (an optimizer's path), with a label for the legend.
  public struct Path: Sendable, Equatable {
    public var xs: [Double]
    public var ys: [Double]
    public var label: String

    public init(xs: [Double], ys: [Double], label: String) {
      precondition(xs.count == ys.count, "a path has as many x as y values")
      self.xs = xs
      self.ys = ys
      self.label = label
    }
  }

  /// A marked point of class `classIndex` (a training example).
  public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var classIndex: Int

    public init(x: Double, y: Double, classIndex: Int) {
      self.x = x
      self.y = y
      self.classIndex = classIndex
    }
  }

  public let rows: Int
  public let columns: Int
  public let values: [Double]
  public let x: ClosedRange<Double>
  public let y: ClosedRange<Double>
  public var shading: Shading
  public var paths: [Path]
  public var points: [Point]
  public var title: String?

  public init(
    rows: Int, columns: Int, values: [Double], x: ClosedRange<Double>, y: ClosedRange<Double>,
    shading: Shading, paths: [Path] = [], points: [Point] = [], title: String? = nil
  ) {
    precondition(rows > 0 && columns > 0 && values.count == rows * columns, "plane map size")
    precondition(x.upperBound > x.lowerBound && y.upperBound > y.lowerBound, "plane map extent")
    self.rows = rows
    self.columns = columns
    self.values = values
    self.x = x
    self.y = y
    self.shading = shading
    self.paths = paths
    self.points = points
    self.title = title
  }

  /// The sampled value nearest to the point at fractions (u, v) across and up the rectangle
  /// (0 at the low edge, 1 at the high edge).
  public func value(across u: Double, up v: Double) -> Double {
    let column = Swift.min(columns - 1, Swift.max(0, Int((u * Double(columns - 1)).rounded())))
    let row = Swift.min(rows - 1, Swift.max(0, Int((v * Double(rows - 1)).rounded())))
    return values[row * columns + column]
  }

  /// The shade index of a value: its band (0…levels.count) or its class (0…count − 1); nil for
  /// a value that is not finite or not a class.
  public func band(_ value: Double) -> Int? {
    guard value.isFinite else { return nil }
    switch shading {
    case .levels(let levels):
      return levels.prefix { $0 <= value }.count
    case .classes(let count):
      let index = Int(value.rounded())
      return Double(index) == value && index >= 0 && index < count ? index : nil
    }
  }

  /// How many shades there are: bands between levels, or classes.
  public var bandCount: Int {
    switch shading {
    case .levels(let levels): return levels.count + 1
    case .classes(let count): return count
    }
  }

  /// Where `value` falls along x (0 at `x.lowerBound`, 1 at the upper bound); outside is < 0 or > 1.
  func across(_ value: Double) -> Double {
    (value - x.lowerBound) / (x.upperBound - x.lowerBound)
  }

  func up(_ value: Double) -> Double {
    (value - y.lowerBound) / (y.upperBound - y.lowerBound)
  }

  /// The legend's text for band `k` of levels shading: `< 0.1`, `0.1–0.5`, `≥ 5`.
  func bandRange(_ k: Int, unicode: Bool) -> String {
    guard case .levels(let levels) = shading, !levels.isEmpty else { return "" }
    let text = { NumberText.compact($0) }
    if k == 0 { return "< " + text(levels[0]) }
    if k == levels.count { return (unicode ? "≥ " : ">= ") + text(levels[k - 1]) }
    return text(levels[k - 1]) + (unicode ? "–" : "-") + text(levels[k])
  }
}
