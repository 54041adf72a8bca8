/// An n-dimensional array of float32 or float64 numbers: a view (shape, strides, offset) into a
/// shared `Storage`. Transposes, permutations, slices and reshapes of contiguous data are views;
/// everything else makes a new contiguous array. NDArray has value semantics for its view and
/// never mutates shared storage except through the explicit in-place methods.
///
/// Only views keep their strides: an array with the row-major strides of its shape stores none
/// (`customStrides` is nil). That keeps NDArray at 96 bytes, which Swift copies with a few
/// moves; with both shapes stored (160 bytes) every copy was a call to memcpy, and the engine
/// copies NDArrays constantly (every operand, result, gradient and graph node).
public struct NDArray: @unchecked Sendable {
  public let storage: Storage
  private var layoutShape: Shape
  private var customStrides: StridesBox?
  public internal(set) var offset: Int

  /// The sizes. Setting them keeps the strides as they were.
  public internal(set) var shape: Shape {
    get { layoutShape }
    set {
      let kept = strides
      layoutShape = newValue
      strides = kept
    }
  }

  /// Elements to step over per axis.
  public internal(set) var strides: Shape {
    get { customStrides?.strides ?? layoutShape.contiguousStrides }
    set { customStrides = newValue == layoutShape.contiguousStrides ? nil : StridesBox(newValue) }
  }

  public var dtype: DType { storage.dtype }
  public var rank: Int { layoutShape.rank }
  public var count: Int { layoutShape.count }
  public var isScalar: Bool { layoutShape.rank == 0 }

  init(storage: Storage, shape: Shape, strides: Shape, offset: Int) {
    self.storage = storage
    layoutShape = shape
    customStrides = strides == shape.contiguousStrides ? nil : StridesBox(strides)
    self.offset = offset
  }

  /// A view with the row-major strides of `shape`.
  init(storage: Storage, contiguous shape: Shape, offset: Int) {
    self.storage = storage
    layoutShape = shape
    customStrides = nil
    self.offset = offset
  }

  /// A new contiguous array of uninitialised memory; kernels fill it.
  init(uninitialized shape: Shape, dtype: DType) throws(TensorError) {
    try MemoryLimit.check(shape: shape)
    let count = try shape.checkedCount()
    storage = try Storage(uninitialized: count, dtype: dtype)
    layoutShape = shape
    customStrides = nil
    offset = 0
  }

  /// An array of zeros.
  public static func zeros(_ shape: Shape, dtype: DType = .float32) throws(TensorError) -> NDArray {
    try MemoryLimit.check(shape: shape)
    let count = try shape.checkedCount()
    let storage = try Storage(zeros: count, dtype: dtype)
    return NDArray(storage: storage, contiguous: shape, offset: 0)
  }

  /// An array filled with one value.
  public static func full(_ shape: Shape, _ value: Double, dtype: DType = .float32)
    throws(TensorError) -> NDArray
  {
    let array = try NDArray(uninitialized: shape, dtype: dtype)
    switch dtype {
    case .float32:
      array.storage.pointer(Float.self).update(repeating: Float(value), count: array.count)
    case .float64: array.storage.pointer(Double.self).update(repeating: value, count: array.count)
    }
    return array
  }

  /// An array from row-major values.
  public init(_ values: [Double], shape: Shape, dtype: DType = .float32) throws(TensorError) {
    let expected = try shape.checkedCount()
    guard values.count == expected else { throw .dataCount(expected: expected, got: values.count) }
    try self.init(uninitialized: shape, dtype: dtype)
    switch dtype {
    case .float32:
      let p = storage.pointer(Float.self)
      for i in 0..<values.count { p[i] = Float(values[i]) }
    case .float64:
      let p = storage.pointer(Double.self)
      for i in 0..<values.count { p[i] = values[i] }
    }
  }

  /// A 0-d array.
  public init(scalar value: Double, dtype: DType = .float32) {
    // A single element never exceeds any sensible limit, so allocation cannot fail here.
    // Written directly rather than through `init(_:shape:)`: gradient rules make many scalars.
    self = try! NDArray(uninitialized: Shape(), dtype: dtype)
    setElement(value, at: 0)
  }

