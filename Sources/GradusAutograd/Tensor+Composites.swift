import GradusTensor

/// Operations built from primitives, so they need no gradient rule of their own: the graph
/// shows exactly how each is computed, and `backward` reuses the primitives' rules.
extension Tensor {
  /// A constant scalar of this tensor's dtype.
  public func constant(_ value: Double) -> Tensor {
    Tensor(NDArray(scalar: value, dtype: dtype))
  }

  /// σ(x) = 1 / (1 + e^(−x)), computed without overflow at any x. A primitive (see `Op`).
  public func sigmoid() throws(TensorError) -> Tensor {
    Tensor.record(.sigmoid, try data.map(.sigmoid), self)
  }

  /// softplus(x) = log(1 + e^x), a smooth relu, computed without overflow at any x.
  /// A primitive (see `Op`).
  public func softplus() throws(TensorError) -> Tensor {
    Tensor.record(.softplus, try data.map(.softplus), self)
  }

  /// log σ(x) = −softplus(−x): finite where log(sigmoid(x)) would be log 0 = −∞.
  public func logSigmoid() throws(TensorError) -> Tensor {
    try -(-self).softplus()
  }

  /// GELU, PyTorch's `gelu(approximate="tanh")`:
  /// ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). A primitive (see `Op`).
  public func gelu() throws(TensorError) -> Tensor {
    Tensor.record(.gelu, try data.gelu(), self)
  }

  /// Softmax along `axis`, stabilised by subtracting the maximum first. A primitive (see `Op`).
  public func softmax(axis: Int = -1) throws(TensorError) -> Tensor {
    let normal = try data.axis(axis, op: "softmax")
    return Tensor.record(.softmax(axis: normal), try data.softmax(axis: normal), self)
  }

  /// log(softmax(x)) computed as x − max − log Σ e^(x − max): never takes log of 0.
  public func logSoftmax(axis: Int = -1) throws(TensorError) -> Tensor {
    _ = try data.axis(axis, op: "log_softmax")
    let shifted = try self - Tensor(data.reduce(.max, axes: [axis], keep: true))
    return try shifted - shifted.exp().sum(axes: [axis], keep: true).log()
  }

  /// Mean cross-entropy of logits [N, C] (or [C]) against class indices [N] (or a scalar):
  /// −mean(log_softmax(logits)[i, yᵢ]).
  public func crossEntropy(classes: NDArray) throws(TensorError) -> Tensor {
    var logits = self
    var targets = classes
    // A shape mismatch here is about the batch size (axis 0 of both), so it is reported as the
    // index shape the logits call for rather than as `.mismatch` ("except along axis 0").
    if logits.data.rank == 1 {
      guard classes.count == 1 else {
        throw .rank(
          op: "cross_entropy", expected: "one class index for logits \(shape)",
          got: classes.shape.sizes)
      }
      logits = try logits.reshaped([1, logits.shape[0]])
      targets = try targets.reshaped([1])
    }
    guard logits.data.rank == 2 else {
      throw .rank(op: "cross_entropy", expected: "logits [N, C]", got: shape.sizes)
    }
    guard targets.rank == 1, targets.shape[0] == logits.shape[0] else {
      throw .rank(
        op: "cross_entropy", expected: "class indices [\(logits.shape[0])] for logits \(shape)",
        got: classes.shape.sizes)
    }
    try targets.checkClassIndices(classes: logits.shape[1], op: "cross_entropy")
    let picked = try logits.logSoftmax(axis: 1).gather(
      axis: 1, index: targets.reshaped([targets.shape[0], 1]))
    return try -picked.mean()
  }

  /// Mean squared error, PyTorch's `MSELoss` (no ½).
  public func mse(_ target: Tensor) throws(TensorError) -> Tensor {
    try Tensor.checkLossShapes(self, target, loss: "mse")
    return try (self - target).pow(constant(2)).mean()
  }

  /// Binary cross-entropy of probabilities (`self`) against 0/1 labels, PyTorch's `BCELoss`:
  /// −mean(y·log p + (1 − y)·log(1 − p)) with each log limited to ≥ −100, so a prediction of
  /// exactly 0 or 1 costs at most 100 instead of ∞.
  public func binaryCrossEntropy(_ target: Tensor) throws(TensorError) -> Tensor {
    try Tensor.checkLossShapes(self, target, loss: "bce")
    // Shape-only predictions (`analyze { }`) have no values to check.
    if !data.isShapeOnly, let outside = data.firstElement(where: { !($0 >= 0 && $0 <= 1) }) {
      throw .invalidArgument(
        op: "bce",
        message: "the predictions must be probabilities in [0, 1], got \(outside); "
          + "for scores (logits) use bce_with_logits(scores, y)")
    }
    let terms = Tensor.record(
      .binaryCrossEntropy, try data.binaryCrossEntropy(target: target.data), self, target)
    return try terms.mean()
  }

