/// Shape-only arrays: a shape, strides and a dtype over a storage that holds no elements.
///
/// `analyze { }` describes models far too large to allocate (GPT-3's 700 GB of float32
/// numbers) by running the ordinary engine on shape-only arrays. Every operation computes its
/// result's shape with its own checks (broadcasting, matmul sizes, axes, overflow), and when
/// any input is shape-only it returns a shape-only result before its kernel, without touching
/// an element. Views (transpose, reshape, slices, broadcasts) of a shape-only array are
/// shape-only because they share its storage. Nothing is allocated, so the memory limit does
/// not apply (`sizing`); overflow of a size still is an error.
///
/// Where only the values of a result depend on the numbers, the result is shape-only too:
/// `argmax` (positions), dropout (its mask), `max_pool2d` (its maxima). Checks of values an
/// array does not have are not made: the range of shape-only indices, the classes of shape-only
/// labels. Code that must read elements (printing them, a number for Swift, saving) throws
/// `TensorError.needsValues` instead.
extension Storage {
  /// Where a shape-only storage points: never read (`pointer` refuses it), never freed.
  nonisolated(unsafe) static let noElements = UnsafeMutableRawPointer.allocate(
    byteCount: 64, alignment: 64)
}

extension NDArray {
  /// True when this array has a shape but no elements (made inside `analyze { }`).
  @inline(__always)
  public var isShapeOnly: Bool { storage.isShapeOnly }

  /// A contiguous shape-only array of `shape`, counted by the running `ShapeAnalysis`.
  public static func shapeOnly(_ shape: Shape, dtype: DType = .float32) throws(TensorError)
    -> NDArray
  {
    let count = try shape.checkedCount()
    ShapeAnalysis.current?.saw(elements: count)
    return NDArray(storage: Storage(shapeOnly: count, dtype: dtype), contiguous: shape, offset: 0)
  }

  /// The shape-only result of an elementwise operation: one operation per element it produces.
  static func shapeOnlyElementwise(_ shape: Shape, dtype: DType) throws(TensorError) -> NDArray {
    let result = try shapeOnly(shape, dtype: dtype)
    try ShapeAnalysis.current?.elementwise(result.count)
    return result
  }

  /// Runs the shape computation `body` of an operation; when `shapeOnly`, without the memory
  /// limit (nothing of that size will be allocated) but with every other check.
  @inline(__always)
  public static func sizing<R>(_ shapeOnly: Bool, _ body: () throws(TensorError) -> R)
    throws(TensorError) -> R
  {
    guard shapeOnly else { return try body() }
    do {
      return try MemoryLimit.withMaxBytes(Int.max, body)
    } catch {
      // Without a limit, a zero-size shape is refused only when its extent cannot be counted;
      // "more than the limit allows" would name a limit that does not apply here.
      switch error {
      case .extentLimit(let shape, _):
        throw .overflow(op: "analyze", what: "the extent of the shape \(Shape(unchecked: shape))")
      case .allocationLimit:
        throw .overflow(op: "analyze", what: "the size in bytes of a tensor this large")
      default:
        throw error
      }
    }
  }

  /// Throws `needsValues(op)` for a shape-only array: for code that must read its elements.
  public func requireValues(_ op: String) throws(TensorError) {
    if isShapeOnly { throw TensorError.needsValues(op: op) }
  }
}

extension TensorError {
  /// An operation whose result depends on the values of a shape-only array.
  public static func needsValues(op: String) -> TensorError {
    .invalidArgument(
      op: op,
      message: "needs the tensor's values, but it has only a shape (it was made inside "
        + "`analyze { }`, which computes shapes and counts without numbers)")
  }
}

/// What `analyze { }` counts while the engine runs on shape-only arrays: the FLOPs of matrix
/// products (2·m·n·k per product of [m, k] by [k, n]), the elements produced by elementwise
/// operations (arithmetic, comparisons, activations, softmax, layer norm; not reductions,
/// copies or `where`), and the largest array, in elements. Every sum is checked: a count that
/// does not fit in an Int is an error, not a wrong number.
public final class ShapeAnalysis {
  public private(set) var matmulFLOPs = 0
  public private(set) var elementwiseOperations = 0
  public private(set) var largestElements = 0

  public init() {}

  /// The analysis the engine counts into on this thread, if any.
  public static var current: ShapeAnalysis? {
    get { running.value.analysis }
    set { running.value.analysis = newValue }
  }

  /// Runs `body` counting into `analysis`, then restores the one running before.
  public static func counting<R, E: Error>(into analysis: ShapeAnalysis, _ body: () throws(E) -> R)
    throws(E) -> R
  {
    let saved = current
    current = analysis
    defer { current = saved }
    return try body()
  }

  /// The largest array seen, in bytes at `elementSize` bytes per element.
  public func largestBytes(elementSize: Int) throws(TensorError) -> Int {
    try SizeArithmetic.multiply(
      largestElements, elementSize, op: "analyze", what: "the size of the largest tensor")
  }

  func saw(elements: Int) {
    largestElements = Swift.max(largestElements, elements)
  }

  func elementwise(_ elements: Int) throws(TensorError) {
    elementwiseOperations = try SizeArithmetic.add(
      elementwiseOperations, elements, op: "analyze", what: "the count of elementwise operations")
  }

  /// Counts a product of `matrices` [m, k] @ [k, n] matrices.
  func matmul(matrices: Int, m: Int, n: Int, k: Int) throws(TensorError) {
    let flops = try SizeArithmetic.product(
      [2, matrices, m, n, k], op: "analyze", what: "the FLOPs of a matrix product")
    matmulFLOPs = try SizeArithmetic.add(
      matmulFLOPs, flops, op: "analyze", what: "the count of matrix-product FLOPs")
  }

  final class Running {
    var analysis: ShapeAnalysis?
  }
  static let running = ThreadLocal { Running() }
}
