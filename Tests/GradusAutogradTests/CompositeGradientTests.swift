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
  GradCase("mse against a number", [[3, 2], []]) { try $0[0].mse($0[1]) },
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

/// ±1e4, ±100, ±30, ±1 and 0, the inputs at which a textbook formula overflows or divides by 0.
private let extremes = [-1e4, -100, -30, -1, 0, 1, 30, 100, 1e4]
private let labels = [1.0, 0, 1, 0, 1, 0, 1, 0, 1]
/// Rows with huge spreads, ties and a constant row.
private let extremeRows = [-1e4, 0, 1e4, 100, 100, -100, 0, 0, 0, -30, 1, 30]

/// Every composite again at extreme inputs, zeros and ties, in float64. Where a function has a
/// kink at such an input (relu at 0, max at ties), its gradient follows PyTorch's convention
/// and is compared with PyTorch in NumericsFixtureTests rather than with finite differences.
private let extremeComposites: [GradCase] = [
  GradCase("sigmoid at extremes", [[9]], .values([extremes])) { try $0[0].sigmoid() },
  GradCase("softplus at extremes", [[9]], .values([extremes])) { try $0[0].softplus() },
  GradCase("logSigmoid at extremes", [[9]], .values([extremes])) { try $0[0].logSigmoid() },
  GradCase("gelu at extremes", [[9]], .values([extremes])) { try $0[0].gelu() },
  GradCase("bceWithLogits at extremes", [[9], [9]], .values([extremes, labels])) { x in
    try x[0].binaryCrossEntropyWithLogits(x[1])
  },
  // Probabilities lose their digits near 1 (1 − p for z = 20 keeps 7 of 16), which is what
  // bce_with_logits is for; and PyTorch's BCELoss gradient divides by max(p(1 − p), 1e-12), so
  // beyond |z| ≈ 28 it is by design no longer the derivative. Finite differences stop at 10; the
  // fixture compares the far values with PyTorch.
  GradCase(
    "bce of sigmoid", [[7], [7]], .values([[-10, -5, -1, 0, 1, 5, 10], [1, 0, 1, 0, 1, 0, 0]])
  ) {
    x in try x[0].sigmoid().binaryCrossEntropy(x[1])
  },
  GradCase("logSoftmax at extremes and ties", [[4, 3]], .values([extremeRows])) {
    try $0[0].logSoftmax()
  },
  GradCase("softmax at extremes and ties", [[4, 3]], .values([extremeRows])) {
    try $0[0].softmax()
  },
  GradCase("crossEntropy at extremes and ties", [[4, 3]], .values([extremeRows])) { x in
    try x[0].crossEntropy(classes: try array([0, 1, 2, 0], [4]))
  },
  GradCase("layerNorm at extremes and a constant row", [[4, 3]], .values([extremeRows])) {
    try $0[0].layerNorm()
  },
  GradCase("norm at large values", [[4]], .values([[1e4, -1e4, 0, 100]])) { try $0[0].norm() },
  GradCase("norm of a sum that is 0", [[3], [3]], .values([[1, -2, 0], [-1, 2, 0]])) { x in
    // The norm itself is at its kink (0), where its gradient is 0; the product keeps both
    // inputs in play.
    try (x[0] + x[1]).norm() + (x[0] * x[1]).sum()
  },
  // A quadratic: central differences are exact at any step, and a step of 1e-6 would drown in
  // the rounding of a loss near 1e7.
  GradCase("mse at extremes", [[9], [9]], .values([extremes, labels]), epsilon: 1e-2) {
    try $0[0].mse($0[1])
  },
  GradCase("maximum at ties", [[4], [4]], .values([[0, 1, -1, 1e4], [0, 1, 3, -1e4]])) {
    try $0[0].maximum($0[1])
  },
]

@Suite struct CompositeGradientTests {
  @Test(arguments: composites)
  func composite(_ c: GradCase) throws { try expectGradientsMatch(c) }

  @Test(arguments: extremeComposites)
  func compositeAtExtremes(_ c: GradCase) throws { try expectGradientsMatch(c) }

  /// The gradient of norm at 0 is 0 (PyTorch's subgradient), not 0/0.
  @Test func normGradientAtZeroIsZero() throws {
    for dtype in [DType.float32, .float64] {
      let x = Tensor(try NDArray.zeros([3], dtype: dtype), requiresGrad: true)
      try x.norm().backward()
      #expect(x.grad?.values == [0, 0, 0])
    }
  }

  /// A loss whose prediction and target differ in shape but broadcast is an error naming both
  /// shapes and the fix, not the mean of a table of every pair.
  @Test func lossesRejectShapesThatOnlyBroadcast() throws {
    let prediction = Tensor(try NDArray.zeros([4, 1], dtype: .float64))
    let target = Tensor(try NDArray.full([4], 0.5, dtype: .float64))
    let losses: [(String, (Tensor, Tensor) throws -> Tensor)] = [
      ("mse", { try $0.mse($1) }),
      ("bce", { try $0.binaryCrossEntropy($1) }),
      ("bce_with_logits", { try $0.binaryCrossEntropyWithLogits($1) }),
    ]
    for (name, loss) in losses {
      #expect {
        try loss(prediction, target)
      } throws: { error in
        guard case .invalidArgument(let op, let message) = error as? TensorError else {
          return false
        }
        return op == name && message.contains("[4, 1]") && message.contains("[4]")
          && message.contains("[4, 4] table") && message.contains("reshape(target, 4, 1)")
      }
    }
  }

  /// Class indices outside 0..<classes are errors naming the index, not a row counted from the
  /// end (a negative index) or an index error about `gather`.
  @Test func invalidClassIndicesAreNamed() throws {
    let logits = Tensor(try NDArray.zeros([2, 3], dtype: .float64))
    for bad in [-1.0, 3] {
      let message = "class index \(Int(bad)) is not one of 0…2 (3 classes)"
      #expect(throws: TensorError.invalidArgument(op: "cross_entropy", message: message)) {
        try logits.crossEntropy(classes: try array([0, bad], [2]))
      }
      #expect(throws: TensorError.invalidArgument(op: "one_hot", message: message)) {
        try NDArray.oneHot(try array([bad], [1]), classes: 3)
      }
    }
  }

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
