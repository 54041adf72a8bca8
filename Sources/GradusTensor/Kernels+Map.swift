/// The loops every elementwise operation runs: one output, one to three inputs, any strides.
///
/// Inputs are first broadcast (stride-0 views) to the output shape. Contiguous operands take a
/// flat loop the compiler vectorises; everything else walks the outer axes with a counter and
/// runs a strided inner loop over the last axis.
///
/// The contiguous loops of large arrays are cut into one range per thread (`Parallelism`):
/// every element is computed the same way wherever it runs. Strided walks stay on one thread.
enum Kernels {
  @inline(__always)
  static func map<T: TensorElement>(
    _ a: NDArray, into out: NDArray, _ cost: Parallelism.Cost = .cheap, _ f: (T) -> T
  ) {
    let src = a.storage.pointer(T.self) + a.offset
    let dst = out.storage.pointer(T.self) + out.offset
    let n = out.count
    if a.isContiguous && a.shape == out.shape {
      Parallelism.forEachRange(n, cost) { range in
        for i in range { dst[i] = f(src[i]) }
      }
      return
    }
    var i = 0
    walk(out.shape, a.strides, a.strides) { pa, _, inner, sa, _ in
      for k in 0..<inner { dst[i &+ k] = f(src[pa &+ k &* sa]) }
      i &+= inner
    }
  }

  /// `a` and `b` have `out`'s shape (broadcast views), except that one of them may instead be
  /// a contiguous array that broadcasting would repeat whole, next to a contiguous other one
  /// (`NDArray.zip` passes scalars and bias rows so, to spare the view).
  @inline(__always)
  static func zip<T: TensorElement>(
    _ a: NDArray, _ b: NDArray, into out: NDArray, _ f: (T, T) -> T
  ) {
    let pa = a.storage.pointer(T.self) + a.offset
    let pb = b.storage.pointer(T.self) + b.offset
    let dst = out.storage.pointer(T.self) + out.offset
    let n = out.count
    let aFlat = a.isContiguous && a.shape.count == n
    let bFlat = b.isContiguous && b.shape.count == n
    if aFlat && bFlat {
      Parallelism.forEachRange(n, .cheap) { range in
        for i in range { dst[i] = f(pa[i], pb[i]) }
      }
      return
    }
    // A single value broadcast (a scalar operand such as the 2 of `x ^ 2`).
    if n > 0, aFlat, b.shape.count == 1 || b.broadcastRowLength == 1 {
      let y = pb[0]
      Parallelism.forEachRange(n, .cheap) { range in
        for i in range { dst[i] = f(pa[i], y) }
      }
      return
    }
    if n > 0, bFlat, a.shape.count == 1 || a.broadcastRowLength == 1 {
      let x = pa[0]
      Parallelism.forEachRange(n, .cheap) { range in
        for i in range { dst[i] = f(x, pb[i]) }
      }
      return
    }
    // One operand a broadcast row (a bias): contiguous rows, no per-row bookkeeping.
    if n > 0, aFlat, let length = b.broadcastRowLength, length > 0 {
      Parallelism.forEachRange(n / length, elementsPerItem: length, granule: 1, .cheap) { rows in
        for start in stride(
          from: rows.lowerBound &* length, to: rows.upperBound &* length, by: length)
        {
          let (row, x) = (dst + start, pa + start)
          for k in 0..<length { row[k] = f(x[k], pb[k]) }
        }
      }
      return
    }
    if n > 0, bFlat, let length = a.broadcastRowLength, length > 0 {
      Parallelism.forEachRange(n / length, elementsPerItem: length, granule: 1, .cheap) { rows in
        for start in stride(
          from: rows.lowerBound &* length, to: rows.upperBound &* length, by: length)
        {
          let (row, y) = (dst + start, pb + start)
          for k in 0..<length { row[k] = f(pa[k], y[k]) }
        }
      }
      return
    }
    var i = 0
    walk(out.shape, a.strides, b.strides) { oa, ob, inner, sa, sb in
      if sa == 1 && sb == 1 {
        for k in 0..<inner { dst[i &+ k] = f(pa[oa &+ k], pb[ob &+ k]) }
      } else if sa == 1 && sb == 0 {
        let y = pb[ob]
        for k in 0..<inner { dst[i &+ k] = f(pa[oa &+ k], y) }
      } else {
        for k in 0..<inner { dst[i &+ k] = f(pa[oa &+ k &* sa], pb[ob &+ k &* sb]) }
      }
      i &+= inner
    }
  }

