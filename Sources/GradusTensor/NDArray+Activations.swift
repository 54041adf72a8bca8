import CGradusKernels

/// Softmax, layer norm and GELU as single kernels, forward and backward.
///
/// Built from primitives, each cost 5–10 passes over its input (and as many arrays) forward
/// and more backward; on attention scores (T × T) and the Transformer's feed-forward width
/// that per-element work, not matmul, set the pace. The forward kernels repeat the float
/// operations of the compositions they replace in the same order, so their values are
/// unchanged; only the row sums, added in double, may differ in the last bit of a double.
extension NDArray {
  /// Softmax along `axis`: e^(x − max) / Σ e^(x − max).
  public func softmax(axis: Int) throws(TensorError) -> NDArray {
    let axis = try self.axis(axis, op: "softmax")
    if isShapeOnly { return try .shapeOnlyElementwise(shape, dtype: dtype) }
    return try alongLastAxis(axis) { (rows) throws(TensorError) in
      let out = try NDArray(uninitialized: rows.shape, dtype: rows.dtype)
      switch dtype {
      case .float32: Self.softmaxRows(Float.self, rows, out)
      case .float64: Self.softmaxRows(Double.self, rows, out)
      }
      return out
    }
  }

  /// The gradient of softmax at its output `self` (y) for the upstream gradient g:
  /// y · (g − Σ g·y), the sum along `axis`.
  public func softmaxBackward(upstream: NDArray, axis: Int) throws(TensorError) -> NDArray {
    let axis = try self.axis(axis, op: "softmax")
    if isShapeOnly || upstream.isShapeOnly {
      return try .shapeOnlyElementwise(shape, dtype: dtype)
    }
    let g = try upstream.converted(to: dtype).permutedLast(axis).contiguous()
    return try alongLastAxis(axis) { (rows) throws(TensorError) in
      let out = try NDArray(uninitialized: rows.shape, dtype: rows.dtype)
      switch dtype {
      case .float32: Self.softmaxBackwardRows(Float.self, rows, g, out)
      case .float64: Self.softmaxBackwardRows(Double.self, rows, g, out)
      }
      return out
    }
  }

  /// Layer normalisation over the last axis: (x − μ) / √(σ² + ε), σ² the biased variance.
  public func layerNorm(epsilon: Double) throws(TensorError) -> NDArray {
    if isShapeOnly { return try .shapeOnlyElementwise(shape, dtype: dtype) }
    guard rank > 0 else { return try NDArray.zeros(shape, dtype: dtype) }
    let x = try contiguous()
    let out = try NDArray(uninitialized: shape, dtype: dtype)
    switch dtype {
    case .float32: Self.layerNormRows(Float.self, x, epsilon, out, gradient: nil)
    case .float64: Self.layerNormRows(Double.self, x, epsilon, out, gradient: nil)
    }
    return out
  }

  /// The gradient of `layerNorm` at input `self` for the upstream gradient g:
  /// (g − mean(g) − x̂ · mean(g · x̂)) / √(σ² + ε) per row.
  public func layerNormBackward(upstream: NDArray, epsilon: Double) throws(TensorError)
    -> NDArray
  {
    if isShapeOnly || upstream.isShapeOnly {
      return try .shapeOnlyElementwise(shape, dtype: dtype)
    }
    guard rank > 0 else { return try NDArray.zeros(shape, dtype: dtype) }
    let x = try contiguous()
    let g = try upstream.converted(to: dtype).contiguous()
    let out = try NDArray(uninitialized: shape, dtype: dtype)
    switch dtype {
    case .float32: Self.layerNormRows(Float.self, x, epsilon, out, gradient: g)
    case .float64: Self.layerNormRows(Double.self, x, epsilon, out, gradient: g)
    }
    return out
  }

  /// GELU, PyTorch's `gelu(approximate="tanh")`: ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
  public func gelu() throws(TensorError) -> NDArray {
    if isShapeOnly { return try .shapeOnlyElementwise(shape, dtype: dtype) }
    let out = try NDArray(uninitialized: shape, dtype: dtype)
    if dtype == .float32 && isContiguous {
      let (x, y) = (floats, out.floats)
      Parallelism.forEachRange(count, .costly) { r in
        gradus_gelu_f32(x + r.lowerBound, y + r.lowerBound, r.count)
      }
      return out
    }
    switch dtype {
    case .float32: Kernels.map(self, into: out, .costly) { (x: Float) in Self.gelu(x) }
    case .float64: Kernels.map(self, into: out, .costly) { (x: Double) in Self.gelu(x) }
    }
    return out
  }

