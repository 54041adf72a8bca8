import CGradusKernels

/// Elementwise functions of one array.
public enum UnaryFunction: String, Sendable, CaseIterable {
  case neg, exp, log, sqrt, abs, tanh, relu, sign, square, reciprocal, erf
  /// 1 / (1 + e^−x), computed so that e^x never overflows (see `NDArray.sigmoid`).
  case sigmoid
  /// log(1 + e^x), computed so that e^x never overflows (see `NDArray.softplus`).
  case softplus
  /// 1 where x > 0, else 0 (the derivative of relu).
  case step
}

/// Elementwise functions of two arrays, broadcast against each other.
public enum BinaryFunction: String, Sendable, CaseIterable {
  case add, sub, mul, div, pow, maximum, minimum
  case equal, notEqual, less, lessEqual, greater, greaterEqual
  /// a × step(b): an upstream gradient through relu, in one pass instead of a `step` map and a
  /// product (the same bits, −0 included).
  case reluGradient

  /// The operation's number in `gradus_zip_f32` and its kin, for the five that have one.
  var arithmeticCode: Int32? {
    switch self {
    case .add: return 0
    case .sub: return 1
    case .mul: return 2
    case .div: return 3
    case .reluGradient: return 4
    default: return nil
    }
  }
}

extension NDArray {
  /// Applies `function` to every element; the result is a new contiguous array.
  public func map(_ function: UnaryFunction) throws(TensorError) -> NDArray {
    if isShapeOnly { return try .shapeOnlyElementwise(shape, dtype: dtype) }
    let out = try NDArray(uninitialized: shape, dtype: dtype)
    if dtype == .float32 && (function == .exp || function == .tanh) && isContiguous {
      // The widest vectors this CPU has (see `CGradusKernels`); same bits as `FastMath`.
      let x = storage.pointer(Float.self) + offset
      let y = out.storage.pointer(Float.self)
      Parallelism.forEachRange(count, .costly) { r in
        let (from, to) = (x + r.lowerBound, y + r.lowerBound)
        if function == .exp {
          gradus_exp_f32(from, 0, to, r.count)
        } else {
          gradus_tanh_f32(from, to, r.count)
        }
      }
      return out
    }
    switch dtype {
    case .float32: Self.apply(function, Float.self, self, out)
    case .float64: Self.apply(function, Double.self, self, out)
    }
    return out
  }

  private static func apply<T: TensorElement>(
    _ function: UnaryFunction, _: T.Type, _ a: NDArray, _ out: NDArray
  ) {
    switch function {
    case .neg: Kernels.map(a, into: out) { (x: T) in -x }
    case .exp: Kernels.map(a, into: out, .costly) { (x: T) in T.exp(x) }
    case .log: Kernels.map(a, into: out, .costly) { (x: T) in T.log(x) }
    case .sqrt: Kernels.map(a, into: out, .costly) { (x: T) in T.sqrt(x) }
    case .abs: Kernels.map(a, into: out) { (x: T) in Swift.abs(x) }
    case .tanh: Kernels.map(a, into: out, .costly) { (x: T) in T.tanh(x) }
    case .relu: Kernels.map(a, into: out) { (x: T) in x > 0 ? x : 0 }
    case .sign: Kernels.map(a, into: out) { (x: T) in x > 0 ? 1 : (x < 0 ? -1 : 0) }
    case .square: Kernels.map(a, into: out) { (x: T) in x * x }
    case .reciprocal: Kernels.map(a, into: out) { (x: T) in 1 / x }
    case .sigmoid: Kernels.map(a, into: out, .costly) { (x: T) in sigmoid(x) }
    case .softplus: Kernels.map(a, into: out, .costly) { (x: T) in softplus(x) }
    case .erf: Kernels.map(a, into: out, .costly) { (x: T) in T.erf(x) }
    case .step: Kernels.map(a, into: out) { (x: T) in x > 0 ? 1 : 0 }
    }
  }

  /// Combines two arrays elementwise with broadcasting; mixed dtypes give float64.
  public func zip(_ other: NDArray, _ function: BinaryFunction) throws(TensorError) -> NDArray {
    if isShapeOnly || other.isShapeOnly {
      let target = try Self.sizing(true) { () throws(TensorError) in
        try broadcastShape(shape, other.shape)
      }
      return try .shapeOnlyElementwise(target, dtype: .promoted(dtype, other.dtype))
    }
    if dtype == other.dtype && shape == other.shape {
      // Nothing to convert or broadcast: skip the views (each a copy of two shapes).
      let out = try NDArray(uninitialized: shape, dtype: dtype)
      switch dtype {
      case .float32: Self.apply(function, Float.self, self, other, out)
      case .float64: Self.apply(function, Double.self, self, other, out)
      }
      return out
    }
    let target = try broadcastShape(shape, other.shape)
    let dtype = DType.promoted(self.dtype, other.dtype)
    let a0 = self.dtype == dtype ? self : try converted(to: dtype)
    let b0 = other.dtype == dtype ? other : try other.converted(to: dtype)
    // A contiguous operand of the full shape against one that broadcasting only repeats whole
    // (a scalar, a bias row): `Kernels.zip` repeats it itself, without a broadcast view.
    let keepB = a0.shape == target && a0.isContiguous && b0.repeatsWhole(in: target)
    let keepA = !keepB && b0.shape == target && b0.isContiguous && a0.repeatsWhole(in: target)
    let a = keepA ? a0 : try a0.broadcast(to: target)
    let b = keepB ? b0 : try b0.broadcast(to: target)
    let out = try NDArray(uninitialized: target, dtype: dtype)
    switch dtype {
    case .float32: Self.apply(function, Float.self, a, b, out)
    case .float64: Self.apply(function, Double.self, a, b, out)
    }
    return out
  }

