import CBLAS

extension NDArray {
  /// The matrix product with NumPy/PyTorch rules: 1-d operands are vectors (the added axis is
  /// removed again), leading axes broadcast as batch dimensions, each matrix product runs
  /// through BLAS. Transposed views are passed to BLAS as transposes, not copied.
  public func matmul(_ other: NDArray) throws(TensorError) -> NDArray {
    if rank == 0 || other.rank == 0 {
      throw .rank(
        op: "matmul (@)", expected: "tensors with at least 1 dimension",
        got: (rank == 0 ? shape : other.shape).sizes)
    }
    // Shape-only operands take the general path below, which has every check.
    let shapeOnly = isShapeOnly || other.isShapeOnly
    if rank == 2 && other.rank == 2 && dtype == other.dtype && !shapeOnly {
      return try matmul2D(other)
    }
    if rank > 2 && other.rank == 2 && !shapeOnly && dtype == other.dtype && isContiguous
      && count > 0
      && other.count > 0
    {
      // A batch of rows times one matrix (a Linear layer on [B, T, d]) is one matrix product
      // of all B·T rows: one BLAS call instead of one per batch entry.
      let k = shape[rank - 1]
      guard other.shape[0] == k else { throw .matmul(lhs: shape.sizes, rhs: other.shape.sizes) }
      var sizes = shape.sizes
      sizes[rank - 1] = other.shape[1]
      return try reshaped([count / k, k]).matmul2D(other).reshaped(sizes)
    }
    let dtype = DType.promoted(self.dtype, other.dtype)
    var a = try converted(to: dtype)
    var b = try other.converted(to: dtype)
    let vectorLeft = a.rank == 1
    let vectorRight = b.rank == 1
    if vectorLeft { a = try a.unsqueezed(0) }
    if vectorRight { b = try b.unsqueezed(1) }
    let m = a.shape[a.rank - 2]
    let k = a.shape[a.rank - 1]
    let n = b.shape[b.rank - 1]
    guard b.shape[b.rank - 2] == k else { throw .matmul(lhs: shape.sizes, rhs: other.shape.sizes) }
    let batchA = Shape(unchecked: a.shape.sizes.dropLast(2))
    let batchB = Shape(unchecked: b.shape.sizes.dropLast(2))
    let batch: Shape
    do {
      batch = try Self.sizing(shapeOnly) { () throws(TensorError) in
        try broadcastShape(batchA, batchB)
      }
    } catch {
      throw .matmulBatch(lhs: shape.sizes, rhs: other.shape.sizes)
    }
    var outSizes = batch.sizes + [m, n]
    let outShape = try Self.sizing(shapeOnly) { () throws(TensorError) in try Shape(outSizes) }
    let out: NDArray
    if shapeOnly {
      out = try .shapeOnly(outShape, dtype: dtype)
      try ShapeAnalysis.current?.matmul(matrices: batch.checkedCount(), m: m, n: n, k: k)
    } else {
      out = try NDArray(uninitialized: outShape, dtype: dtype)
    }
    let batchCount = batch.count
    if batchCount > 0 && !shapeOnly {
      let fullA = try a.broadcast(to: Shape(batch.sizes + [m, k]))
      let fullB = try b.broadcast(to: Shape(batch.sizes + [k, n]))
      // A batch of products that is long as a whole (a convolution of many images) stops
      // between two of them on Ctrl-C.
      let polling = MatmulBlocking.isLong(m: m, n: n, k: k, batch: batchCount)
      for index in 0..<batchCount {
        if polling { try EngineInterrupt.poll() }
        let (offsetA, offsetB) = Self.batchOffsets(index, batch, fullA.strides, fullB.strides)
        try Self.gemm(fullA, offsetA, fullB, offsetB, out, index * m * n, m: m, n: n, k: k)
      }
    }
    if vectorLeft { outSizes.remove(at: outSizes.count - 2) }
    if vectorRight { outSizes.removeLast() }
    return try out.reshaped(outSizes)
  }

  /// The common case, two matrices of one dtype, without the batch bookkeeping (each step of
  /// which allocates a small array); same checks, same result.
  private func matmul2D(_ other: NDArray) throws(TensorError) -> NDArray {
    let (m, k, n) = (shape[0], shape[1], other.shape[1])
    guard other.shape[0] == k else { throw .matmul(lhs: shape.sizes, rhs: other.shape.sizes) }
    let out = try NDArray(uninitialized: Self.matrixShape(m, n), dtype: dtype)
    try Self.gemm(self, 0, other, 0, out, 0, m: m, n: n, k: k)
    return out
  }

  /// `[rows, cols]` without the array an array literal would allocate.
  private static func matrixShape(_ rows: Int, _ cols: Int) -> Shape {
    var result = Shape(repeating: rows, rank: 2)
    result[1] = cols
    return result
  }

