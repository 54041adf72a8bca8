import GradusAutograd
import GradusLanguage
import GradusPictures
import GradusTensor

/// The builtins that draw a function of two variables over a rectangle: its level sets with
/// paths on them (`contour`), or a classifier's regions with points on them (`regions`). Both
/// take the values on a grid that the program computes itself (row r at the r-th y from low to
/// high, column c at the c-th x), so what is drawn is exactly what the program computed.
extension Builtins {
  static let planeMaps: [Builtin] = [
    Builtin(
      "contour",
      "contour(values, x: [low, high], y: [low, high], levels: 8, paths: none, labels: none, title: none)",
      "level sets (等高线) of a function sampled on a grid (row r at the r-th y from low to high), with paths such as an optimizer's steps drawn on them; `levels:` is a count or an ascending list",
      example:
        "xs = linspace(-2, 2, 41)\nys = linspace(-1, 1, 21)\ncontour(xs ^ 2 + 4 * reshape(ys, -1, 1) ^ 2, x: [-2, 2], y: [-1, 1], levels: [0.5, 1, 2, 4], paths: [[[-2, 1], [-1, 0.5], [0, 0]]], labels: [\"steps\"])"
    ) { args in
      try args.expect(
        1, names: ["x", "y", "levels", "paths", "labels", "title"],
        signature:
          "contour(values, x: [-2, 2], y: [-1, 1], levels: 8, paths: [path], labels: [\"a\"])")
      let grid = try args.planeGrid()
      let levels = try args.levels(in: grid.values)
      let labels = try args.strings("labels", single: true)
      let paths = try args.paths(labels: labels)
      let map = PlaneMap(
        rows: grid.rows, columns: grid.columns, values: grid.values, x: try args.extent("x"),
        y: try args.extent("y"), shading: .levels(levels), paths: paths,
        title: try args.optionalString("title"))
      args.interpreter.output.picture(.planeMap(map))
      return .none
    },
    Builtin(
      "regions",
      "regions(classes, x: [low, high], y: [low, high], points: none, labels: none, title: none)",
      "the class a classifier picks at each point of a grid (row r at the r-th y from low to high) as coloured regions, with labelled points (a data set) drawn on them: the decision boundary (决策边界) is where the regions meet",
      example:
        "xs = linspace(-1, 1, 31)\nys = reshape(linspace(-1, 1, 21), -1, 1)\nregions(xs + ys > 0, x: [-1, 1], y: [-1, 1], points: [[0.5, 0.5], [-0.5, -0.2]], labels: [1, 0])"
    ) { args in
      try args.expect(
        1, names: ["x", "y", "points", "labels", "title"],
        signature: "regions(classes, x: [-1, 1], y: [-1, 1], points: X, labels: y)")
      let grid = try args.planeGrid()
      let points = try args.points()
      let classes = try grid.values.map { value in
        guard value.isFinite, value >= 0, value < 1000, value == value.rounded() else {
          throw args.interpreter.error(
            .invalidValue, "`regions` needs a class 0, 1, 2, … at every grid point, got \(value)",
            at: args.span(of: 0),
            help: "give the predicted class, e.g. `argmax(net(grid), axis: 1)`")
        }
        return Int(value)
      }
      let count = max(classes.max() ?? 0, points.map(\.classIndex).max() ?? 0) + 1
      let map = PlaneMap(
        rows: grid.rows, columns: grid.columns, values: grid.values, x: try args.extent("x"),
        y: try args.extent("y"), shading: .classes(count), points: points,
        title: try args.optionalString("title"))
      args.interpreter.output.picture(.planeMap(map))
      return .none
    },
  ]
}

extension Arguments {
  /// The first argument as a grid of at least 2 × 2 values.
  fileprivate func planeGrid() throws -> (rows: Int, columns: Int, values: [Double]) {
    let data = try tensor(0, "values").data
    guard data.rank == 2, data.shape[0] >= 2, data.shape[1] >= 2,
      data.shape[0] <= 1000, data.shape[1] <= 1000
    else {
      throw interpreter.error(
        .shapeMismatch,
        "`\(callee)` draws a grid of values (a matrix of 2 to 1000 rows and columns), not a tensor of shape \(data.shape)",
        at: span(of: 0),
        help:
          "compute the values on a grid: `f(xs, reshape(ys, -1, 1))` with xs, ys from `linspace`")
    }
    return (data.shape[0], data.shape[1], try engine { try data.checkedValues() })
  }

  /// `x: [low, high]` (or `y:`), two finite numbers with low < high.
  fileprivate func extent(_ name: String) throws -> ClosedRange<Double> {
    guard let value = named(name), !value.isNone else {
      throw interpreter.error(
        .arity, "`\(callee)` needs `\(name): [low, high]`, the range its grid covers", at: span)
    }
    let ends = try engine {
      try interpreter.asTensor(value, at: namedSpan(name), what: "`\(name)`").data.checkedValues()
    }
    guard ends.count == 2, ends.allSatisfy(\.isFinite), ends[0] < ends[1] else {
      throw interpreter.error(
        .invalidValue, "`\(name)` must be two finite numbers [low, high] with low < high",
        at: namedSpan(name))
    }
    return ends[0]...ends[1]
  }

