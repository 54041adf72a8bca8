import CGradusKernels

/// Reductions over axes.
public enum Reduction: String, Sendable {
  case sum, mean, max, min
}

extension NDArray {
  /// Normalises a list of axes (nil means all), rejecting duplicates and out-of-range axes.
  public func reductionAxes(_ axes: [Int]?, op: String) throws(TensorError) -> [Int] {
    guard let axes else { return Array(0..<rank) }
    // A bit per axis (rank ≤ 8) rather than a Set: this runs on every reduction and backward.
    var seen: UInt = 0
    for raw in axes {
      let normal = try axis(raw, op: op)
      guard seen & (1 << normal) == 0 else {
        throw .invalidArgument(op: op, message: "axis \(raw) is listed twice")
      }
      seen |= 1 << normal
    }
    var sorted = [Int]()
    sorted.reserveCapacity(axes.count)
    for axis in 0..<rank where seen & (1 << axis) != 0 { sorted.append(axis) }
    return sorted
  }

  /// The shape after reducing `axes`: kept as size 1 with `keep`, removed otherwise.
  public func reducedShape(_ axes: [Int], keep: Bool) -> Shape {
    var result = Shape()
    for axis in 0..<rank {
      if axes.contains(axis) {
        if keep { result.append(1) }
      } else {
        result.append(shape[axis])
      }
    }
    return result
  }

  /// Sum, mean, max or min over `axes` (all when nil), keeping reduced axes as size 1 if `keep`.
  public func reduce(_ kind: Reduction, axes: [Int]? = nil, keep: Bool = false)
    throws(TensorError) -> NDArray
  {
    let axes = try reductionAxes(axes, op: kind.rawValue)
    if (kind == .max || kind == .min) && axes.contains(where: { shape[$0] == 0 }) {
      throw .invalidArgument(op: kind.rawValue, message: "cannot take the \(kind) of no elements")
    }
    if isShapeOnly { return try .shapeOnly(reducedShape(axes, keep: keep), dtype: dtype) }
    // Every axis of a contiguous array (a loss, `sum(p * p)`): the array is its own view.
    let view = axes.count == rank && isContiguous ? self : reductionView(axes)
    let out = try NDArray(uninitialized: reducedShape(axes, keep: keep), dtype: dtype)
    switch dtype {
    case .float32: Self.reduceRows(kind, Float.self, view, axes.count, out)
    case .float64: Self.reduceRows(kind, Double.self, view, axes.count, out)
    }
    return out
  }

  /// A view with the kept axes first and the reduced ones last, each group in order: read in
  /// row-major order, every run of (product of the reduced sizes) elements is one output's
  /// values. No copy: `reduceRows` walks the view's strides.
  private func reductionView(_ axes: [Int]) -> NDArray {
    let strides = self.strides
    var sizes = Shape()
    var steps = Shape()
    for axis in 0..<rank where !axes.contains(axis) {
      sizes.append(shape[axis])
      steps.append(strides[axis])
    }
    for axis in axes {
      sizes.append(shape[axis])
      steps.append(strides[axis])
    }
    return NDArray(storage: storage, shape: sizes, strides: steps, offset: offset)
  }

  /// A contiguous array whose last axis holds, for each output element, the values it reduces.
  private func rowsForReduction(_ axes: [Int]) throws(TensorError) -> NDArray {
    let kept = (0..<rank).filter { !axes.contains($0) }
    let length = axes.reduce(1) { $0 * shape[$1] }
    let outer = kept.reduce(1) { $0 * shape[$1] }
    let moved = try permuted(kept + axes).contiguous()
    return try moved.reshaped([outer, length])
  }

  /// Reduces the last `reducedRank` axes of `rows` into the contiguous `out`, one output per
  /// position of the other axes. Each output adds (or compares) its values in row-major order,
  /// whatever the layout, so every path gives the same bits.
  private static func reduceRows<T: TensorElement>(
    _ kind: Reduction, _: T.Type, _ rows: NDArray, _ reducedRank: Int, _ out: NDArray
  ) {
    let src = rows.storage.pointer(T.self) + rows.offset
    let dst = out.storage.pointer(T.self) + out.offset
    let outer = out.count
    var length = 1
    for axis in (rows.rank - reducedRank)..<rows.rank { length *= rows.shape[axis] }
    if !rows.isContiguous && length > 0 && outer > 0 {
      if kind == .sum || kind == .mean {
        sumStrided(kind, rows, reducedRank, length, src, dst)
      } else {
        extremeStrided(kind, rows, length, src, dst)
      }
      return
    }
    if outer == 1 && length > sumBlock {
      // One long row (a loss, `sum(p * p)`): its blocks in parallel, combined in order.
      dst[0] = reduceLongRow(kind, src, length)
      return
    }
    Parallelism.forEachRange(outer, elementsPerItem: length, granule: 1, .cheap) { rows in
      for row in rows { dst[row] = reduceRow(kind, src + row &* length, length) }
    }
  }

