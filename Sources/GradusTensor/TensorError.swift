/// Everything that can go wrong inside the tensor engine, as data: the language turns these
/// into diagnostics that point at the source. The engine never traps on bad shapes.
public enum TensorError: Error, Equatable, Sendable {
  /// Two shapes that do not broadcast; `axis` counts from the right end of the longer shape.
  case broadcast(lhs: [Int], rhs: [Int], axis: Int)
  /// Matrix product with inner sizes that differ.
  case matmul(lhs: [Int], rhs: [Int])
  /// Batch dimensions of a matmul that do not broadcast.
  case matmulBatch(lhs: [Int], rhs: [Int])
  /// An operation needs a different rank.
  case rank(op: String, expected: String, got: [Int])
  /// An axis outside `-rank..<rank`.
  case axis(op: String, axis: Int, rank: Int)
  /// An index outside `-size..<size`.
  case index(op: String, index: Int, size: Int, axis: Int)
  /// Reshape to a shape with a different element count.
  case reshape(from: [Int], to: [Int])
  /// Shapes that must be equal (along all axes but `axis`, if given) and are not.
  case mismatch(op: String, lhs: [Int], rhs: [Int], axis: Int?)
  case tooManyDimensions(rank: Int, limit: Int)
  case negativeSize(Int, axis: Int)
  /// A shape whose element count does not fit in an Int.
  case sizeOverflow(shape: [Int])
  /// An allocation above the session's memory limit (`MemoryLimit`).
  case allocationLimit(requestedBytes: Int, limitBytes: Int)
  /// An allocation that fits in the limit by itself, but not beside what the session already
  /// holds (`MemoryBudget`).
  case memoryInUse(requestedBytes: Int, inUseBytes: Int, limitBytes: Int)
  /// A shape with no elements whose sizes (each counted as at least 1) span more elements than
  /// the memory limit allows.
  case extentLimit(shape: [Int], limitElements: Int)
  /// A size, stride, position or window computation whose result does not fit in an Int.
  case overflow(op: String, what: String)
  /// Data of the wrong length for a shape.
  case dataCount(expected: Int, got: Int)
  /// Anything else worth saying in words (invalid argument values).
  case invalidArgument(op: String, message: String)
  /// A long operation stopped between two blocks of its work because Ctrl-C was pressed
  /// (`EngineInterrupt`); not a failure of the program.
  case interrupted
}

extension TensorError: CustomStringConvertible {
  public var description: String {
    func s(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
    switch self {
    case .broadcast(let lhs, let rhs, let axis):
      // Errors of `broadcast(to:)` name the target as `rhs`; it may be 1 or lack the axis.
      func sizeAt(_ shape: [Int]) -> Int? {
        let i = shape.count - 1 - axis
        return i >= 0 && i < shape.count ? shape[i] : nil
      }
      let ordinals = ["last", "second-to-last", "third-to-last", "fourth-to-last"]
      let known = axis >= 0 && axis < ordinals.count
      let plural = known ? "the \(ordinals[axis]) sizes" : "the sizes at axis \(-axis - 1)"
      let singular = known ? "the \(ordinals[axis]) size" : "the size at axis \(-axis - 1)"
      guard let l = sizeAt(lhs), let r = sizeAt(rhs) else {
        return "shape \(s(lhs)) cannot be broadcast to \(s(rhs)), which has fewer dimensions"
      }
      if l == 1 || r == 1 {
        return "shape \(s(lhs)) cannot be broadcast to \(s(rhs)): "
          + "\(singular) \(l) would have to become \(r)"
      }
      return "shapes \(s(lhs)) and \(s(rhs)) do not broadcast: "
        + "\(plural) \(l) and \(r) differ and neither is 1"
    case .matmul(let lhs, let rhs):
      return "cannot multiply \(s(lhs)) by \(s(rhs))"
    case .matmulBatch(let lhs, let rhs):
      return "cannot multiply \(s(lhs)) by \(s(rhs)): the batch dimensions do not broadcast"
    case .rank(let op, let expected, let got):
      return "\(op) expects \(expected), got shape \(s(got))"
    case .axis(let op, let axis, let rank):
      return "\(op): axis \(axis) is out of range for a tensor with \(rank) dimensions"
    case .index(let op, let index, let size, let axis):
      return "\(op): index \(index) is out of range for axis \(axis) of size \(size)"
    case .reshape(let from, let to):
      let count = (try? SizeArithmetic.product(from, op: "reshape", what: "")).map(String.init)
      return "cannot reshape \(s(from)) (\(count ?? "too many") elements) to \(s(to))"
    case .mismatch(let op, let lhs, let rhs, let axis):
      let except = axis.map { " except along axis \($0)" } ?? ""
      return "\(op) needs matching shapes\(except), got \(s(lhs)) and \(s(rhs))"
    case .tooManyDimensions(let rank, let limit):
      return "a tensor may have at most \(limit) dimensions, this one would have \(rank)"
    case .negativeSize(let size, let axis):
      return "size \(size) on axis \(axis) is negative"
    case .sizeOverflow(let shape):
      return "the shape \(s(shape)) has more elements than can be counted"
    case .allocationLimit(let requested, let limit):
      return
        "allocating \(ByteCount(requested)) would exceed the memory limit of \(ByteCount(limit))"
    case .memoryInUse(let requested, let inUse, let limit):
      return "allocating \(ByteCount(requested)) would exceed the memory limit of "
        + "\(ByteCount(limit)): \(ByteCount(inUse)) is in use by the session's tensors, lists, "
        + "strings and temporary arrays"
    case .extentLimit(let shape, let limit):
      return "the shape \(s(shape)) spans more than the \(limit) elements the memory limit "
        + "allows, even though it holds none"
    case .overflow(let op, let what):
      return "\(op): \(what) is too large to compute"
    case .dataCount(let expected, let got):
      return "expected \(expected) values for this shape, got \(got)"
    case .invalidArgument(let op, let message):
      return "\(op): \(message)"
    case .interrupted:
      return "interrupted"
    }
  }
}

/// A byte count printed for people: `1.5 GiB`.
public struct ByteCount: CustomStringConvertible, Sendable {
  public let bytes: Int
  public init(_ bytes: Int) { self.bytes = bytes }
  public var description: String {
    let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    if unit == 0 { return "\(bytes) bytes" }
    let rounded = (value * 10).rounded() / 10
    return "\(rounded) \(units[unit])"
  }
}