  /// `levels:` as ascending numbers: a count n (1 to 30) of levels evenly spaced strictly
  /// between the smallest and largest finite value, or the list given.
  fileprivate func levels(in values: [Double]) throws -> [Double] {
    let given = named("levels") ?? .none
    var isCount = given.isNone
    if case .int = given { isCount = true }
    if isCount {
      let count = try optionalInt(nil, "levels") ?? 8
      guard (1...30).contains(count) else {
        throw interpreter.error(
          .invalidValue, "`levels` must be between 1 and 30, got \(count)",
          at: namedSpan("levels"))
      }
      let finite = values.filter(\.isFinite)
      let low = finite.min() ?? 0
      let high = finite.max() ?? 1
      return (1...count).map { low + (high - low) * Double($0) / Double(count + 1) }
    }
    let levels = try engine {
      try interpreter.asTensor(given, at: namedSpan("levels"), what: "`levels`").data
        .checkedValues()
    }
    guard !levels.isEmpty, levels.count <= 30, levels.allSatisfy(\.isFinite),
      zip(levels, levels.dropFirst()).allSatisfy({ $0 < $1 })
    else {
      throw interpreter.error(
        .invalidValue, "`levels` must be 1 to 30 finite numbers in ascending order",
        at: namedSpan("levels"))
    }
    return levels
  }

  /// `paths:` as a list of paths, each n points [x, y] (a tensor [n, 2] or a list of pairs).
  fileprivate func paths(labels: [String]) throws -> [PlaneMap.Path] {
    guard let value = named("paths"), !value.isNone else {
      if !labels.isEmpty {
        throw interpreter.error(
          .invalidValue, "`labels` name paths, and there are none", at: namedSpan("labels"))
      }
      return []
    }
    // A list of paths; a list literal of equally long paths is a tensor [k, n, 2].
    var items: [Value]
    switch value {
    case .list(let list): items = list.items
    case .tensor(let t) where t.data.rank == 3:
      items = try (0..<t.shape[0]).map { k in
        .tensor(Tensor(try engine { try t.data.sliced([.index(k)]) }))
      }
    default: items = [value]
    }
    guard items.count <= 16 else {
      throw interpreter.error(
        .invalidValue, "`\(callee)` draws at most 16 paths, got \(items.count)",
        at: namedSpan("paths"))
    }
    if labels.count > items.count {
      throw interpreter.error(
        .invalidValue, "\(labels.count) labels for \(items.count) paths", at: namedSpan("labels"))
    }
    return try items.enumerated().map { index, item in
      let (xs, ys) = try pairs(item, name: "paths")
      return PlaneMap.Path(
        xs: xs, ys: ys, label: index < labels.count ? labels[index] : "path \(index + 1)")
    }
  }

  /// `points:` [n, 2] with `labels:` n classes 0, 1, … (all class 0 without labels).
  fileprivate func points() throws -> [PlaneMap.Point] {
    guard let value = named("points"), !value.isNone else { return [] }
    let (xs, ys) = try pairs(value, name: "points")
    var classes = [Int](repeating: 0, count: xs.count)
    if let given = named("labels"), !given.isNone {
      let values = try engine {
        try interpreter.asTensor(given, at: namedSpan("labels"), what: "`labels`").data
          .checkedValues()
      }
      guard values.count == xs.count,
        values.allSatisfy({ $0 >= 0 && $0 < 1000 && $0 == $0.rounded() })
      else {
        throw interpreter.error(
          .invalidValue, "`labels` must be one class 0, 1, 2, … for each of the \(xs.count) points",
          at: namedSpan("labels"))
      }
      classes = values.map { Int($0) }
    }
    return (0..<xs.count).map { PlaneMap.Point(x: xs[$0], y: ys[$0], classIndex: classes[$0]) }
  }

  /// The x and y coordinates of n points given as a tensor [n, 2] or a list of pairs.
  private func pairs(_ value: Value, name: String) throws -> ([Double], [Double]) {
    let data = try interpreter.asTensor(value, at: namedSpan(name), what: "`\(name)`").data
    guard data.rank == 2, data.shape[1] == 2, data.shape[0] <= 100_000 else {
      throw interpreter.error(
        .shapeMismatch, "each of `\(name)` must be points [x, y]: shape [n, 2], not \(data.shape)",
        at: namedSpan(name))
    }
    let values = try engine { try data.checkedValues() }
    let n = data.shape[0]
    return ((0..<n).map { values[2 * $0] }, (0..<n).map { values[2 * $0 + 1] })
  }
}
