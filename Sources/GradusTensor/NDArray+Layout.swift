/// Views and copies that change how elements are laid out, not their values.
extension NDArray {
  /// Permutes the axes: `permuted([1, 0])` is the transpose of a matrix. A view.
  public func permuted(_ order: [Int]) throws(TensorError) -> NDArray {
    // A bit per axis (rank ≤ 8) rather than two Sets: transposes run in every matmul backward.
    var seen: UInt = 0
    for axis in order where axis >= 0 && axis < rank { seen |= 1 << axis }
    guard order.count == rank, seen == (1 << rank) - 1 else {
      throw .invalidArgument(
        op: "permute", message: "\(order) is not a permutation of the \(rank) axes")
    }
    let (sizes, steps) = (shape, strides)
    var newSizes = sizes
    var newSteps = steps
    for (target, source) in order.enumerated() {
      newSizes[target] = sizes[source]
      newSteps[target] = steps[source]
    }
    return NDArray(storage: storage, shape: newSizes, strides: newSteps, offset: offset)
  }

  /// Swaps two axes. A view.
  public func transposed(_ first: Int = -2, _ second: Int = -1) throws(TensorError) -> NDArray {
    if rank < 2 { return self }
    let a = try axis(first, op: "transpose")
    let b = try axis(second, op: "transpose")
    let (oldSizes, oldSteps) = (shape, strides)
    var sizes = oldSizes
    var steps = oldSteps
    sizes[a] = oldSizes[b]
    sizes[b] = oldSizes[a]
    steps[a] = oldSteps[b]
    steps[b] = oldSteps[a]
    return NDArray(storage: storage, shape: sizes, strides: steps, offset: offset)
  }

  /// Gives the same elements a new shape; one size may be -1 (inferred). A view when the data
  /// is contiguous, otherwise a copy.
  public func reshaped(_ sizes: [Int]) throws(TensorError) -> NDArray {
    try Self.sizing(isShapeOnly) { () throws(TensorError) in try reshapedView(sizes) }
  }

  private func reshapedView(_ sizes: [Int]) throws(TensorError) -> NDArray {
    var sizes = sizes
    let inferred = sizes.contains(-1) ? sizes.indices.filter { sizes[$0] == -1 } : []
    if inferred.count > 1 {
      throw .invalidArgument(op: "reshape", message: "only one size may be -1")
    }
    if let hole = inferred.first {
      let known = sizes.enumerated().filter { $0.offset != hole }.map(\.element)
      let product = try Shape(known).checkedCount()
      guard product > 0, count % product == 0 else { throw .reshape(from: shape.sizes, to: sizes) }
      sizes[hole] = count / product
    }
    let target = try Shape(sizes)
    guard try target.checkedCount() == count else { throw .reshape(from: shape.sizes, to: sizes) }
    let source = isContiguous ? self : try contiguous()
    return NDArray(storage: source.storage, contiguous: target, offset: source.offset)
  }

  /// This array with a contiguous layout: itself if it already has one, otherwise a copy.
  public func contiguous() throws(TensorError) -> NDArray {
    if isContiguous { return self }
    return try copy()
  }

  /// A contiguous copy (never shares storage with `self`).
  public func copy() throws(TensorError) -> NDArray {
    if isShapeOnly { return try .shapeOnly(shape, dtype: dtype) }
    let result = try NDArray(uninitialized: shape, dtype: dtype)
    switch dtype {
    case .float32: copyElements(Float.self, into: result)
    case .float64: copyElements(Double.self, into: result)
    }
    return result
  }

  /// Copies elements in row-major order into `destination`, which has the same shape and may be
  /// any view (this is how slices are written: `x[1:3] = …`, concat, the backward of slicing).
  public func assign(into destination: NDArray) throws(TensorError) {
    guard destination.shape == shape else {
      throw .mismatch(op: "assign", lhs: destination.shape.sizes, rhs: shape.sizes, axis: nil)
    }
    if destination.isShapeOnly { return }
    try requireValues("assign")
    let source = dtype == destination.dtype ? self : try converted(to: destination.dtype)
    switch destination.dtype {
    case .float32: source.copyElements(Float.self, into: destination)
    case .float64: source.copyElements(Double.self, into: destination)
    }
  }