  /// d gelu / dx at every element.
  public func geluDerivative() throws(TensorError) -> NDArray {
    if isShapeOnly { return try .shapeOnlyElementwise(shape, dtype: dtype) }
    let out = try NDArray(uninitialized: shape, dtype: dtype)
    if dtype == .float32 && isContiguous {
      let (x, y) = (floats, out.floats)
      Parallelism.forEachRange(count, .costly) { r in
        gradus_gelu_derivative_f32(x + r.lowerBound, y + r.lowerBound, r.count)
      }
      return out
    }
    switch dtype {
    case .float32: Kernels.map(self, into: out, .costly) { (x: Float) in Self.geluDerivative(x) }
    case .float64: Kernels.map(self, into: out, .costly) { (x: Double) in Self.geluDerivative(x) }
    }
    return out
  }

  // MARK: - Elementwise formulas

  /// The composition's operations in its order (x³ as x·x·x, constants rounded to T first), so
  /// that the fused value has the same bits.
  @inline(__always)
  static func gelu<T: TensorElement>(_ x: T) -> T {
    let inner = T(0.7978845608028654) * (x + T(0.044715) * (x * x * x))
    return T(0.5) * x * (1 + T.tanh(inner))
  }

  /// ½(1 + t) + ½·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), t the forward's tanh.
  @inline(__always)
  static func geluDerivative<T: TensorElement>(_ x: T) -> T {
    let x2 = x * x
    let t = T.tanh(T(0.7978845608028654) * (x + T(0.044715) * (x2 * x)))
    let slope = T(0.7978845608028654) * (1 + T(3 * 0.044715) * x2)
    return T(0.5) * (1 + t) + T(0.5) * x * (1 - t * t) * slope
  }

  // MARK: - Row kernels (contiguous rows along the last axis)

  /// The first element of a float32 array, for the C kernels (float64 runs the Swift loops).
  var floats: UnsafeMutablePointer<Float> { storage.pointer(Float.self) + offset }

  /// Runs `body` on a contiguous array whose last axis is `axis`, and puts the axis back.
  private func alongLastAxis(
    _ axis: Int, _ body: (NDArray) throws(TensorError) -> NDArray
  ) throws(TensorError) -> NDArray {
    if axis == rank - 1 { return try body(contiguous()) }
    let result = try body(permutedLast(axis).contiguous())
    var inverse = Array(0..<rank)
    inverse.remove(at: rank - 1)
    inverse.insert(rank - 1, at: axis)
    return try result.permuted(inverse).contiguous()
  }

  /// A view with `axis` moved to the end (the others in order).
  private func permutedLast(_ axis: Int) throws(TensorError) -> NDArray {
    if axis == rank - 1 { return self }
    var order = Array(0..<rank)
    order.remove(at: axis)
    order.append(axis)
    return try permuted(order)
  }

  /// Σ p[k] in double with four running totals: a single total waits on the previous addition
  /// (four cycles each), four do not. The order changes the total only in its last double bits.
  @inline(__always)
  static func rowSum<T: TensorElement>(_ n: Int, _ term: (Int) -> T) -> Double {
    var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
    var k = 0
    while k &+ 4 <= n {
      s0 += Double(term(k))
      s1 += Double(term(k &+ 1))
      s2 += Double(term(k &+ 2))
      s3 += Double(term(k &+ 3))
      k &+= 4
    }
    while k < n {
      s0 += Double(term(k))
      k &+= 1
    }
    return (s0 + s1) + (s2 + s3)
  }

  /// The largest of p[0..<n] in four running maxima, without branches (a compare-and-branch
  /// per element cost as much as the exp). NaNs are skipped unless first: softmax's row is all
  /// NaN either way, as the sum of its exps is NaN.
  @inline(__always)
  static func rowMax<T: TensorElement>(_ p: UnsafeMutablePointer<T>, _ n: Int) -> T {
    @inline(__always) func pick(_ best: T, _ x: T) -> T { x > best ? x : best }
    var (m0, m1, m2, m3) = (p[0], p[0], p[0], p[0])
    var k = 1
    while k &+ 4 <= n {
      m0 = pick(m0, p[k])
      m1 = pick(m1, p[k &+ 1])
      m2 = pick(m2, p[k &+ 2])
      m3 = pick(m3, p[k &+ 3])
      k &+= 4
    }
    while k < n {
      m0 = pick(m0, p[k])
      k &+= 1
    }
    return pick(pick(m0, m1), pick(m2, m3))
  }