  /// The elements a sum adds one after another before it starts a new partial sum: a row of
  /// more elements is summed as its blocks of `sumBlock` (the last one shorter), each in order,
  /// then the blocks' sums in order. The blocks depend only on the row's length, so the sum has
  /// the same bits however many threads share the blocks.
  static let sumBlock = 1 << 15

  /// One row's sum, mean, max or min, by the rule of `sumBlock`.
  @inline(__always)
  private static func reduceRow<T: TensorElement>(
    _ kind: Reduction, _ p: UnsafeMutablePointer<T>, _ length: Int
  ) -> T {
    switch kind {
    case .sum, .mean:
      var total = 0.0
      var start = 0
      while start < length {
        let end = Swift.min(start &+ sumBlock, length)
        total += sum(p, start..<end)
        start = end
      }
      return T(kind == .mean ? total / Double(length) : total)
    case .max, .min:
      return extreme(kind, p, 0..<Swift.max(length, 1))
    }
  }

  /// A long row's result from its blocks of `sumBlock`, computed on several threads into a
  /// table of partial results and combined in block order: the same bits as `reduceRow`.
  private static func reduceLongRow<T: TensorElement>(
    _ kind: Reduction, _ p: UnsafeMutablePointer<T>, _ length: Int
  ) -> T {
    let blocks = (length + sumBlock - 1) / sumBlock
    func range(_ block: Int) -> Range<Int> {
      block &* sumBlock..<Swift.min((block &+ 1) &* sumBlock, length)
    }
    switch kind {
    case .sum, .mean:
      return withUnsafeTemporaryAllocation(of: Double.self, capacity: blocks) { partials in
        Parallelism.forEachBlock(blocks, elements: length, .cheap) { block in
          partials[block] = sum(p, range(block))
        }
        var total = 0.0
        for block in 0..<blocks { total += partials[block] }
        return T(kind == .mean ? total / Double(length) : total)
      }
    case .max, .min:
      return withUnsafeTemporaryAllocation(of: T.self, capacity: blocks) { partials in
        Parallelism.forEachBlock(blocks, elements: length, .cheap) { block in
          partials[block] = extreme(kind, p, range(block))
        }
        // The same comparisons, in the same order, as one pass over the row: the first of
        // equal values stays, a NaN replaces anything.
        return extreme(kind, partials.baseAddress!, 0..<blocks)
      }
    }
  }

  /// Σ p[range], added in order in double (sums of many float32 values stay accurate).
  @inline(__always)
  private static func sum<T: TensorElement>(_ p: UnsafeMutablePointer<T>, _ range: Range<Int>)
    -> Double
  {
    var total = 0.0
    for k in range { total += Double(p[k]) }
    return total
  }

  /// The first largest (or smallest) of p[range], or the last NaN if there is one.
  @inline(__always)
  private static func extreme<T: TensorElement>(
    _ kind: Reduction, _ p: UnsafeMutablePointer<T>, _ range: Range<Int>
  ) -> T {
    var best = p[range.lowerBound]
    if kind == .max {
      for k in range.dropFirst() where p[k] > best || p[k].isNaN { best = p[k] }
    } else {
      for k in range.dropFirst() where p[k] < best || p[k].isNaN { best = p[k] }
    }
    return best
  }

  /// Max or min over a strided view: one pass in row-major order, finishing an output every
  /// `length` elements, comparing in the same order as the contiguous loop.
  private static func extremeStrided<T: TensorElement>(
    _ kind: Reduction, _ rows: NDArray, _ length: Int, _ src: UnsafeMutablePointer<T>,
    _ dst: UnsafeMutablePointer<T>
  ) {
    var position = 0
    var row = 0
    var best = T.zero
    Kernels.walk(rows.shape, rows.strides, rows.strides) { start, _, inner, step, _ in
      for k in 0..<inner {
        let x = src[start &+ k &* step]
        if position == 0 || (kind == .max ? x > best : x < best) || x.isNaN { best = x }
        position &+= 1
        if position == length {
          dst[row] = best
          row &+= 1
          position = 0
        }
      }
    }
  }