  @inline(__always)
  static func zip3<T: TensorElement>(
    _ a: NDArray, _ b: NDArray, _ c: NDArray, into out: NDArray, _ f: (T, T, T) -> T
  ) {
    let pa = a.storage.pointer(T.self) + a.offset
    let pb = b.storage.pointer(T.self) + b.offset
    let pc = c.storage.pointer(T.self) + c.offset
    let dst = out.storage.pointer(T.self) + out.offset
    // Three operands are rare (where, fused updates): walk two, index the third by offsets.
    var offsetsC = [Int]()
    offsetsC.reserveCapacity(out.count)
    c.forEachOffset { offsetsC.append($0 - c.offset) }
    var i = 0
    walk(out.shape, a.strides, b.strides) { oa, ob, inner, sa, sb in
      for k in 0..<inner {
        dst[i &+ k] = f(pa[oa &+ k &* sa], pb[ob &+ k &* sb], pc[offsetsC[i &+ k]])
      }
      i &+= inner
    }
  }

  /// Calls `body(offsetA, offsetB, innerCount, innerStrideA, innerStrideB)` once per row (a run
  /// of the innermost axes), with element offsets (relative to each operand's start) for two
  /// operands with the given strides, visiting the elements in row-major order of `shape`.
  @inline(__always)
  static func walk(
    _ fullShape: Shape, _ fullStridesA: Shape, _ fullStridesB: Shape,
    _ body: (Int, Int, Int, Int, Int) -> Void
  ) {
    if fullShape.count == 0 { return }
    let (shape, stridesA, stridesB) = coalesced(fullShape, fullStridesA, fullStridesB)
    let rank = shape.rank
    if rank == 0 {
      body(0, 0, 1, 0, 0)
      return
    }
    let inner = shape[rank - 1]
    let sa = stridesA[rank - 1]
    let sb = stridesB[rank - 1]
    var index = Shape(repeating: 0, rank: rank)
    var oa = 0
    var ob = 0
    while true {
      body(oa, ob, inner, sa, sb)
      var axis = rank - 2
      while axis >= 0 {
        index[axis] &+= 1
        oa &+= stridesA[axis]
        ob &+= stridesB[axis]
        if index[axis] < shape[axis] { break }
        oa &-= stridesA[axis] &* shape[axis]
        ob &-= stridesB[axis] &* shape[axis]
        index[axis] = 0
        axis -= 1
      }
      if axis < 0 { return }
    }
  }

  /// The same walk over fewer, longer axes: size-1 axes dropped, and each axis merged into the
  /// next where both operands step through the pair as through one axis (a contiguous array is
  /// one row; a bias broadcast as `[N, 1]` is one row of stride 0). Row-major order is kept.
  static func coalesced(_ shape: Shape, _ stridesA: Shape, _ stridesB: Shape)
    -> (Shape, Shape, Shape)
  {
    var sizes = Shape()
    var stepsA = Shape()
    var stepsB = Shape()
    for axis in 0..<shape.rank where shape[axis] != 1 {
      let last = sizes.rank - 1
      if last >= 0 && stepsA[last] == stridesA[axis] &* shape[axis]
        && stepsB[last] == stridesB[axis] &* shape[axis]
      {
        sizes[last] &*= shape[axis]
        stepsA[last] = stridesA[axis]
        stepsB[last] = stridesB[axis]
      } else {
        sizes.append(shape[axis])
        stepsA.append(stridesA[axis])
        stepsB.append(stridesB[axis])
      }
    }
    return (sizes, stepsA, stepsB)
  }
}

extension NDArray {
  /// The length of the block this view repeats, if it is one contiguous block (its trailing
  /// axes) broadcast along leading axes of stride 0: a bias row `[C]` seen as `[N, C]`.
  var broadcastRowLength: Int? {
    let strides = self.strides
    var length = 1
    var axis = rank - 1
    while axis >= 0 && (shape[axis] == 1 || strides[axis] == length) {
      length &*= shape[axis]
      axis -= 1
    }
    while axis >= 0 {
      if shape[axis] != 1 && strides[axis] != 0 { return nil }
      axis -= 1
    }
    return length
  }
}
