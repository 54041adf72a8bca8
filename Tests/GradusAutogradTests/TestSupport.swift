import GradusAutograd
import GradusTensor
import Testing

/// Where a gradient check draws an input's values from.
enum Domain: Sendable, Equatable {
  /// Uniform in [-2, 2).
  case any
  /// Uniform in [0.5, 2): for log, sqrt, and the base of a power with a gradient exponent.
  case positive
  /// |x| in [0.2, 1.7), either sign: away from the kinks of abs and relu.
  case awayFromZero
  /// Distinct values at least 0.1 apart across all inputs of a case: no ties for max/min.
  case distinct
  /// These values, one list per input (row-major): extremes such as ±1e4, zeros and ties.
  case values([[Double]])
}

/// One gradient-check case: inputs of the given shapes and a function of them.
struct GradCase: Sendable, CustomTestStringConvertible {
  let name: String
  let shapes: [Shape]
  let domain: Domain
  /// The finite-difference step.
  let epsilon: Double
  let f: @Sendable ([Tensor]) throws -> Tensor

  init(
    _ name: String, _ shapes: [Shape], _ domain: Domain = .any, epsilon: Double = 1e-6,
    _ f: @escaping @Sendable ([Tensor]) throws -> Tensor
  ) {
    self.name = name
    self.shapes = shapes
    self.domain = domain
    self.epsilon = epsilon
    self.f = f
  }

  var testDescription: String { name }

  /// Fixed float64 inputs for this case.
  func inputs(seed: UInt64 = 17) throws -> [NDArray] {
    var rng = RandomGenerator(seed: seed)
    if domain == .distinct {
      return try distinctValues(using: &rng)
    }
    if case .values(let lists) = domain {
      return try zip(lists, shapes).map { try NDArray($0, shape: $1, dtype: .float64) }
    }
    return try shapes.map { shape in
      switch domain {
      case .any, .distinct, .values:
        return try NDArray.rand(shape, low: -2, high: 2, dtype: .float64, using: &rng)
      case .positive:
        return try NDArray.rand(shape, low: 0.5, high: 2, dtype: .float64, using: &rng)
      case .awayFromZero:
        let magnitude = (0..<shape.count).map { _ in 0.2 + 1.5 * rng.uniform() }
        let values = magnitude.map { rng.uniform() < 0.5 ? -$0 : $0 }
        return try NDArray(values, shape: shape, dtype: .float64)
      }
    }
  }
}

extension GradCase {
  /// Values 0.1 apart. One input: in random order, so maxima fall anywhere. Several inputs:
  /// interleaved between them, increasing through the first input and decreasing through the
  /// second, so that in `maximum(a, b)` each side wins somewhere whatever the shapes and
  /// broadcasting (a scalar sits in the middle).
  fileprivate func distinctValues(using rng: inout RandomGenerator) throws -> [NDArray] {
    let total = shapes.reduce(0) { $0 + $1.count }
    let grid = (0..<total).map { Double($0) * 0.1 - Double(total) * 0.05 }
    if shapes.count == 1 {
      return [
        try NDArray(rng.permutation(total).map { grid[$0] }, shape: shapes[0], dtype: .float64)
      ]
    }
    var slots = [(position: Double, input: Int, element: Int)]()
    for (k, shape) in shapes.enumerated() {
      for j in 0..<shape.count {
        slots.append(((Double(j) + 0.5 + 0.01 * Double(k)) / Double(shape.count), k, j))
      }
    }
    slots.sort { $0.position < $1.position }
    var values = shapes.map { [Double](repeating: 0, count: $0.count) }
    for (rank, slot) in slots.enumerated() {
      let count = values[slot.input].count
      values[slot.input][slot.input % 2 == 0 ? slot.element : count - 1 - slot.element] = grid[rank]
    }
    return try zip(values, shapes).map { try NDArray($0, shape: $1, dtype: .float64) }
  }
}

/// Runs `GradientCheck.check` with PyTorch's gradcheck tolerances and records, per input, the
/// worst element when the analytic gradient disagrees with central differences. Also requires
/// every input to matter, so a case cannot pass by computing nothing.
func expectGradientsMatch(_ c: GradCase, sourceLocation: SourceLocation = #_sourceLocation) throws {
  let results = try GradientCheck.check(inputs: try c.inputs(), epsilon: c.epsilon, c.f)
  #expect(results.count == c.shapes.count, sourceLocation: sourceLocation)
  for (k, result) in results.enumerated() {
    #expect(
      result.passes(atol: 1e-5, rtol: 1e-3),
      "input \(k): max abs error \(result.maxAbsoluteError)\nanalytic \(result.analytic.values)\nnumeric  \(result.numeric.values)",
      sourceLocation: sourceLocation)
    #expect(
      result.numeric.values.contains { Swift.abs($0) > 1e-6 },
      "input \(k) does not affect the output",
      sourceLocation: sourceLocation)
  }
}

/// A float64 array from row-major values.
func array(_ values: [Double], _ shape: Shape, dtype: DType = .float64) throws -> NDArray {
  try NDArray(values, shape: shape, dtype: dtype)
}

/// A float64 parameter (a leaf that requires a gradient).
func parameter(_ values: [Double], _ shape: Shape) throws -> Tensor {
  Tensor(try array(values, shape), requiresGrad: true)
}

/// Whether `values` equal `expected` within `tolerance`, element by element.
func expectClose(
  _ values: [Double], _ expected: [Double], tolerance: Double,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(values.count == expected.count, sourceLocation: sourceLocation)
  for (k, (a, e)) in zip(values, expected).enumerated() where !(Swift.abs(a - e) <= tolerance) {
    Issue.record("element \(k): \(a) ≠ \(e)", sourceLocation: sourceLocation)
    return
  }
}
