import GradusTensor

/// One gradient rule per primitive: given the upstream gradient of an operation's output, the
/// gradient for each input (nil where none flows), each with its local derivative when the
/// operation is elementwise (for backward traces).
enum GradientRules {
  struct Contribution {
    var gradient: NDArray
    var local: NDArray?
  }

  /// The operands' values, read from the node when a rule needs them: collecting them into an
  /// array first cost an allocation and a copy of every operand per node.
  struct Operands {
    let node: Tensor
    subscript(i: Int) -> NDArray { node.input(i).tensor.data }
    var indices: Range<Int> { 0..<node.inputCount }
  }

  /// `traced`: a listener wants each elementwise rule's local derivative; without one, rules
  /// may fuse the local derivative into the product with the upstream gradient (same bits).
  static func contributions(of node: Tensor, upstream g: NDArray, traced: Bool = true)
    throws(TensorError) -> [Contribution?]
  {
    guard let op = node.op else { return [] }
    let x = Operands(node: node)
    let y = node.data
    func needs(_ i: Int) -> Bool { node.input(i).tensor.requiresGrad }
    /// `g × local`, summed back to the shape of input `i` (undoing broadcasting).
    func chain(_ i: Int, _ local: NDArray) throws(TensorError) -> Contribution? {
      guard needs(i) else { return nil }
      return Contribution(gradient: try g.zip(local, .mul).sum(toShape: x[i].shape), local: local)
    }
    func pass(_ i: Int, _ gradient: NDArray) throws(TensorError) -> Contribution? {
      needs(i) ? Contribution(gradient: try gradient.sum(toShape: x[i].shape), local: nil) : nil
    }
    /// The constant 1, made only by the rules that use it.
    func one() -> NDArray { NDArray(scalar: 1, dtype: y.dtype) }

    switch op {
    case .add:
      return [try pass(0, g), try pass(1, g)]
    case .sub:
      return [try pass(0, g), needs(1) ? try pass(1, g.map(.neg)) : nil]
    case .mul:
      if node.input(0).tensor === node.input(1).tensor {
        // x * x (a square, an L2 penalty): both inputs get g·x, computed once.
        let both = try chain(0, x[0])
        return [both, both]
      }
      return [try chain(0, x[1]), try chain(1, x[0])]
    case .div:
      let inverse = try x[1].map(.reciprocal)
      return [
        try chain(0, inverse),
        needs(1) ? try chain(1, y.zip(inverse, .mul).map(.neg)) : nil,
      ]
    case .neg:
      return [try chain(0, one().zip(scalar: -1, .mul))]
    case .pow:
      let base =
        needs(0) ? try x[1].zip(x[0].zip(x[1].zip(scalar: 1, .sub), .pow), .mul) : nil
      // d(a^b)/db = a^b·log a; where a = 0 PyTorch defines it as 0 rather than NaN.
      let exponent =
        needs(1)
        ? try y.zip(x[0].map(.log), .mul).select(
          where: x[0].zip(scalar: 0, .notEqual), else: NDArray(scalar: 0, dtype: y.dtype))
        : nil
      return [
        try base.flatMap { (l) throws(TensorError) in try chain(0, l) },
        try exponent.flatMap { (l) throws(TensorError) in try chain(1, l) },
      ]
    case .exp:
      return [try chain(0, y)]
    case .log:
      return [try chain(0, x[0].map(.reciprocal))]
    case .sqrt:
      return [try chain(0, y.zip(scalar: 2, .mul).map(.reciprocal))]
    case .abs:
      return [try chain(0, x[0].map(.sign))]
    case .tanh:
      return [try chain(0, one().zip(y.map(.square), .sub))]
    case .relu:
      if !traced && needs(0) && x[0].shape == g.shape {
        return [Contribution(gradient: try g.zip(x[0], .reluGradient), local: nil)]
      }
      return [try chain(0, x[0].map(.step))]
    case .maximum, .minimum:
      let wins = try x[0].zip(x[1], op.name == "maximum" ? .greater : .less)
      let ties = try x[0].zip(x[1], .equal).zip(scalar: 0.5, .mul)
      let first = try wins.zip(ties, .add)
      return [try chain(0, first), needs(1) ? try chain(1, one().zip(first, .sub)) : nil]
    case .select(let mask):
      let m = try mask.zip(scalar: 0, .notEqual).converted(to: y.dtype)
      return [try chain(0, m), needs(1) ? try chain(1, one().zip(m, .sub)) : nil]
    case .reduce(let kind, let axes, let keep):
      return [try reduction(kind, axes, keep, input: x[0], output: y, upstream: g)]
    case .matmul:
      return try matmul(x[0], x[1], g, needs(0), needs(1))
    case .permute(let order):
      var inverse = [Int](repeating: 0, count: order.count)
      for (target, source) in order.enumerated() { inverse[source] = target }
      return [try pass(0, g.permuted(inverse))]
    case .reshape:
      return [try pass(0, g.reshaped(x[0].shape.sizes))]
    case .slice(let items):
      let full = try NDArray.zeros(x[0].shape, dtype: g.dtype)
      try g.assign(into: full.sliced(items))
      return [try pass(0, full)]
    case .concat(let axis):
      var start = 0
      var result = [Contribution?]()
      for i in x.indices {
        var items = [SliceItem](repeating: .all, count: y.rank)
        items[axis] = .range(start: start, stop: start + x[i].shape[axis], step: 1)
        start += x[i].shape[axis]
        result.append(try pass(i, g.sliced(items).contiguous()))
      }
      return result
    case .gather(let axis, let index):
      return [try pass(0, g.scatterAdd(axis: axis, index: index, shape: x[0].shape))]
    case .indexSelect(let indices):
      return [try pass(0, g.indexAdd(indices, tableShape: x[0].shape))]
    case .conv2d(let window, let columns):
      return try convolution(x[0], x[1], columns, window, g, needs(0), needs(1))
    case .maxPool2d(_, let positions):
      return [try pass(0, g.maxUnpool2d(positions: positions, inputShape: x[0].shape))]
    case .softmax(let axis):
      return [try pass(0, y.softmaxBackward(upstream: g, axis: axis))]
    case .layerNorm(let epsilon):
      return [try pass(0, x[0].layerNormBackward(upstream: g, epsilon: epsilon))]
    case .gelu:
      return [try chain(0, x[0].geluDerivative())]
    case .sigmoid:
      return [try chain(0, y.zip(one().zip(y, .sub), .mul))]
    case .softplus:
      return [try chain(0, x[0].map(.sigmoid))]
    case .norm:
      // x / ‖x‖, and 0 at x = 0 (PyTorch's subgradient) rather than 0/0.
      let direction =
        !y.isShapeOnly && y.scalarValue == 0
        ? try NDArray.zeros(x[0].shape, dtype: y.dtype) : try x[0].zip(y, .div)
      return [try chain(0, direction)]
    case .binaryCrossEntropy:
      return [
        needs(0) ? try chain(0, x[0].binaryCrossEntropyGradient(target: x[1])) : nil,
        needs(1) ? try chain(1, x[0].binaryCrossEntropyTargetGradient(target: x[1])) : nil,
      ]
    }
  }