  /// Binary cross-entropy of logits z (`self`), PyTorch's `BCEWithLogitsLoss`:
  /// bce(sigmoid(z), y) = mean(softplus(z) − y·z), finite at every z; its gradient is
  /// (sigmoid(z) − y)/n.
  public func binaryCrossEntropyWithLogits(_ target: Tensor) throws(TensorError) -> Tensor {
    try Tensor.checkLossShapes(self, target, loss: "bce_with_logits")
    return try (softplus() - target * self).mean()
  }

  /// Layer normalisation over the last axis: (x − μ) / √(σ² + ε), σ² the biased variance.
  /// A primitive (see `Op`).
  public func layerNorm(epsilon: Double = 1e-5) throws(TensorError) -> Tensor {
    Tensor.record(.layerNorm(epsilon: epsilon), try data.layerNorm(epsilon: epsilon), self)
  }

  /// Inverted dropout: in training, zeroes each element with probability `p` and scales the
  /// rest by 1/(1−p); in evaluation, the identity.
  public func dropout(_ p: Double, training: Bool, using rng: inout RandomGenerator)
    throws(TensorError) -> Tensor
  {
    guard p >= 0 && p < 1 else {
      throw .invalidArgument(op: "dropout", message: "p must be in [0, 1), got \(p)")
    }
    if !training || p == 0 { return self }
    // A shape-only input gets a shape-only mask: no numbers are drawn.
    let draws =
      data.isShapeOnly
      ? try NDArray.shapeOnly(shape, dtype: dtype)
      : try NDArray.rand(shape, dtype: dtype, using: &rng)
    let keep = try draws.zip(scalar: p, .greaterEqual)
    return try self * Tensor(keep.zip(scalar: 1 / (1 - p), .mul))
  }

  /// x limited to [low, high], PyTorch's `clamp` with number bounds: the gradient is 1 strictly
  /// between the bounds and 0 at and beyond them (min(max(x, low), high) would give ½ at a bound,
  /// `maximum`'s rule for a tie). NaN stays NaN.
  public func clamp(_ low: Tensor, _ high: Tensor) throws(TensorError) -> Tensor {
    let bound = try Tensor.select(try data.zip(low.data, .lessEqual), low, high)
    let strictlyInside = try data.zip(low.data, .greater).zip(data.zip(high.data, .less), .mul)
    let keep = try strictlyInside.zip(data.zip(data, .notEqual), .add)  // or NaN
    return try Tensor.select(keep, self, bound)
  }

  /// Euclidean norm of all elements: √Σx², with gradient x/‖x‖ and 0 at x = 0 (PyTorch's).
  /// A primitive (see `Op`).
  public func norm() throws(TensorError) -> Tensor {
    let value = try data.map(.square).reduce(.sum).map(.sqrt)
    return Tensor.record(.norm, value, self)
  }
}

extension NDArray {
  /// One-hot rows: indices of any shape → shape + [classes], written directly (the classes ×
  /// classes identity they could be picked from would be far larger than the result).
  public static func oneHot(_ indices: NDArray, classes: Int) throws(TensorError) -> NDArray {
    try indices.checkClassIndices(classes: classes, op: "one_hot")
    let shape = try sizing(indices.isShapeOnly) { () throws(TensorError) in
      try Shape(indices.shape.sizes + [classes])
    }
    if indices.isShapeOnly { return try .shapeOnly(shape, dtype: indices.dtype) }
    // The rows and the indices, as Doubles.
    let copies = try MemoryCharge(
      count: shape.count + indices.count, elementSize: MemoryLayout<Double>.stride)
    defer { withExtendedLifetime(copies) {} }
    var rows = [Double](repeating: 0, count: shape.count)
    for (k, index) in indices.values.enumerated() { rows[k * classes + Int(index)] = 1 }
    return try NDArray(rows, shape: shape, dtype: indices.dtype)
  }

  /// Class indices (or token indices, `of: "tokens"`) must be whole numbers in 0..<classes: a
  /// negative index would otherwise count from the end (as a tensor index does) and silently
  /// pick the wrong class.
  public func checkClassIndices(classes: Int, op: String, of kind: String = "classes")
    throws(TensorError)
  {
    // Shape-only indices (`analyze { }`) have no values to check.
    if isShapeOnly { return }
    for value in values where !(value >= 0 && value < Double(classes) && value.rounded() == value) {
      let shown = value.rounded() == value && value.magnitude < 1e15 ? "\(Int(value))" : "\(value)"
      let item = kind == "classes" ? "class" : String(kind.dropLast())
      // `classes - 1` would overflow for Int.min (found by HostileBuiltinTests).
      let allowed = classes >= 1 ? "one of 0…\(classes - 1)" : "valid: there are none"
      throw .invalidArgument(
        op: op, message: "\(item) index \(shown) is not \(allowed) (\(classes) \(kind))")
    }
  }
}