  /// Storage offsets of the `index`-th matrix of two batched operands.
  private static func batchOffsets(_ index: Int, _ batch: Shape, _ sa: Shape, _ sb: Shape) -> (
    Int, Int
  ) {
    var rest = index
    var oa = 0
    var ob = 0
    var axis = batch.rank - 1
    while axis >= 0 {
      let position = rest % batch[axis]
      rest /= batch[axis]
      oa += position * sa[axis]
      ob += position * sb[axis]
      axis -= 1
    }
    return (oa, ob)
  }

  /// How BLAS should read the last two axes of a view: as is, transposed, or not at all (copy).
  private static func blasLayout(_ x: NDArray) -> (transpose: Bool, leading: Int)? {
    let r = x.rank
    let rows = x.shape[r - 2]
    let cols = x.shape[r - 1]
    let strides = x.strides
    let rowStride = strides[r - 2]
    let colStride = strides[r - 1]
    if colStride == 1 || cols == 1 {
      let leading = rows == 1 ? Swift.max(cols, 1) : rowStride
      if leading >= Swift.max(cols, 1) { return (false, leading) }
    }
    if rowStride == 1 || rows == 1 {
      let leading = cols == 1 ? Swift.max(rows, 1) : colStride
      if leading >= Swift.max(rows, 1) { return (true, leading) }
    }
    return nil
  }

  /// The 2-d matrix at a storage offset of a batched view.
  private static func matrix(_ x: NDArray, at offset: Int) -> NDArray {
    let r = x.rank
    let strides = x.strides
    return NDArray(
      storage: x.storage, shape: matrixShape(x.shape[r - 2], x.shape[r - 1]),
      strides: matrixShape(strides[r - 2], strides[r - 1]), offset: x.offset + offset)
  }

  /// One matrix product C[m×n] = A[m×k] · B[k×n] into the contiguous `out` at `outOffset`.
  private static func gemm(
    _ a: NDArray, _ offsetA: Int, _ b: NDArray, _ offsetB: Int, _ out: NDArray, _ outOffset: Int,
    m: Int, n: Int, k: Int
  ) throws(TensorError) {
    if m == 0 || n == 0 { return }
    // The same number of BLAS threads in every process, so the same bits (see there).
    BLASKernel.threadsChosen
    let ldc = n
    if k == 0 {
      let target = NDArray(storage: out.storage, shape: [m * n], strides: [1], offset: outOffset)
      try NDArray.zeros([m * n], dtype: out.dtype).assign(into: target)
      return
    }
    var a = a.rank == 2 && offsetA == 0 ? a : matrix(a, at: offsetA)
    var b = b.rank == 2 && offsetB == 0 ? b : matrix(b, at: offsetB)
    // Views BLAS cannot read (broadcast rows, doubly strided slices) are copied once.
    var layoutA = blasLayout(a)
    var layoutB = blasLayout(b)
    if layoutA == nil {
      a = try a.copy()
      layoutA = blasLayout(a)
    }
    if layoutB == nil {
      b = try b.copy()
      layoutB = blasLayout(b)
    }
    guard let (ta, lda) = layoutA, let (tb, ldb) = layoutB else { return }
    let transA = ta ? CblasTrans : CblasNoTrans
    let transB = tb ? CblasTrans : CblasNoTrans
    // Rows `row..<row + rows` and columns `column..<column + columns` of C come from the
    // same rows of op(A) and columns of op(B). A column of op(B) runs along a row of B's
    // storage, or down a whole row when B is read transposed; likewise for op(A)'s rows. C
    // keeps its leading dimension, so each block is written in place.
    func product(rows row: Int, _ rows: Int, columns column: Int, _ columns: Int) {
      let offsetA = a.offset + (ta ? row : row * lda)
      let offsetB = b.offset + (tb ? column * ldb : column)
      let offsetC = outOffset + row * ldc + column
      switch out.dtype {
      case .float32:
        cblas_sgemm(
          CblasRowMajor, transA, transB, Int32(rows), Int32(columns), Int32(k), 1,
          a.storage.pointer(Float.self) + offsetA, Int32(lda),
          b.storage.pointer(Float.self) + offsetB, Int32(ldb), 0,
          out.storage.pointer(Float.self) + offsetC, Int32(ldc))
      case .float64:
        cblas_dgemm(
          CblasRowMajor, transA, transB, Int32(rows), Int32(columns), Int32(k), 1,
          a.storage.pointer(Double.self) + offsetA, Int32(lda),
          b.storage.pointer(Double.self) + offsetB, Int32(ldb), 0,
          out.storage.pointer(Double.self) + offsetC, Int32(ldc))
      }
    }
    let (cut, blocks, size) = MatmulBlocking.blocks(m: m, n: n, k: k)
    if blocks == 1 { return product(rows: 0, m, columns: 0, n) }
    let length = cut == .columns ? n : m
    try Parallelism.forEachBlockPolling(blocks) { block in
      let first = block * size
      let count = block == blocks - 1 ? length - first : size
      switch cut {
      case .columns: product(rows: 0, m, columns: first, count)
      case .rows: product(rows: first, count, columns: 0, n)
      }
    }
  }
}
