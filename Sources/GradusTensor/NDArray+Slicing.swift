/// One subscript of an index expression: `x[0]`, `x[1:3]`, `x[::2]`, `x[:]`.
public enum SliceItem: Equatable, Hashable, Sendable {
  /// A single position; the axis disappears. Negative counts from the end.
  case index(Int)
  /// Python's `start:stop:step`, each optional; out-of-range bounds are clamped as in Python.
  case range(start: Int?, stop: Int?, step: Int?)

  public static let all = SliceItem.range(start: nil, stop: nil, step: nil)
}

extension NDArray {
  /// A view selected by subscripts, one per leading axis (missing trailing ones mean `:`).
  public func sliced(_ items: [SliceItem]) throws(TensorError) -> NDArray {
    guard items.count <= rank else {
      throw .invalidArgument(
        op: "index", message: "\(items.count) subscripts for a tensor with \(rank) dimensions")
    }
    let strides = self.strides
    var sizes = [Int]()
    var steps = [Int]()
    var start = offset
    for axis in 0..<rank {
      let item = axis < items.count ? items[axis] : .all
      let size = shape[axis]
      switch item {
      case .index(let raw):
        let position = raw < 0 ? raw + size : raw
        guard position >= 0 && position < size else {
          throw .index(op: "index", index: raw, size: size, axis: axis)
        }
        start += position * strides[axis]
      case .range(let from, let to, let by):
        let (first, length, step) = try Self.resolve(from, to, by, size: size)
        start += first * strides[axis]
        sizes.append(length)
        // With one element or none the step is never taken (and a huge one would overflow).
        steps.append(length <= 1 ? strides[axis] : strides[axis] * step)
      }
    }
    return NDArray(
      storage: storage, shape: Shape(unchecked: sizes), strides: Shape(unchecked: steps),
      offset: start)
  }

  /// Python's slice semantics: the first position, how many, and the step.
  public static func resolve(_ from: Int?, _ to: Int?, _ by: Int?, size: Int) throws(TensorError)
    -> (
      Int, Int, Int
    )
  {
    let step = by ?? 1
    guard step != 0 else { throw .invalidArgument(op: "slice", message: "the step cannot be 0") }
    func clamp(_ value: Int?, _ fallback: Int, low: Int, high: Int) -> Int {
      guard var v = value else { return fallback }
      if v < 0 { v += size }
      return Swift.min(Swift.max(v, low), high)
    }
    if step > 0 {
      let first = clamp(from, 0, low: 0, high: size)
      let last = clamp(to, size, low: 0, high: size)
      // ⌈(last − first) / step⌉, written so that a huge step cannot overflow.
      let length = last > first ? (last - first - 1) / step + 1 : 0
      return (first, length, step)
    }
    let first = clamp(from, size - 1, low: -1, high: size - 1)
    let last = clamp(to, -1, low: -1, high: size - 1)
    // ⌈(first − last) / −step⌉; −Int.min does not exist, and any step that large takes one.
    let length = first > last ? (step == Int.min ? 1 : (first - last - 1) / -step + 1) : 0
    return (Swift.max(first, 0), length, step)
  }
}
