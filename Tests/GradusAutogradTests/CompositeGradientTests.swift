import GradusAutograd
import GradusTensor
import Testing

private let composites: [GradCase] = [
  GradCase("sigmoid", [[2, 3]]) { try $0[0].sigmoid() },
  GradCase("gelu", [[3, 4]]) { try $0[0].gelu() },
  GradCase("gelu large inputs", [[5]]) { x in try (x[0] * x[0].constant(3)).gelu() },
  GradCase("softmax last axis", [[3, 4]]) { try $0[0].softmax() },
  GradCase("softmax axis 0", [[3, 4]]) { try $0[0].softmax(axis: 0) },
  GradCase("softmax middle axis of 3-d", [[2, 3, 4]]) { try $0[0].softmax(axis: 1) },
  GradCase("softmax of a vector", [[5]]) { try $0[0].softmax() },
  GradCase("logSoftmax", [[3, 4]]) { try $0[0].logSoftmax() },
  GradCase("logSoftmax axis 0, large logits", [[3, 4]]) { x in
    try (x[0] * x[0].constant(20)).logSoftmax(axis: 0)
  },
  GradCase("crossEntropy", [[4, 5]]) { x in
    try x[0].crossEntropy(classes: try array([1, 0, 4, 4], [4]))
  },
  GradCase("crossEntropy of one row", [[5]]) { x in
    try x[0].crossEntropy(classes: try array([3], []))
  },
  GradCase("mse", [[3, 2], [3, 2]]) { try $0[0].mse($0[1]) },
  GradCase("mse broadcast target", [[3, 2], [2]]) { try $0[0].mse($0[1]) },
  GradCase("layerNorm", [[3, 5]]) { try $0[0].layerNorm() },
  GradCase("layerNorm 3-d", [[2, 3, 4]]) { try $0[0].layerNorm() },
  GradCase("layerNorm with affine", [[3, 4], [4], [4]]) { x in
    try x[0].layerNorm() * x[1] + x[2]
  },
  GradCase("dropout training", [[4, 5]]) { x in
    var rng = RandomGenerator(seed: 99)  // the same mask on every evaluation
    return try x[0].dropout(0.3, training: true, using: &rng)
  },
  GradCase("norm", [[2, 3]]) { try $0[0].norm() },
  GradCase("attention", [[3, 4], [3, 4], [3, 4]]) { x in
    let scores = try x[0].matmul(x[1].transposed()) / x[0].constant(2)
    return try scores.softmax().matmul(x[2])
  },
]

@Suite struct CompositeGradientTests {
  @Test(arguments: composites)
  func composite(_ c: GradCase) throws { try expectGradientsMatch(c) }

  @Test func dropoutZeroesAndScales() throws {
    var rng = RandomGenerator(seed: 99)
    let x = Tensor(try NDArray.full([1000], 1, dtype: .float64), requiresGrad: true)
    let y = try x.dropout(0.3, training: true, using: &rng)
    let values = y.data.values
    let kept = values.filter { $0 != 0 }
    #expect(kept.allSatisfy { Swift.abs($0 - 1 / 0.7) < 1e-12 })
    #expect(kept.count > 620 && kept.count < 780)
    try y.sum().backward()
    #expect(x.grad?.values == values, "the gradient is the mask, scaled")
    var same = RandomGenerator(seed: 99)
    #expect(try x.dropout(0.3, training: true, using: &same).data.values == values)
    #expect(try x.dropout(0.3, training: false, using: &rng) === x)
    #expect(
      throws: TensorError.invalidArgument(op: "dropout", message: "p must be in [0, 1), got 1.0")
    ) {
      try x.dropout(1, training: true, using: &rng)
    }
  }
}

/// The checker itself: a wrong gradient must fail it. Each function computes one value but
/// records a graph that misses part of it, through a detached constant.
@Suite struct GradientCheckerTests {
  @Test func missingPathFails() throws {
    let x = try array([0.5, -1.2, 2.0, 0.3], [4])
    // Value x², graph x·c: the analytic gradient is x, the true one 2x.
    let results = try GradientCheck.check(inputs: [x]) { v in try v[0] * v[0].detached() }
    #expect(!results[0].passes())
    #expect(results[0].maxAbsoluteError > 0.1)
    // The numeric gradient is still right: 2x times the check's weights, twice the analytic.
    expectClose(
      results[0].numeric.values, results[0].analytic.values.map { 2 * $0 }, tolerance: 1e-6)
  }

  @Test func constantComputedFromTheInputFails() throws {
    let x = try array([0.1, -0.7, 1.3], [3])
    let results = try GradientCheck.check(inputs: [x]) { v in
      try v[0] + Tensor(try v[0].data.map(.tanh))
    }
    #expect(!results[0].passes())
    #expect(results[0].maxRelativeError > 0.1)
  }

  @Test func onlyTheWrongInputFails() throws {
    let inputs = [try array([0.5, 1.5], [2]), try array([2.0, -1.0], [2])]
    let results = try GradientCheck.check(inputs: inputs) { v in
      try v[0] * v[1] + Tensor(try v[1].data.map(.square))
    }
    #expect(results[0].passes())
    #expect(!results[1].passes())
  }

  /// The tolerance is PyTorch's |a − n| ≤ atol + rtol·|n|: an error of 1e-7 in a gradient of
  /// about 1 passes, one of 1e-2 does not.
  @Test(arguments: [(1e-7, true), (1e-4, true), (1e-2, false)])
  func tolerance(_ error: Double, _ passes: Bool) throws {
    let x = try array([0.25, -0.5, 1.0], [3])
    let results = try GradientCheck.check(inputs: [x]) { v in
      try v[0] + Tensor(try v[0].data.zip(scalar: error, .mul))
    }
    #expect(results[0].passes() == passes)
    #expect(results[0].passes(atol: 1, rtol: 0), "a loose tolerance accepts anything this close")
  }
}
