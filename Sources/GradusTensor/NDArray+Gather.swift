extension NDArray {
  /// Reads an index tensor's values as integer positions along an axis of `size`, rejecting
  /// non-integers and out-of-range values (negative positions count from the end).
  func positions(size: Int, axis: Int, op: String) throws(TensorError) -> [Int] {
    // Shape-only indices have no values to check: an operation given them only computes the
    // shape of its result (see `ShapeOnly.swift`) and reads no positions.
    if isShapeOnly { return [] }
    // The values as Doubles while the Ints are made; the Ints are the caller's to hold.
    let copy = try MemoryCharge(count: count, elementSize: MemoryLayout<Double>.stride)
    defer { withExtendedLifetime(copy) {} }
    try MemoryLimit.check(count: count, elementSize: MemoryLayout<Int>.stride)
    var result = [Int]()
    result.reserveCapacity(count)
    for value in values {
      guard value.isFinite, value == value.rounded(), Swift.abs(value) < 1e15 else {
        throw .invalidArgument(op: op, message: "index \(value) is not a whole number")
      }
      let raw = Int(value)
      let position = raw < 0 ? raw + size : raw
      guard position >= 0 && position < size else {
        throw .index(op: op, index: raw, size: size, axis: axis)
      }
      result.append(position)
    }
    return result
  }

  /// Rows of this table picked by `indices` (any shape): the result has shape
  /// `indices.shape + self.shape[1...]`. An embedding lookup.
  public func indexSelect(_ indices: NDArray) throws(TensorError) -> NDArray {
    guard rank >= 1 else {
      throw .rank(
        op: "index_select", expected: "a table with at least 1 dimension", got: shape.sizes)
    }
    guard indices.rank + rank - 1 <= Shape.maxRank else {
      throw .tooManyDimensions(rank: indices.rank + rank - 1, limit: Shape.maxRank)
    }
    let rows = try indices.positions(size: shape[0], axis: 0, op: "index_select")
    let shapeOnly = isShapeOnly || indices.isShapeOnly
    let outShape = try Self.sizing(shapeOnly) { () throws(TensorError) in
      try Shape(indices.shape.sizes + shape.sizes.dropFirst())
    }
    if shapeOnly { return try .shapeOnly(outShape, dtype: dtype) }
    let table = try contiguous()
    let rowSize = count / Swift.max(shape[0], 1)
    let out = try NDArray(uninitialized: outShape, dtype: dtype)
    switch dtype {
    case .float32: Self.copyRows(Float.self, table, rows, rowSize, out)
    case .float64: Self.copyRows(Double.self, table, rows, rowSize, out)
    }
    return out
  }

  private static func copyRows<T: TensorElement>(
    _: T.Type, _ table: NDArray, _ rows: [Int], _ rowSize: Int, _ out: NDArray
  ) {
    let src = table.storage.pointer(T.self) + table.offset
    let dst = out.storage.pointer(T.self)
    for (k, row) in rows.enumerated() {
      (dst + k * rowSize).update(from: src + row * rowSize, count: rowSize)
    }
  }

  /// The backward of `indexSelect`: a zero table of `tableShape` with each row of `self`
  /// (shape `indices.shape + row shape`) added at its index.
  public func indexAdd(_ indices: NDArray, tableShape: Shape) throws(TensorError) -> NDArray {
    let rows = try indices.positions(size: tableShape[0], axis: 0, op: "index_add")
    if isShapeOnly || indices.isShapeOnly { return try .shapeOnly(tableShape, dtype: dtype) }
    let source = try contiguous()
    let out = try NDArray.zeros(tableShape, dtype: dtype)
    let rowSize = tableShape.count / Swift.max(tableShape[0], 1)
    switch dtype {
    case .float32: Self.addRows(Float.self, source, rows, rowSize, out)
    case .float64: Self.addRows(Double.self, source, rows, rowSize, out)
    }
    return out
  }

  private static func addRows<T: TensorElement>(
    _: T.Type, _ source: NDArray, _ rows: [Int], _ rowSize: Int, _ out: NDArray
  ) {
    let src = source.storage.pointer(T.self) + source.offset
    let dst = out.storage.pointer(T.self)
    for (k, row) in rows.enumerated() {
      for j in 0..<rowSize { dst[row * rowSize + j] += src[k * rowSize + j] }
    }
  }

  /// PyTorch's `gather`: `out[i][j] = self[i][index[i][j]]` along `axis` (2-d shown; any rank).
  /// `index` has this array's rank and sizes no larger, except along `axis`.
  public func gather(axis: Int, index: NDArray) throws(TensorError) -> NDArray {
    let axis = try self.axis(axis, op: "gather")
    guard index.rank == rank else {
      throw .mismatch(op: "gather", lhs: shape.sizes, rhs: index.shape.sizes, axis: axis)
    }
    for other in 0..<rank where other != axis && index.shape[other] > shape[other] {
      throw .mismatch(op: "gather", lhs: shape.sizes, rhs: index.shape.sizes, axis: axis)
    }
    // The source and the picked values, as Doubles (`positions` checks its own Ints).
    let copies = try MemoryCharge(
      count: count + index.count, elementSize: MemoryLayout<Double>.stride)
    defer { withExtendedLifetime(copies) {} }
    let picks = try index.positions(size: shape[axis], axis: axis, op: "gather")
    if isShapeOnly || index.isShapeOnly { return try .shapeOnly(index.shape, dtype: dtype) }
    let source = values
    let sourceStrides = shape.contiguousStrides
    var result = [Double]()
    result.reserveCapacity(picks.count)
    var k = 0
    forEachIndex(of: index.shape) { position in
      var flat = 0
      for d in 0..<rank { flat += (d == axis ? picks[k] : position[d]) * sourceStrides[d] }
      result.append(source[flat])
      k += 1
    }
    return try NDArray(result, shape: index.shape, dtype: dtype)
  }

  /// The backward of `gather`: zeros of `shape` with each element of `self` added at the
  /// position `index` picked.
  public func scatterAdd(axis: Int, index: NDArray, shape target: Shape) throws(TensorError)
    -> NDArray
  {
    let copies = try MemoryCharge(
      count: count + target.count, elementSize: MemoryLayout<Double>.stride)
    defer { withExtendedLifetime(copies) {} }
    let picks = try index.positions(size: target[axis], axis: axis, op: "scatter_add")
    if isShapeOnly || index.isShapeOnly { return try .shapeOnly(target, dtype: dtype) }
    let updates = values
    var result = [Double](repeating: 0, count: target.count)
    let strides = target.contiguousStrides
    var k = 0
    forEachIndex(of: index.shape) { position in
      var flat = 0
      for d in 0..<target.rank { flat += (d == axis ? picks[k] : position[d]) * strides[d] }
      result[flat] += updates[k]
      k += 1
    }
    return try NDArray(result, shape: target, dtype: dtype)
  }

  /// Calls `body` with every multi-index of `shape`, in row-major order.
  private func forEachIndex(of shape: Shape, _ body: ([Int]) -> Void) {
    if shape.count == 0 { return }
    var index = [Int](repeating: 0, count: shape.rank)
    while true {
      body(index)
      var axis = shape.rank - 1
      while axis >= 0 {
        index[axis] += 1
        if index[axis] < shape[axis] { break }
        index[axis] = 0
        axis -= 1
      }
      if axis < 0 { return }
    }
  }

  /// Joins arrays along an existing axis; all other sizes must match.
  public static func concat(_ parts: [NDArray], axis: Int) throws(TensorError) -> NDArray {
    guard let first = parts.first else {
      throw .invalidArgument(op: "concat", message: "needs at least one tensor")
    }
    let axis = try first.axis(axis, op: "concat")
    var dtype = first.dtype
    var total = 0
    for part in parts {
      dtype = DType.promoted(dtype, part.dtype)
      guard part.rank == first.rank else {
        throw .mismatch(op: "concat", lhs: first.shape.sizes, rhs: part.shape.sizes, axis: axis)
      }
      for d in 0..<first.rank where d != axis && part.shape[d] != first.shape[d] {
        throw .mismatch(op: "concat", lhs: first.shape.sizes, rhs: part.shape.sizes, axis: axis)
      }
      total = try SizeArithmetic.add(total, part.shape[axis], op: "concat", what: "the joined size")
    }
    var sizes = first.shape.sizes
    sizes[axis] = total
    let shapeOnly = parts.contains { $0.isShapeOnly }
    let outShape = try sizing(shapeOnly) { () throws(TensorError) in try Shape(sizes) }
    if shapeOnly { return try .shapeOnly(outShape, dtype: dtype) }
    let out = try NDArray(uninitialized: outShape, dtype: dtype)
    var start = 0
    for part in parts {
      var items = [SliceItem](repeating: .all, count: first.rank)
      items[axis] = .range(start: start, stop: start + part.shape[axis], step: 1)
      try part.assign(into: out.sliced(items))
      start += part.shape[axis]
    }
    return out
  }

  /// Stacks equally shaped arrays along a new axis.
  public static func stack(_ parts: [NDArray], axis: Int) throws(TensorError) -> NDArray {
    guard let first = parts.first else {
      throw .invalidArgument(op: "stack", message: "needs at least one tensor")
    }
    for part in parts where part.shape != first.shape {
      throw .mismatch(op: "stack", lhs: first.shape.sizes, rhs: part.shape.sizes, axis: nil)
    }
    let expanded = try parts.map { (part) throws(TensorError) in try part.unsqueezed(axis) }
    let at = axis < 0 ? axis + first.rank + 1 : axis
    return try concat(expanded, axis: at)
  }
}