  /// Runs `body(rows, offset)` over `0..<rows` rows of `n` cut into one range of rows per
  /// thread (`offset` the first element of the range): rows are computed the same way wherever
  /// they run.
  private static func forEachRowRange(_ rows: Int, _ n: Int, _ body: (Range<Int>, Int) -> Void) {
    Parallelism.forEachRange(rows, elementsPerItem: n, granule: 1, .costly) { r in
      body(r, r.lowerBound * n)
    }
  }

  /// float32 rows go to `CGradusKernels` (the same steps, in the CPU's widest vectors).
  private static func softmaxRows<T: TensorElement>(_: T.Type, _ x: NDArray, _ out: NDArray) {
    let n = x.rank == 0 ? 1 : x.shape[x.rank - 1]
    guard n > 0 else { return }
    let rows = x.count / n
    if T.self == Float.self {
      let (from, to) = (x.floats, out.floats)
      forEachRowRange(rows, n) { r, at in gradus_softmax_f32(from + at, to + at, r.count, n) }
      return
    }
    let src = x.storage.pointer(T.self) + x.offset
    let dst = out.storage.pointer(T.self)
    for row in 0..<rows {
      let p = src + row &* n
      let q = dst + row &* n
      let best = rowMax(p, n)
      for k in 0..<n { q[k] = T.exp(p[k] - best) }
      let total = T(rowSum(n) { q[$0] })
      for k in 0..<n { q[k] = q[k] / total }
    }
  }

  private static func softmaxBackwardRows<T: TensorElement>(
    _: T.Type, _ y: NDArray, _ g: NDArray, _ out: NDArray
  ) {
    let n = y.rank == 0 ? 1 : y.shape[y.rank - 1]
    guard n > 0 else { return }
    let rows = y.count / n
    if T.self == Float.self {
      let (py, pg, dx) = (y.floats, g.floats, out.floats)
      forEachRowRange(rows, n) { r, at in
        gradus_softmax_backward_f32(py + at, pg + at, dx + at, r.count, n)
      }
      return
    }
    let py = y.storage.pointer(T.self) + y.offset
    let pg = g.storage.pointer(T.self) + g.offset
    let dst = out.storage.pointer(T.self)
    for row in 0..<rows {
      let (a, b, q) = (py + row &* n, pg + row &* n, dst + row &* n)
      let dot = T(rowSum(n) { a[$0] * b[$0] })
      for k in 0..<n { q[k] = a[k] * (b[k] - dot) }
    }
  }

  /// Layer norm of each row of the contiguous `x` into `out`; with `gradient`, its backward.
  private static func layerNormRows<T: TensorElement>(
    _: T.Type, _ x: NDArray, _ epsilon: Double, _ out: NDArray, gradient: NDArray?
  ) {
    let n = x.shape[x.rank - 1]
    guard n > 0 else { return }
    let rows = x.count / n
    if T.self == Float.self {
      let (px, pg, py, eps) = (x.floats, gradient?.floats, out.floats, Float(epsilon))
      forEachRowRange(rows, n) { r, at in
        if let pg {
          gradus_layer_norm_backward_f32(px + at, pg + at, py + at, r.count, n, eps)
        } else {
          gradus_layer_norm_f32(px + at, py + at, r.count, n, eps)
        }
      }
      return
    }
    let src = x.storage.pointer(T.self) + x.offset
    let dst = out.storage.pointer(T.self)
    let eps = T(epsilon)
    withUnsafeTemporaryAllocation(of: T.self, capacity: n) { buffer in
      let c = buffer.baseAddress!
      for row in 0..<rows {
        let p = src + row &* n
        let q = dst + row &* n
        // mean, x − μ, mean of squares, √(σ² + ε): the composition's float steps.
        let mu = T(rowSum(n) { p[$0] } / Double(n))
        for k in 0..<n { c[k] = p[k] - mu }
        let variance = T(rowSum(n) { c[$0] * c[$0] } / Double(n))
        let s = T.sqrt(variance + eps)
        guard let gradient else {
          for k in 0..<n { q[k] = c[k] / s }
          continue
        }
        let g = gradient.storage.pointer(T.self) + gradient.offset + row &* n
        for k in 0..<n { c[k] = c[k] / s }  // x̂
        let meanG = rowSum(n) { g[$0] } / Double(n)
        let meanGX = rowSum(n) { g[$0] * c[$0] } / Double(n)
        let (a, b) = (T(meanG), T(meanGX))
        for k in 0..<n { q[k] = (g[k] - a - c[k] * b) / s }
      }
    }
  }
}
