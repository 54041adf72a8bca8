/// The loops every elementwise operation runs: one output, one to three inputs, any strides.
///
/// Inputs are first broadcast (stride-0 views) to the output shape. Contiguous operands take a
/// flat loop the compiler vectorises; everything else walks the outer axes with a counter and
/// runs a strided inner loop over the last axis.
enum Kernels {
  @inline(__always)
  static func map<T: TensorElement>(
    _ a: NDArray, into out: NDArray, _ f: (T) -> T
  ) {
    let src = a.storage.pointer(T.self) + a.offset
    let dst = out.storage.pointer(T.self) + out.offset
    let n = out.count
    if a.isContiguous && a.shape == out.shape {
      for i in 0..<n { dst[i] = f(src[i]) }
      return
    }
    var i = 0
    walk(out.shape, a.strides, a.strides) { pa, _, inner, sa, _ in
      for k in 0..<inner { dst[i &+ k] = f(src[pa &+ k &* sa]) }
      i &+= inner
    }
  }

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
      for i in 0..<n { dst[i] = f(pa[i], pb[i]) }
      return
    }
    if aFlat && b.shape.count == 1 {
      let y = pb[0]
      for i in 0..<n { dst[i] = f(pa[i], y) }
      return
    }
    if bFlat && a.shape.count == 1 {
      let x = pa[0]
      for i in 0..<n { dst[i] = f(x, pb[i]) }
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

  /// Calls `body(offsetA, offsetB, innerCount, innerStrideA, innerStrideB)` once per row of the
  /// last axis of `shape`, with element offsets (relative to each operand's start) for two
  /// operands with the given strides.
  @inline(__always)
  static func walk(
    _ shape: Shape, _ stridesA: Shape, _ stridesB: Shape,
    _ body: (Int, Int, Int, Int, Int) -> Void
  ) {
    let rank = shape.rank
    if shape.count == 0 { return }
    if rank == 0 {
      body(0, 0, 1, 0, 0)
      return
    }
    let inner = shape[rank - 1]
    let sa = stridesA[rank - 1]
    let sb = stridesB[rank - 1]
    var index = Shape(unchecked: [Int](repeating: 0, count: rank))
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
}