  private func copyElements<T: TensorElement>(_: T.Type, into destination: NDArray) {
    let src = storage.pointer(T.self)
    let dst = destination.storage.pointer(T.self)
    if isContiguous && destination.isContiguous {
      (dst + destination.offset).update(from: src + offset, count: count)
      return
    }
    // Both walked together, row by row of the last axis, in row-major order (the order the
    // elements are read and written in matters when source and destination overlap).
    let from = src + offset
    let to = dst + destination.offset
    Kernels.walk(shape, strides, destination.strides) { a, b, inner, sa, sb in
      for k in 0..<inner { to[b &+ k &* sb] = from[a &+ k &* sa] }
    }
  }

  /// The same values as another dtype (a copy unless the dtype already matches).
  public func converted(to target: DType) throws(TensorError) -> NDArray {
    if target == dtype { return self }
    if isShapeOnly { return try .shapeOnly(shape, dtype: target) }
    let result = try NDArray(uninitialized: shape, dtype: target)
    var k = 0
    switch (dtype, target) {
    case (.float32, .float64):
      let src = storage.pointer(Float.self)
      let dst = result.storage.pointer(Double.self)
      forEachOffset {
        dst[k] = Double(src[$0]); k += 1
      }
    case (.float64, .float32):
      let src = storage.pointer(Double.self)
      let dst = result.storage.pointer(Float.self)
      forEachOffset {
        dst[k] = Float(src[$0]); k += 1
      }
    default:
      break
    }
    return result
  }

  /// A view that repeats size-1 axes (stride 0) to reach `target`; the NumPy `broadcast_to`.
  public func broadcast(to target: Shape) throws(TensorError) -> NDArray {
    if target == shape { return self }
    guard target.rank >= rank else {
      // The first axis, counting from the right, that the target lacks.
      throw .broadcast(lhs: shape.sizes, rhs: target.sizes, axis: target.rank)
    }
    let strides = self.strides
    var steps = Shape(repeating: 0, rank: target.rank)
    let shift = target.rank - rank
    for axis in 0..<rank {
      if shape[axis] == target[axis + shift] {
        steps[axis + shift] = strides[axis]
      } else if shape[axis] != 1 {
        throw .broadcast(lhs: shape.sizes, rhs: target.sizes, axis: rank - 1 - axis)
      }
    }
    return NDArray(storage: storage, shape: target, strides: steps, offset: offset)
  }

  /// Inserts a size-1 axis. A view.
  public func unsqueezed(_ axis: Int) throws(TensorError) -> NDArray {
    guard rank < Shape.maxRank else {
      throw .tooManyDimensions(rank: rank + 1, limit: Shape.maxRank)
    }
    let at = axis < 0 ? axis + rank + 1 : axis
    guard at >= 0 && at <= rank else { throw .axis(op: "unsqueeze", axis: axis, rank: rank) }
    var sizes = shape.sizes
    var steps = strides.sizes
    sizes.insert(1, at: at)
    steps.insert(at < rank ? strides[at] * shape[at] : 1, at: at)
    return NDArray(
      storage: storage, shape: Shape(unchecked: sizes), strides: Shape(unchecked: steps),
      offset: offset)
  }
}

/// The shape two operands broadcast to, NumPy rules: align at the right; sizes must match or
/// one of them be 1.
public func broadcastShape(_ a: Shape, _ b: Shape) throws(TensorError) -> Shape {
  if a == b { return a }
  let rank = Swift.max(a.rank, b.rank)
  var result = Shape(repeating: 1, rank: rank)
  for fromEnd in 0..<rank {
    let x = fromEnd < a.rank ? a[a.rank - 1 - fromEnd] : 1
    let y = fromEnd < b.rank ? b[b.rank - 1 - fromEnd] : 1
    if x != y && x != 1 && y != 1 { throw .broadcast(lhs: a.sizes, rhs: b.sizes, axis: fromEnd) }
    result[rank - 1 - fromEnd] = x == 1 ? y : x
  }
  // Two shapes within the limit can broadcast to one beyond it ([n, 1, 0] and [1, n, 0]).
  try MemoryLimit.check(shape: result)
  return result
}
