/// A tensor's dimensions, stored inline so that making a tensor costs no array allocation.
///
/// Gradus tensors have at most `Shape.maxRank` dimensions (8): enough for batched multi-head
/// attention and 2-D convolution, and small enough to keep shapes on the stack.
public struct Shape: Equatable, Hashable, Sendable, CustomStringConvertible {
  public static let maxRank = 8

  @usableFromInline var dims: InlineArray<8, Int>
  public private(set) var rank: Int

  /// A 0-d (scalar) shape.
  public init() {
    dims = InlineArray(repeating: 0)
    rank = 0
  }

  /// Makes a shape from sizes; fails for negative sizes, too many dimensions, or sizes that span
  /// more elements than the memory limit allows (even when a size of 0 leaves none): every
  /// shape made from input passes here, so strides and positions within it cannot overflow.
  public init(_ sizes: [Int]) throws(TensorError) {
    guard sizes.count <= Shape.maxRank else {
      throw .tooManyDimensions(rank: sizes.count, limit: Shape.maxRank)
    }
    self.init()
    for (axis, size) in sizes.enumerated() {
      guard size >= 0 else { throw .negativeSize(size, axis: axis) }
      dims[axis] = size
    }
    rank = sizes.count
    try MemoryLimit.check(shape: self)
  }

  /// `rank` copies of `value` (rank ≤ 8), without the array `init(unchecked:)` would need:
  /// kernels make these per call (index counters, broadcast strides).
  init(repeating value: Int, rank: Int) {
    self.init()
    for axis in 0..<rank { dims[axis] = value }
    self.rank = rank
  }

  /// Makes a shape the caller knows to be valid (rank ≤ 8, sizes ≥ 0).
  init(unchecked sizes: some Collection<Int>) {
    self.init()
    var axis = 0
    for size in sizes {
      dims[axis] = size
      axis += 1
    }
    rank = axis
  }

  public subscript(axis: Int) -> Int {
    get { dims[axis] }
    set { dims[axis] = newValue }
  }

  public var sizes: [Int] { (0..<rank).map { dims[$0] } }

  /// The number of elements; fails when the product overflows.
  public func checkedCount() throws(TensorError) -> Int {
    var count = 1
    for axis in 0..<rank {
      let (product, overflow) = count.multipliedReportingOverflow(by: dims[axis])
      if overflow { throw .sizeOverflow(shape: sizes) }
      count = product
    }
    return count
  }

  /// The number of elements of a shape already known not to overflow.
  public var count: Int {
    var count = 1
    for axis in 0..<rank { count &*= dims[axis] }
    return count
  }

  /// Row-major (C-order) strides for this shape.
  public var contiguousStrides: Shape {
    var strides = Shape()
    strides.rank = rank
    var step = 1
    var axis = rank - 1
    while axis >= 0 {
      strides.dims[axis] = step
      step &*= Swift.max(dims[axis], 1)
      axis -= 1
    }
    return strides
  }

  /// Appends a dimension (rank must stay ≤ 8; callers check).
  mutating func append(_ size: Int) {
    dims[rank] = size
    rank += 1
  }

  public static func == (lhs: Shape, rhs: Shape) -> Bool {
    guard lhs.rank == rhs.rank else { return false }
    for axis in 0..<lhs.rank where lhs.dims[axis] != rhs.dims[axis] { return false }
    return true
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(rank)
    for axis in 0..<rank { hasher.combine(dims[axis]) }
  }

  /// `[2, 3]`, as the language prints shapes.
  public var description: String { "[" + sizes.map(String.init).joined(separator: ", ") + "]" }
}

extension Shape: ExpressibleByArrayLiteral {
  /// Literal shapes in code and tests; they must be valid.
  public init(arrayLiteral elements: Int...) {
    precondition(elements.count <= Shape.maxRank && elements.allSatisfy { $0 >= 0 })
    self.init(unchecked: elements)
  }
}
