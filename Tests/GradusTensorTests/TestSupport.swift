import GradusTensor
import Testing

/// A float64 array from row-major values (the default dtype for tests that compare digits).
func array(_ values: [Double], _ shape: Shape, dtype: DType = .float64) throws -> NDArray {
  try NDArray(values, shape: shape, dtype: dtype)
}

/// `0, 1, 2, …` in `shape`: positions are easy to read back in view and slicing tests.
func counting(_ shape: Shape, dtype: DType = .float64) throws -> NDArray {
  try NDArray((0..<shape.count).map(Double.init), shape: shape, dtype: dtype)
}

/// Seeded uniform values in [-1, 1).
func random(_ shape: Shape, seed: UInt64, dtype: DType = .float64) throws -> NDArray {
  var rng = RandomGenerator(seed: seed)
  return try NDArray.rand(shape, low: -1, high: 1, dtype: dtype, using: &rng)
}

/// Whether `array` and `expected` have the same shape and values within `tolerance`.
func expectValues(
  _ array: NDArray, _ expected: [Double], shape: Shape? = nil, tolerance: Double = 0,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  if let shape { #expect(array.shape == shape, sourceLocation: sourceLocation) }
  let values = array.values
  #expect(values.count == expected.count, sourceLocation: sourceLocation)
  for (k, (a, e)) in zip(values, expected).enumerated() where !(Swift.abs(a - e) <= tolerance) {
    Issue.record("element \(k): \(a) ≠ \(e)", sourceLocation: sourceLocation)
    return
  }
}