  private static func apply<T: TensorElement>(
    _ function: BinaryFunction, _: T.Type, _ a: NDArray, _ b: NDArray, _ out: NDArray
  ) {
    if T.self == Float.self, let code = function.arithmeticCode, zipInC(code, a, b, out) { return }
    switch function {
    case .add: Kernels.zip(a, b, into: out) { (x: T, y: T) in x + y }
    case .sub: Kernels.zip(a, b, into: out) { (x: T, y: T) in x - y }
    case .mul: Kernels.zip(a, b, into: out) { (x: T, y: T) in x * y }
    case .div: Kernels.zip(a, b, into: out) { (x: T, y: T) in x / y }
    case .pow: Kernels.zip(a, b, into: out) { (x: T, y: T) in power(x, y) }
    // NaN in either operand gives NaN, as torch.maximum and torch.minimum do.
    case .maximum: Kernels.zip(a, b, into: out) { (x: T, y: T) in x >= y || x.isNaN ? x : y }
    case .minimum: Kernels.zip(a, b, into: out) { (x: T, y: T) in x <= y || x.isNaN ? x : y }
    case .equal: Kernels.zip(a, b, into: out) { (x: T, y: T) in x == y ? 1 : 0 }
    case .notEqual: Kernels.zip(a, b, into: out) { (x: T, y: T) in x != y ? 1 : 0 }
    case .less: Kernels.zip(a, b, into: out) { (x: T, y: T) in x < y ? 1 : 0 }
    case .lessEqual: Kernels.zip(a, b, into: out) { (x: T, y: T) in x <= y ? 1 : 0 }
    case .greater: Kernels.zip(a, b, into: out) { (x: T, y: T) in x > y ? 1 : 0 }
    case .greaterEqual: Kernels.zip(a, b, into: out) { (x: T, y: T) in x >= y ? 1 : 0 }
    case .reluGradient: Kernels.zip(a, b, into: out) { (x: T, y: T) in x * (y > 0 ? 1 : 0) }
    }
  }

  /// float32 + − × ÷ in the widest vectors the CPU has (see `CGradusKernels`), for the layouts
  /// `Kernels.zip` has fast paths for; false (nothing done) for the others.
  private static func zipInC(_ op: Int32, _ a: NDArray, _ b: NDArray, _ out: NDArray) -> Bool {
    let n = out.count
    guard n > 0 else { return false }
    let (pa, pb, y) = (a.floats, b.floats, out.floats)
    let aFlat = a.isContiguous && a.shape.count == n
    let bFlat = b.isContiguous && b.shape.count == n
    if aFlat && bFlat {
      Parallelism.forEachRange(n, .cheap) { r in
        gradus_zip_f32(op, pa + r.lowerBound, pb + r.lowerBound, y + r.lowerBound, r.count)
      }
    } else if aFlat && (b.shape.count == 1 || b.broadcastRowLength == 1) {
      Parallelism.forEachRange(n, .cheap) { r in
        gradus_zip_scalar_f32(op, pa + r.lowerBound, pb[0], 1, y + r.lowerBound, r.count)
      }
    } else if bFlat && (a.shape.count == 1 || a.broadcastRowLength == 1) {
      Parallelism.forEachRange(n, .cheap) { r in
        gradus_zip_scalar_f32(op, pb + r.lowerBound, pa[0], 0, y + r.lowerBound, r.count)
      }
    } else if aFlat, let length = b.broadcastRowLength, length > 0 {
      zipRowsInC(op, pa, pb, bIsRow: true, y, n, length)
    } else if bFlat, let length = a.broadcastRowLength, length > 0 {
      zipRowsInC(op, pb, pa, bIsRow: false, y, n, length)
    } else {
      return false
    }
    return true
  }

  /// `gradus_zip_row_f32` over whole rows of `length`, the rows shared out over threads.
  private static func zipRowsInC(
    _ op: Int32, _ full: UnsafeMutablePointer<Float>, _ row: UnsafeMutablePointer<Float>,
    bIsRow: Bool, _ y: UnsafeMutablePointer<Float>, _ n: Int, _ length: Int
  ) {
    Parallelism.forEachRange(n / length, elementsPerItem: length, granule: 1, .cheap) { rows in
      let start = rows.lowerBound * length
      gradus_zip_row_f32(
        op, full + start, row, bIsRow ? 1 : 0, y + start, rows.count * length, length)
    }
  }

