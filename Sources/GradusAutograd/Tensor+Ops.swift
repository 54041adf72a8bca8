import GradusTensor

/// The primitive operations on tensors. Each computes its value with an NDArray kernel and
/// records itself; its gradient rule is in `GradientRules`.
extension Tensor {
  public static func + (a: Tensor, b: Tensor) throws(TensorError) -> Tensor {
    record(.add, try a.data.zip(b.data, .add), a, b)
  }

  public static func - (a: Tensor, b: Tensor) throws(TensorError) -> Tensor {
    record(.sub, try a.data.zip(b.data, .sub), a, b)
  }

  public static func * (a: Tensor, b: Tensor) throws(TensorError) -> Tensor {
    record(.mul, try a.data.zip(b.data, .mul), a, b)
  }

  public static func / (a: Tensor, b: Tensor) throws(TensorError) -> Tensor {
    record(.div, try a.data.zip(b.data, .div), a, b)
  }

  public static prefix func - (a: Tensor) throws(TensorError) -> Tensor {
    record(.neg, try a.data.map(.neg), a)
  }

  /// `a ^ b`, elementwise with broadcasting.
  public func pow(_ exponent: Tensor) throws(TensorError) -> Tensor {
    Tensor.record(.pow, try data.zip(exponent.data, .pow), self, exponent)
  }

  public func matmul(_ other: Tensor) throws(TensorError) -> Tensor {
    Tensor.record(.matmul, try data.matmul(other.data), self, other)
  }

  public func exp() throws(TensorError) -> Tensor { Tensor.record(.exp, try data.map(.exp), self) }
  public func log() throws(TensorError) -> Tensor { Tensor.record(.log, try data.map(.log), self) }
  public func sqrt() throws(TensorError) -> Tensor {
    Tensor.record(.sqrt, try data.map(.sqrt), self)
  }
  public func abs() throws(TensorError) -> Tensor { Tensor.record(.abs, try data.map(.abs), self) }
  public func tanh() throws(TensorError) -> Tensor {
    Tensor.record(.tanh, try data.map(.tanh), self)
  }
  public func relu() throws(TensorError) -> Tensor {
    Tensor.record(.relu, try data.map(.relu), self)
  }

  /// Elementwise maximum of two tensors (ties send half the gradient to each, as PyTorch).
  public func maximum(_ other: Tensor) throws(TensorError) -> Tensor {
    Tensor.record(.maximum, try data.zip(other.data, .maximum), self, other)
  }

  public func minimum(_ other: Tensor) throws(TensorError) -> Tensor {
    Tensor.record(.minimum, try data.zip(other.data, .minimum), self, other)
  }

  /// `mask ? a : b` elementwise; the mask carries no gradient.
  public static func select(_ mask: NDArray, _ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor
  {
    record(.select(mask: mask), try a.data.select(where: mask, else: b.data), a, b)
  }

  /// Sum, mean, max or min over `axes` (nil: all).
  public func reduce(_ kind: Reduction, axes: [Int]? = nil, keep: Bool = false) throws(TensorError)
    -> Tensor
  {
    let normal = try data.reductionAxes(axes, op: kind.rawValue)
    return Tensor.record(
      .reduce(kind, axes: normal, keep: keep), try data.reduce(kind, axes: normal, keep: keep), self
    )
  }

  public func sum(axes: [Int]? = nil, keep: Bool = false) throws(TensorError) -> Tensor {
    try reduce(.sum, axes: axes, keep: keep)
  }

  public func mean(axes: [Int]? = nil, keep: Bool = false) throws(TensorError) -> Tensor {
    try reduce(.mean, axes: axes, keep: keep)
  }

  public func permuted(_ order: [Int]) throws(TensorError) -> Tensor {
    Tensor.record(.permute(order), try data.permuted(order), self)
  }

  /// Swaps two axes (the last two by default): `x.T`.
  public func transposed(_ first: Int = -2, _ second: Int = -1) throws(TensorError) -> Tensor {
    if data.rank < 2 { return self }
    let a = try data.axis(first, op: "transpose")
    let b = try data.axis(second, op: "transpose")
    var order = Array(0..<data.rank)
    order.swapAt(a, b)
    return try permuted(order)
  }

  public func reshaped(_ sizes: [Int]) throws(TensorError) -> Tensor {
    Tensor.record(.reshape, try data.reshaped(sizes), self)
  }

  public func sliced(_ items: [SliceItem]) throws(TensorError) -> Tensor {
    Tensor.record(.slice(items), try data.sliced(items), self)
  }

  public static func concat(_ parts: [Tensor], axis: Int) throws(TensorError) -> Tensor {
    let joined = try NDArray.concat(parts.map(\.data), axis: axis)
    let normal = try parts[0].data.axis(axis, op: "concat")
    return record(.concat(axis: normal), joined, parts)
  }

  /// Stacks equal shapes along a new axis (a reshape of each, then concat).
  public static func stack(_ parts: [Tensor], axis: Int) throws(TensorError) -> Tensor {
    guard let first = parts.first else {
      throw .invalidArgument(op: "stack", message: "needs at least one tensor")
    }
    let at = axis < 0 ? axis + first.data.rank + 1 : axis
    guard at >= 0 && at <= first.data.rank else {
      throw .axis(op: "stack", axis: axis, rank: first.data.rank + 1)
    }
    var expanded = [Tensor]()
    for part in parts {
      guard part.shape == first.shape else {
        throw .mismatch(op: "stack", lhs: first.shape.sizes, rhs: part.shape.sizes, axis: nil)
      }
      var sizes = part.shape.sizes
      sizes.insert(1, at: at)
      expanded.append(try part.reshaped(sizes))
    }
    return try concat(expanded, axis: at)
  }

  /// PyTorch's `gather` along `axis`.
  public func gather(axis: Int, index: NDArray) throws(TensorError) -> Tensor {
    let normal = try data.axis(axis, op: "gather")
    return Tensor.record(
      .gather(axis: normal, index: index), try data.gather(axis: normal, index: index), self)
  }

  /// Rows of this table picked by `indices`: an embedding lookup.
  public func indexSelect(_ indices: NDArray) throws(TensorError) -> Tensor {
    Tensor.record(.indexSelect(indices: indices), try data.indexSelect(indices), self)
  }

  /// 2-d convolution (cross-correlation, as in PyTorch) of [N, C, H, W] with [O, C, kh, kw].
  public func conv2d(_ weight: Tensor, stride: Int = 1, padding: Int = 0) throws(TensorError)
    -> Tensor
  {
    // Mixed dtypes compute in the wider one, as a product would.
    let dtype = DType.promoted(data.dtype, weight.data.dtype)
    let plan = try Convolution2D(
      image: shape, kernel: weight.shape, stride: stride, padding: padding, dtype: dtype,
      shapeOnly: data.isShapeOnly || weight.data.isShapeOnly)
    let result = try plan.forward(data.converted(to: dtype), weight.data.converted(to: dtype))
    return Tensor.record(
      .conv2d(plan.window, columns: result.columns), result.output, self, weight)
  }

  /// 2-d max pooling of [N, C, H, W].
  public func maxPool2d(kernel: Int, stride: Int? = nil, padding: Int = 0) throws(TensorError)
    -> Tensor
  {
    let window = Window2D(
      kernelHeight: kernel, kernelWidth: kernel, stride: stride ?? kernel, padding: padding)
    let (out, positions) = try data.maxPool2d(window)
    return Tensor.record(.maxPool2d(window, positions: positions), out, self)
  }
}
