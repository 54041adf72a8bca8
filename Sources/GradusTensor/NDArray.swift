/// An n-dimensional array of float32 or float64 numbers: a view (shape, strides, offset) into a
/// shared `Storage`. Transposes, permutations, slices and reshapes of contiguous data are views;
/// everything else makes a new contiguous array. NDArray has value semantics for its view and
/// never mutates shared storage except through the explicit in-place methods.
public struct NDArray: @unchecked Sendable {
  public let storage: Storage
  public internal(set) var shape: Shape
  public internal(set) var strides: Shape
  public internal(set) var offset: Int

  public var dtype: DType { storage.dtype }
  public var rank: Int { shape.rank }
  public var count: Int { shape.count }
  public var isScalar: Bool { shape.rank == 0 }

  init(storage: Storage, shape: Shape, strides: Shape, offset: Int) {
    self.storage = storage
    self.shape = shape
    self.strides = strides
    self.offset = offset
  }

  /// A new contiguous array of uninitialised memory; kernels fill it.
  init(uninitialized shape: Shape, dtype: DType) throws(TensorError) {
    let count = try shape.checkedCount()
    storage = try Storage(uninitialized: count, dtype: dtype)
    self.shape = shape
    strides = shape.contiguousStrides
    offset = 0
  }

  /// An array of zeros.
  public static func zeros(_ shape: Shape, dtype: DType = .float32) throws(TensorError) -> NDArray {
    let count = try shape.checkedCount()
    let storage = try Storage(zeros: count, dtype: dtype)
    return NDArray(storage: storage, shape: shape, strides: shape.contiguousStrides, offset: 0)
  }

  /// An array filled with one value.
  public static func full(_ shape: Shape, _ value: Double, dtype: DType = .float32)
    throws(TensorError) -> NDArray
  {
    let array = try NDArray(uninitialized: shape, dtype: dtype)
    switch dtype {
    case .float32: array.storage.pointer(Float.self).update(repeating: Float(value), count: array.count)
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
    self = try! NDArray([value], shape: Shape(), dtype: dtype)
  }

  /// Row-major (C-order) layout with no gaps: kernels can walk it with one pointer.
  public var isContiguous: Bool {
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
    var position = offset
    for axis in 0..<rank { position += index[axis] * strides[axis] }
    switch dtype {
    case .float32: return Double(storage.pointer(Float.self)[position])
    case .float64: return storage.pointer(Double.self)[position]
    }
  }

  /// The value of a one-element array.
  public var scalarValue: Double {
    element(at: [Int](repeating: 0, count: rank))
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

  /// Calls `body` with the storage offset of every element, in row-major order.
  func forEachOffset(_ body: (Int) -> Void) {
    if count == 0 { return }
    if isContiguous {
      for i in 0..<count { body(offset + i) }
      return
    }
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