  /// Whether broadcasting this array to `target` only repeats it whole: it is contiguous and
  /// its sizes, leading 1s aside, are the last sizes of `target`.
  func repeatsWhole(in target: Shape) -> Bool {
    guard isContiguous else { return false }
    var first = 0
    while first < rank && shape[first] == 1 { first += 1 }
    let core = rank - first
    guard core <= target.rank else { return false }
    for k in 0..<core where shape[first + k] != target[target.rank - core + k] { return false }
    return true
  }

  /// `mask ? self : other`, elementwise with broadcasting; nonzero mask elements are true.
  public func select(where mask: NDArray, else other: NDArray) throws(TensorError) -> NDArray {
    let shapeOnly = isShapeOnly || other.isShapeOnly || mask.isShapeOnly
    let target = try Self.sizing(shapeOnly) { () throws(TensorError) in
      try broadcastShape(broadcastShape(shape, other.shape), mask.shape)
    }
    let dtype = DType.promoted(self.dtype, other.dtype)
    if shapeOnly { return try .shapeOnly(target, dtype: dtype) }
    let a = try converted(to: dtype).broadcast(to: target)
    let m = try mask.converted(to: dtype).broadcast(to: target)
    let out = try NDArray(uninitialized: target, dtype: dtype)
    if other.count == 1 {
      // One fill value (the −1e9 of a causal mask): a two-operand loop, which takes the fast
      // paths for a mask repeated over batch and heads, not `zip3`'s offset table.
      let y = other.scalarValue
      switch dtype {
      case .float32:
        let fill = Float(y)
        Kernels.zip(m, a, into: out) { (c: Float, x: Float) in c != 0 ? x : fill }
      case .float64:
        Kernels.zip(m, a, into: out) { (c: Double, x: Double) in c != 0 ? x : y }
      }
      return out
    }
    let b = try other.converted(to: dtype).broadcast(to: target)
    // `zip3` reaches the third operand through a table of element offsets, an Int each.
    let offsets = try MemoryCharge(count: target.count, elementSize: MemoryLayout<Int>.stride)
    defer { withExtendedLifetime(offsets) {} }
    switch dtype {
    case .float32:
      Kernels.zip3(m, a, b, into: out) { (c: Float, x: Float, y: Float) in c != 0 ? x : y }
    case .float64:
      Kernels.zip3(m, a, b, into: out) { (c: Double, x: Double, y: Double) in c != 0 ? x : y }
    }
    return out
  }

  /// Adds `other` (broadcast to this shape) into this array's storage, in place. For gradient
  /// accumulation and optimizer updates, where no graph needs the old value.
  public func addInPlace(_ other: NDArray, scale: Double = 1) throws(TensorError) {
    let b = try (other.dtype == dtype ? other : other.converted(to: dtype)).broadcast(to: shape)
    // Adding into a shape-only array changes nothing; adding a shape-only one into real
    // elements would need its values.
    if isShapeOnly { return }
    try other.requireValues("add in place")
    guard isContiguous else {
      // Rare (a parameter that is a strided view): compute out of place, then write back.
      try zip(b.zip(scalar: scale, .mul), .add).assign(into: self)
      return
    }
    switch dtype {
    case .float32:
      let s = Float(scale)
      Kernels.zip(self, b, into: self) { (x: Float, y: Float) in x + s * y }
    case .float64:
      Kernels.zip(self, b, into: self) { (x: Double, y: Double) in x + scale * y }
    }
  }
}

/// `x ^ y` with the small integer powers computed exactly by multiplication, so that `b ^ 3` and
/// `(-2) ^ 2` give the same digits as PyTorch.
@inline(__always)
func power<T: TensorElement>(_ x: T, _ y: T) -> T {
  if y == 2 { return x * x }
  if y == 1 { return x }
  if y == 3 { return x * x * x }
  if y == 0 { return 1 }
  if y == 0.5 { return T.sqrt(x) }
  if y == -1 { return 1 / x }
  return T.pow(x, y)
}

extension NDArray {
  /// `f` of every element, computed in Double: for functions without a kernel of their own
  /// (`sin` and `cos`, which build tables). An elementwise operation like `map`.
  public func map(values f: (Double) -> Double) throws(TensorError) -> NDArray {
    if isShapeOnly { return try .shapeOnlyElementwise(shape, dtype: dtype) }
    // The values and their images, as Doubles.
    let copies = try MemoryCharge(count: count, elementSize: 2 * MemoryLayout<Double>.stride)
    defer { withExtendedLifetime(copies) {} }
    return try NDArray(checkedValues().map(f), shape: shape, dtype: dtype)
  }

  /// Convenience for scalars in kernels and rules: `x * 2`, `x + 1`.
  public func zip(scalar value: Double, _ function: BinaryFunction) throws(TensorError) -> NDArray {
    try zip(NDArray(scalar: value, dtype: dtype), function)
  }
}