  /// Row-major (C-order) layout with no gaps: kernels can walk it with one pointer.
  public var isContiguous: Bool {
    // Row-major strides are contiguous; only an empty array (which this test has always called
    // non-contiguous when a zero size follows the first axis) needs the loop.
    if customStrides == nil && count != 0 { return true }
    let strides = self.strides
    var expected = 1
    var axis = rank - 1
    while axis >= 0 {
      let size = shape[axis]
      if size != 1 && strides[axis] != expected { return false }
      expected &*= size
      axis -= 1
    }
    return true
  }

  /// The element at a multi-index (no bounds checks beyond Swift's own; for tests and printing).
  public func element(at index: [Int]) -> Double {
    let strides = self.strides
    var position = offset
    for axis in 0..<rank { position += index[axis] * strides[axis] }
    switch dtype {
    case .float32: return Double(storage.pointer(Float.self)[position])
    case .float64: return storage.pointer(Double.self)[position]
    }
  }

  /// The value of a one-element array: the element at `offset` (every index is 0), read
  /// without the index array `element(at:)` takes (losses and scalars are read per step).
  public var scalarValue: Double {
    switch dtype {
    case .float32: return Double(storage.pointer(Float.self)[offset])
    case .float64: return storage.pointer(Double.self)[offset]
    }
  }

  /// All elements in row-major order, widened to Double (printing, tests, serialisation).
  public var values: [Double] {
    var result = [Double]()
    result.reserveCapacity(count)
    forEachOffset { position in
      switch dtype {
      case .float32: result.append(Double(storage.pointer(Float.self)[position]))
      case .float64: result.append(storage.pointer(Double.self)[position])
      }
    }
    return result
  }

  /// `values`, after checking that the array of Doubles (twice a float32 tensor's size) fits in
  /// what is left of the memory budget: for code that reads every element of a tensor a
  /// learner passed. A caller that keeps the copy while it allocates more holds a
  /// `MemoryCharge` for it instead.
  public func checkedValues() throws(TensorError) -> [Double] {
    try requireValues("reading the values")
    try MemoryLimit.check(count: count, elementSize: MemoryLayout<Double>.stride)
    return values
  }

  /// Calls `body` with every element in row-major order, read in place (no copy of the values).
  public func forEachElement(_ body: (Double) -> Void) {
    forEachOffset { position in
      switch dtype {
      case .float32: body(Double(storage.pointer(Float.self)[position]))
      case .float64: body(storage.pointer(Double.self)[position])
      }
    }
  }

  /// The first element that satisfies `predicate`, read in place.
  public func firstElement(where predicate: (Double) -> Bool) -> Double? {
    var found: Double?
    forEachElement { value in
      if found == nil && predicate(value) { found = value }
    }
    return found
  }

  /// Whether any element satisfies `predicate`, read in place (no copy of the values).
  public func containsElement(where predicate: (Double) -> Bool) -> Bool {
    firstElement(where: predicate) != nil
  }

  /// Calls `body` with the storage offset of every element, in row-major order.
  func forEachOffset(_ body: (Int) -> Void) {
    if count == 0 { return }
    if isContiguous {
      for i in 0..<count { body(offset + i) }
      return
    }
    let strides = self.strides
    var index = [Int](repeating: 0, count: rank)
    var position = offset
    while true {
      body(position)
      var axis = rank - 1
      while axis >= 0 {
        index[axis] += 1
        position += strides[axis]
        if index[axis] < shape[axis] { break }
        position -= strides[axis] * shape[axis]
        index[axis] = 0
        axis -= 1
      }
      if axis < 0 { return }
    }
  }

  /// Normalises a possibly negative axis.
  public func axis(_ axis: Int, op: String) throws(TensorError) -> Int {
    let normal = axis < 0 ? axis + rank : axis
    guard normal >= 0 && normal < rank else { throw .axis(op: op, axis: axis, rank: rank) }
    return normal
  }
}

/// The strides of a view, shared by its copies (see `NDArray`).
final class StridesBox: Sendable {
  let strides: Shape
  init(_ strides: Shape) { self.strides = strides }
}
