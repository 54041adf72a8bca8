import GradusTensor

/// How far an analytic gradient is from central finite differences, for one input.
public struct GradientCheckResult: Sendable {
  public let analytic: NDArray
  public let numeric: NDArray
  /// max |analytic − numeric|
  public let maxAbsoluteError: Double
  /// max |analytic − numeric| / max(|numeric|, tiny)
  public let maxRelativeError: Double

  /// PyTorch gradcheck's criterion: |a − n| ≤ atol + rtol·|n| for every element.
  public func passes(atol: Double = 1e-5, rtol: Double = 1e-3) -> Bool {
    zip(analytic.values, numeric.values).allSatisfy { a, n in
      Swift.abs(a - n) <= atol + rtol * Swift.abs(n)
    }
  }
}

public enum GradientCheck {
  /// Compares `backward` with central differences (f(x+ε) − f(x−ε)) / 2ε for each input, in
  /// float64. `f` must return a tensor; non-scalar outputs are summed against a fixed random
  /// weighting so every output element is exercised; scalar outputs are used as they are.
  public static func check(
    inputs: [NDArray], epsilon: Double = 1e-6, seed: UInt64 = 0,
    _ f: ([Tensor]) throws -> Tensor
  ) throws -> [GradientCheckResult] {
    let leaves = try inputs.map {
      Tensor(try $0.converted(to: .float64).copy(), requiresGrad: true)
    }
    let output = try f(leaves)
    // Differences of values need values: shape-only arrays (`analyze { }`) have none.
    for array in inputs + [output.data] { try array.requireValues("gradcheck") }
    var rng = RandomGenerator(seed: seed)
    // A scalar output is checked as is, so the printed gradients are the function's own.
    let weights =
      output.data.count == 1
      ? try NDArray.full(output.shape, 1, dtype: .float64)
      : try NDArray.rand(output.shape, low: 0.5, high: 1.5, dtype: .float64, using: &rng)
    let scalar = try (output * Tensor(weights)).sum()
    try scalar.backward()

    func evaluate(_ values: [NDArray]) throws -> Double {
      try Autograd.withNoGrad {
        let out = try f(values.map { Tensor($0) })
        return try out.data.converted(to: .float64).zip(weights, .mul).reduce(.sum).scalarValue
      }
    }

    var results = [GradientCheckResult]()
    for (k, leaf) in leaves.enumerated() {
      let base = leaf.data
      // The shifted copies `plus` and `minus`, the numeric gradient and the analytic one, as
      // Doubles: taken from the budget before they are made.
      let copies = try MemoryCharge(count: base.count, elementSize: 4 * MemoryLayout<Double>.stride)
      defer { withExtendedLifetime(copies) {} }
      var numeric = [Double]()
      for position in 0..<base.count {
        var plus = base.values
        var minus = plus
        plus[position] += epsilon
        minus[position] -= epsilon
        var shiftedPlus = leaves.map(\.data)
        var shiftedMinus = shiftedPlus
        shiftedPlus[k] = try NDArray(plus, shape: base.shape, dtype: .float64)
        shiftedMinus[k] = try NDArray(minus, shape: base.shape, dtype: .float64)
        numeric.append((try evaluate(shiftedPlus) - evaluate(shiftedMinus)) / (2 * epsilon))
      }
      let numericArray = try NDArray(numeric, shape: base.shape, dtype: .float64)
      let analytic = try leaf.grad ?? NDArray.zeros(base.shape, dtype: .float64)
      var maxAbs = 0.0
      var maxRel = 0.0
      for (a, n) in zip(analytic.values, numeric) {
        let diff = Swift.abs(a - n)
        maxAbs = Swift.max(maxAbs, diff)
        maxRel = Swift.max(maxRel, diff / Swift.max(Swift.abs(n), 1e-12))
      }
      results.append(
        GradientCheckResult(
          analytic: analytic, numeric: numericArray, maxAbsoluteError: maxAbs,
          maxRelativeError: maxRel))
    }
    return results
  }
}