  /// Sum and mean spread the gradient evenly; max and min send it to the extreme elements
  /// (split evenly between ties, as PyTorch's amax/amin).
  private static func reduction(
    _ kind: Reduction, _ axes: [Int], _ keep: Bool, input: NDArray, output: NDArray,
    upstream: NDArray
  ) throws(TensorError) -> Contribution {
    let n = axes.reduce(1) { $0 * input.shape[$1] }
    if upstream.count == 1 && (kind == .sum || kind == .mean) {
      // A loss reduced to one number: a fill, without the reshape and broadcast view below.
      let value =
        kind == .sum ? upstream : try upstream.zip(scalar: 1 / Double(Swift.max(n, 1)), .mul)
      let gradient =
        value.isShapeOnly
        ? try NDArray.shapeOnly(input.shape, dtype: value.dtype)
        : try NDArray.full(input.shape, value.scalarValue, dtype: value.dtype)
      return Contribution(gradient: gradient, local: nil)
    }
    var keptShape = input.shape
    for axis in axes { keptShape[axis] = 1 }
    let g = try upstream.reshaped(keptShape.sizes)
    switch kind {
    case .sum:
      return Contribution(gradient: try g.broadcast(to: input.shape).contiguous(), local: nil)
    case .mean:
      let scaled = try g.zip(scalar: 1 / Double(Swift.max(n, 1)), .mul)
      return Contribution(gradient: try scaled.broadcast(to: input.shape).contiguous(), local: nil)
    case .max, .min:
      let extreme = try output.reshaped(keptShape.sizes)
      let hits = try input.zip(extreme, .equal)
      let counts = try hits.reduce(.sum, axes: axes, keep: true)
      let share = try hits.zip(counts, .div)
      return Contribution(gradient: try share.zip(g, .mul), local: share)
    }
  }

