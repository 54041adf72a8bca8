/// A value as numbers and a shape, the form in which a check compares the learner's value with
/// the reference's: numbers, booleans, tensors and (nested) lists of them.
struct NumericValue {
  let shape: [Int]
  let values: [Double]

  init(shape: [Int], values: [Double]) {
    self.shape = shape
    self.values = values
  }

  /// Nil for values that are not numbers (functions, models, strings, ragged lists).
  init?(_ value: Value) {
    switch value {
    case .int(let n): self.init(shape: [], values: [Double(n)])
    case .float(let x): self.init(shape: [], values: [x])
    case .bool(let b): self.init(shape: [], values: [b ? 1 : 0])
    // A shape-only tensor (`analyze { }`) is no number to compare.
    case .tensor(let t) where t.data.isShapeOnly: return nil
    case .tensor(let t): self.init(shape: t.shape.sizes, values: t.data.values)
    case .list(let list):
      let items = list.items.compactMap(NumericValue.init)
      guard items.count == list.items.count else { return nil }
      let inner = items.first?.shape ?? []
      guard items.allSatisfy({ $0.shape == inner }) else { return nil }
      self.init(shape: [items.count] + inner, values: items.flatMap(\.values))
    default: return nil
    }
  }

  /// Equal within `tol`: absolute for numbers below 1, relative above.
  func isClose(to other: NumericValue, tol: Double) -> Bool {
    shape == other.shape && Self.close(values, other.values, tol: tol)
  }

  static func close(_ a: [Double], _ b: [Double], tol: Double) -> Bool {
    guard a.count == b.count else { return false }
    return zip(a, b).allSatisfy { x, y in
      x == y || abs(x - y) <= tol * max(1, abs(y))
    }
  }

  /// The rows and columns exchanged (matrices only).
  var transposed: NumericValue? {
    guard shape.count == 2 else { return nil }
    let (rows, columns) = (shape[0], shape[1])
    var result = [Double](repeating: 0, count: values.count)
    for r in 0..<rows {
      for c in 0..<columns { result[c * rows + r] = values[r * columns + c] }
    }
    return NumericValue(shape: [columns, rows], values: result)
  }

  /// The one factor k with self ≈ k × other, when there is one (other must have a nonzero entry).
  func factor(over other: NumericValue, tol: Double) -> Double? {
    guard shape == other.shape,
      let pivot = other.values.indices.max(by: { abs(other.values[$0]) < abs(other.values[$1]) }),
      abs(other.values[pivot]) > 1e-12
    else { return nil }
    let k = values[pivot] / other.values[pivot]
    return Self.close(values, other.values.map { $0 * k }, tol: tol) ? k : nil
  }

  var shapeText: String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
}
