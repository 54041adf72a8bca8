/// Reductions over axes.
public enum Reduction: String, Sendable {
  case sum, mean, max, min
}

extension NDArray {
  /// Normalises a list of axes (nil means all), rejecting duplicates and out-of-range axes.
  public func reductionAxes(_ axes: [Int]?, op: String) throws(TensorError) -> [Int] {
    guard let axes else { return Array(0..<rank) }
    var seen = Set<Int>()
    for raw in axes {
      let normal = try axis(raw, op: op)
      guard seen.insert(normal).inserted else {
        throw .invalidArgument(op: op, message: "axis \(raw) is listed twice")
      }
    }
    return seen.sorted()
  }

  /// The shape after reducing `axes`: kept as size 1 with `keep`, removed otherwise.
  public func reducedShape(_ axes: [Int], keep: Bool) -> Shape {
    var sizes = [Int]()
    for axis in 0..<rank {
      if axes.contains(axis) {
        if keep { sizes.append(1) }
      } else {
        sizes.append(shape[axis])
      }
    }
    return Shape(unchecked: sizes)
  }

  /// Sum, mean, max or min over `axes` (all when nil), keeping reduced axes as size 1 if `keep`.
  public func reduce(_ kind: Reduction, axes: [Int]? = nil, keep: Bool = false)
    throws(TensorError) -> NDArray
  {
    let axes = try reductionAxes(axes, op: kind.rawValue)
    if (kind == .max || kind == .min) && axes.contains(where: { shape[$0] == 0 }) {
      throw .invalidArgument(op: kind.rawValue, message: "cannot take the \(kind) of no elements")
    }
    let rows = try rowsForReduction(axes)
    let out = try NDArray(uninitialized: reducedShape(axes, keep: keep), dtype: dtype)
    let length = rows.rank == 0 ? 1 : rows.shape[rows.rank - 1]
    switch dtype {
    case .float32: Self.reduceRows(kind, Float.self, rows, length, out)
    case .float64: Self.reduceRows(kind, Double.self, rows, length, out)
    }
    return out
  }

  /// A contiguous array whose last axis holds, for each output element, the values it reduces.
  private func rowsForReduction(_ axes: [Int]) throws(TensorError) -> NDArray {
    let kept = (0..<rank).filter { !axes.contains($0) }
    let length = axes.reduce(1) { $0 * shape[$1] }
    let outer = kept.reduce(1) { $0 * shape[$1] }
    let moved = try permuted(kept + axes).contiguous()
    return try moved.reshaped([outer, length])
  }

  private static func reduceRows<T: TensorElement>(
    _ kind: Reduction, _: T.Type, _ rows: NDArray, _ length: Int, _ out: NDArray
  ) {
    let src = rows.storage.pointer(T.self) + rows.offset
    let dst = out.storage.pointer(T.self) + out.offset
    let outer = out.count
    for row in 0..<outer {
      let p = src + row &* length
      switch kind {
      case .sum, .mean:
        // Accumulate in double: sums of many float32 values stay accurate.
        var total = 0.0
        for k in 0..<length { total += Double(p[k]) }
        dst[row] = T(kind == .mean ? total / Double(length) : total)
      case .max:
        var best = p[0]
        for k in 1..<Swift.max(length, 1) where p[k] > best || p[k].isNaN { best = p[k] }
        dst[row] = best
      case .min:
        var best = p[0]
        for k in 1..<Swift.max(length, 1) where p[k] < best || p[k].isNaN { best = p[k] }
        dst[row] = best
      }
    }
  }

  /// The position of the largest element along `axis` (the first one on ties), as numbers.
  public func argmax(axis: Int? = nil, keep: Bool = false) throws(TensorError) -> NDArray {
    if count == 0 { throw .invalidArgument(op: "argmax", message: "cannot take the argmax of no elements") }
    let axes = try reductionAxes(axis.map { [$0] }, op: "argmax")
    let rows = try rowsForReduction(axes)
    let length = rows.shape[1]
    let out = try NDArray(uninitialized: reducedShape(axes, keep: keep), dtype: dtype)
    let values = rows.values
    var result = [Double]()
    result.reserveCapacity(out.count)
    for row in 0..<out.count {
      var best = 0
      for k in 1..<Swift.max(length, 1) where values[row * length + k] > values[row * length + best] {
        best = k
      }
      result.append(Double(best))
    }
    return try NDArray(result, shape: out.shape, dtype: dtype)
  }

  /// Sums a broadcast gradient back down to `target` (the shape of the operand that was
  /// broadcast): leading axes are summed away, size-1 axes summed with keep.
  public func sum(toShape target: Shape) throws(TensorError) -> NDArray {
    if shape == target { return self }
    let lead = rank - target.rank
    var axes = Array(0..<lead)
    for axis in 0..<target.rank where target[axis] == 1 && shape[axis + lead] != 1 {
      axes.append(axis + lead)
    }
    var result = try reduce(.sum, axes: axes, keep: true)
    result = try result.reshaped(target.sizes)
    return result
  }
}