  /// dA = G·Bᵀ, dB = Aᵀ·G, with vectors promoted to matrices and batch axes summed back.
  private static func matmul(
    _ a: NDArray, _ b: NDArray, _ g: NDArray, _ needA: Bool, _ needB: Bool
  ) throws(TensorError) -> [Contribution?] {
    if a.rank == 2 && b.rank == 2 && g.rank == 2 {
      // Plain matrices: the reshapes and sums below would all be no-ops.
      return [
        needA ? Contribution(gradient: try g.matmul(b.transposed()), local: nil) : nil,
        needB ? Contribution(gradient: try a.transposed().matmul(g), local: nil) : nil,
      ]
    }
    if a.rank > 2 && b.rank == 2 && g.rank == a.rank && a.count > 0 && b.count > 0 {
      // x @ W with x [..., m, k] (a Linear layer on [B, T, d]): dW as one product over all
      // rows, instead of one per batch entry summed afterwards.
      let (k, n) = (b.shape[0], b.shape[1])
      let rows = a.count / k
      return [
        needA ? Contribution(gradient: try g.matmul(b.transposed()), local: nil) : nil,
        needB
          ? Contribution(
            gradient: try a.reshaped([rows, k]).transposed().matmul(g.reshaped([rows, n])),
            local: nil) : nil,
      ]
    }
    let a2 = a.rank == 1 ? try a.reshaped([1, a.shape[0]]) : a
    let b2 = b.rank == 1 ? try b.reshaped([b.shape[0], 1]) : b
    var gSizes = g.shape.sizes
    if a.rank == 1 { gSizes.insert(1, at: Swift.max(gSizes.count - (b.rank == 1 ? 0 : 1), 0)) }
    if b.rank == 1 { gSizes.append(1) }
    let g2 = try g.reshaped(gSizes)
    var result = [Contribution?]()
    if needA {
      let full = try g2.matmul(b2.transposed())
      let summed = try full.sum(toShape: a2.shape)
      result.append(Contribution(gradient: try summed.reshaped(a.shape.sizes), local: nil))
    } else {
      result.append(nil)
    }
    if needB {
      let full = try a2.transposed().matmul(g2)
      let summed = try full.sum(toShape: b2.shape)
      result.append(Contribution(gradient: try summed.reshaped(b.shape.sizes), local: nil))
    } else {
      result.append(nil)
    }
    return result
  }

  /// Convolution as im2col + GEMM, so its backward is two GEMMs and a col2im
  /// (`Convolution2D.backward`).
  private static func convolution(
    _ image: NDArray, _ weight: NDArray, _ columns: NDArray?, _ window: Window2D, _ g: NDArray,
    _ needImage: Bool, _ needWeight: Bool
  ) throws(TensorError) -> [Contribution?] {
    let dtype = DType.promoted(image.dtype, weight.dtype)
    let plan = try Convolution2D(
      image: image.shape, kernel: weight.shape, stride: window.stride, padding: window.padding,
      dtype: dtype, shapeOnly: image.isShapeOnly || weight.isShapeOnly || g.isShapeOnly)
    let (dImage, dKernel) = try plan.backward(
      image: image.converted(to: dtype), kernel: weight.converted(to: dtype), columns: columns,
      upstream: g, needImage: needImage, needKernel: needWeight)
    return [dImage, dKernel].map { gradient in
      gradient.map { Contribution(gradient: $0, local: nil) }
    }
  }
}