  /// Sum or mean over a strided view: a running total per output, adding one reduced position
  /// at a time to all of them (contiguous along the kept axes, where reading one output's
  /// values in turn would stride). Each total still adds its values in order, from 0, in
  /// blocks of `sumBlock` as `reduceRow` does.
  private static func sumStrided<T: TensorElement>(
    _ kind: Reduction, _ rows: NDArray, _ reducedRank: Int, _ length: Int,
    _ src: UnsafeMutablePointer<T>, _ dst: UnsafeMutablePointer<T>
  ) {
    var kept = Shape()
    var keptStrides = Shape()
    var reduced = Shape()
    var reducedStrides = Shape()
    let keptRank = rows.rank - reducedRank
    let strides = rows.strides
    for axis in 0..<rows.rank {
      if axis < keptRank {
        kept.append(rows.shape[axis])
        keptStrides.append(strides[axis])
      } else {
        reduced.append(rows.shape[axis])
        reducedStrides.append(strides[axis])
      }
    }
    let outer = kept.count
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * outer) { buffer in
      // Each output's running sum of the current block of `sumBlock` positions, and of the
      // blocks before it: the contiguous path's rule, so both paths give the same bits.
      let total = buffer.baseAddress!
      let finished = total + outer
      total.initialize(repeating: 0, count: outer)
      finished.initialize(repeating: 0, count: outer)
      /// Adds `count` reduced positions from `start` (`step` apart) to the outputs' totals.
      func add(_ start: Int, _ count: Int, _ step: Int, to outputs: Range<Int>) {
        if keptRank == 1 && keptStrides[0] == 1 && T.self == Float.self {
          // Every row of this run in one C call: the same additions in the same order.
          let floats = UnsafeRawPointer(src + start + outputs.lowerBound)
            .assumingMemoryBound(to: Float.self)
          gradus_add_rows_to_totals_f32(
            floats, count, step, total + outputs.lowerBound, outputs.count)
          return
        }
        for k in 0..<count {
          let base = src + (start &+ k &* step)
          if keptRank == 1 {
            let s = keptStrides[0]
            for o in outputs { total[o] += Double(base[o &* s]) }
            continue
          }
          var o = 0
          Kernels.walk(kept, keptStrides, keptStrides) { at, _, count, s, _ in
            for j in 0..<count { total[o &+ j] += Double(base[at &+ j &* s]) }
            o &+= count
          }
        }
      }
      func finishBlock(_ outputs: Range<Int>) {
        for o in outputs {
          finished[o] += total[o]
          total[o] = 0
        }
      }
      /// Sums every reduced position into `outputs`, block by block.
      func sum(into outputs: Range<Int>) {
        var position = 0
        Kernels.walk(reduced, reducedStrides, reducedStrides) { start, _, inner, step, _ in
          var k = 0
          while k < inner {
            let run = Swift.min(inner - k, sumBlock - position % sumBlock)
            add(start &+ k &* step, run, step, to: outputs)
            k &+= run
            position &+= run
            if position % sumBlock == 0 { finishBlock(outputs) }
          }
        }
        if position % sumBlock != 0 { finishBlock(outputs) }
      }
      if keptRank == 1 {
        // Outputs share out over threads: each adds its own values in order wherever it runs.
        Parallelism.forEachRange(outer, elementsPerItem: length, .cheap) { sum(into: $0) }
      } else {
        sum(into: 0..<outer)
      }
      for o in 0..<outer {
        dst[o] = T(kind == .mean ? finished[o] / Double(length) : finished[o])
      }
    }
  }

  /// The position of the largest element along `axis` (the first one on ties), as numbers.
  public func argmax(axis: Int? = nil, keep: Bool = false) throws(TensorError) -> NDArray {
    if count == 0 {
      throw .invalidArgument(op: "argmax", message: "cannot take the argmax of no elements")
    }
    let axes = try reductionAxes(axis.map { [$0] }, op: "argmax")
    // The positions depend on the values; their shape does not.
    if isShapeOnly { return try .shapeOnly(reducedShape(axes, keep: keep), dtype: dtype) }
    let rows = try rowsForReduction(axes)
    let length = rows.shape[1]
    let out = try NDArray(uninitialized: reducedShape(axes, keep: keep), dtype: dtype)
    // The values and the positions, as Doubles.
    let copies = try MemoryCharge(
      count: rows.count + out.count, elementSize: MemoryLayout<Double>.stride)
    defer { withExtendedLifetime(copies) {} }
    let values = try rows.checkedValues()
    var result = [Double]()
    result.reserveCapacity(out.count)
    for row in 0..<out.count {
      // The first of the largest; a NaN counts as larger than everything (PyTorch's rule), so
      // the first NaN wins and nothing after it is looked at.
      var best = 0
      for k in 1..<Swift.max(length, 1) {
        let (value, top) = (values[row * length + k], values[row * length + best])
        if top.isNaN { break }
        if value > top || value.isNaN { best = k }
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
    // Only leading axes summed (a bias's gradient): dropping them leaves the target's shape.
    if axes.count == lead { return try reduce(.sum, axes: axes, keep: false) }
    let result = try reduce(.sum, axes: axes, keep: true)
    // Already the target (no leading axes) and contiguous: the reshape would change nothing.
    if result.shape == target { return result }
    return try result.reshaped(target.sizes)
  }
}
