#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Sigmoid, softplus and binary cross-entropy, written so that no input overflows or takes
/// log of 0: the textbook formulas 1/(1 + e^−x) and log(1 + e^x) compute e^100 on the way to
/// a value near 0 or x, which in float32 is ∞, and ∞ in a gradient turns into NaN (0 · ∞).
/// PyTorch computes them the same way.

/// 1/(1 + e^−x) for x ≥ 0 and e^x/(1 + e^x) for x < 0: either way e is raised to −|x| ≤ 0.
@inline(__always)
func sigmoid<T: TensorElement>(_ x: T) -> T {
  if x >= 0 { return 1 / (1 + T.exp(-x)) }
  let e = T.exp(x)
  return e / (1 + e)
}

/// log(1 + e^x) = max(x, 0) + log(1 + e^−|x|), with log1p so that tiny e^−|x| keep their digits.
@inline(__always)
func softplus<T: TensorElement>(_ x: T) -> T {
  (x > 0 ? x : 0) + T.log1p(T.exp(-Swift.abs(x)))
}

/// PyTorch's BCELoss limits each log to −100, so a confident wrong prediction costs 100, not ∞.
private let logFloor = -100.0

/// PyTorch's BCELoss gradient divides by max(p(1 − p), 1e-12), so p = 0 or 1 does not divide by 0.
/// Its 1e-12 is a C++ float constant, so it is the float nearest 1e-12 (9.99999996e-13).
private let bceGradientFloor = Double(Float(1e-12))

extension NDArray {
  /// −(y·log p + (1 − y)·log(1 − p)) per element, each log limited to ≥ −100 (PyTorch's
  /// BCELoss before its mean). `self` holds probabilities p, `target` the labels y.
  public func binaryCrossEntropy(target: NDArray) throws(TensorError) -> NDArray {
    try zipStable(target) { (p: Double, y: Double) in
      -(y * Swift.max(log(p), logFloor) + (1 - y) * Swift.max(log1p(-p), logFloor))
    }
  }

  /// d bce / dp = (p − y) / max(p(1 − p), 1e-12), PyTorch's formula (finite at p = 0 and 1).
  public func binaryCrossEntropyGradient(target: NDArray) throws(TensorError) -> NDArray {
    try zipStable(target) { (p: Double, y: Double) in
      (p - y) / Swift.max(p * (1 - p), bceGradientFloor)
    }
  }

  /// d bce / dy = log(1 − p) − log p, each log limited to ≥ −100 as in the forward.
  public func binaryCrossEntropyTargetGradient(target: NDArray) throws(TensorError) -> NDArray {
    try zipStable(target) { (p: Double, _: Double) in
      Swift.max(log1p(-p), logFloor) - Swift.max(log(p), logFloor)
    }
  }

  /// `f` of each pair of elements, broadcast; worked in double and rounded to the common dtype
  /// (the logs of a float32 probability then lose nothing before the clamp).
  private func zipStable(_ other: NDArray, _ f: (Double, Double) -> Double)
    throws(TensorError) -> NDArray
  {
    let shapeOnly = isShapeOnly || other.isShapeOnly
    let shape = try Self.sizing(shapeOnly) { () throws(TensorError) in
      try broadcastShape(self.shape, other.shape)
    }
    let dtype = DType.promoted(self.dtype, other.dtype)
    if shapeOnly { return try .shapeOnlyElementwise(shape, dtype: dtype) }
    // a, b and the results, as Doubles.
    let temporaries = try MemoryCharge(
      count: shape.count, elementSize: 3 * MemoryLayout<Double>.stride)
    defer { withExtendedLifetime(temporaries) {} }
    let a = try broadcast(to: shape).values
    let b = try other.broadcast(to: shape).values
    return try NDArray(Swift.zip(a, b).map { f($0, $1) }, shape: shape, dtype: dtype)
  }
}
