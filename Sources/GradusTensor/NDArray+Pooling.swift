extension NDArray {
  /// 2-d max pooling of [N, C, H, W]: the pooled values and, for the backward, the flat
  /// position (within each H·W plane) of each maximum. A NaN in a window is its maximum, as in
  /// PyTorch; of equal values the first (in row-major order) wins.
  public func maxPool2d(_ window: Window2D) throws(TensorError) -> (NDArray, [Int]) {
    guard rank == 4 else {
      throw .rank(op: "max_pool2d", expected: "input [N, C, H, W]", got: shape.sizes)
    }
    let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
    let (oh, ow, outShape) = try Self.sizing(isShapeOnly) {
      () throws(TensorError) -> (Int, Int, Shape) in
      let (oh, ow) = try window.outputSize(height: h, width: w, op: "max_pool2d")
      return (oh, ow, try Shape([n, c, oh, ow]))
    }
    // Which element is largest depends on the values: a shape-only result has no positions,
    // and its backward (`maxUnpool2d`) only a shape.
    if isShapeOnly { return (try .shapeOnly(outShape, dtype: dtype), []) }
    // The positions are a Swift array, whose bytes are taken from the budget first.
    let positionsCharge = try MemoryCharge(
      count: outShape.count, elementSize: MemoryLayout<Int>.stride)
    defer { withExtendedLifetime(positionsCharge) {} }
    let input = try contiguous()
    let out = try NDArray(uninitialized: outShape, dtype: dtype)
    let geometry = PoolGeometry(
      window: window, height: h, width: w, outHeight: oh, outWidth: ow, planes: n * c)
    let positions = [Int](unsafeUninitializedCapacity: outShape.count) { buffer, initialized in
      switch dtype {
      case .float32: geometry.maxima(Float.self, input, out, buffer.baseAddress!)
      case .float64: geometry.maxima(Double.self, input, out, buffer.baseAddress!)
      }
      initialized = outShape.count
    }
    return (out, positions)
  }

  /// The backward of `maxPool2d`: each upstream value goes to the position its maximum came from.
  public func maxUnpool2d(positions: [Int], inputShape: Shape) throws(TensorError) -> NDArray {
    if isShapeOnly { return try .shapeOnly(inputShape, dtype: dtype) }
    guard positions.count == count else { throw TensorError.needsValues(op: "max_pool2d") }
    let upstream = try contiguous()
    let result = try NDArray.zeros(inputShape, dtype: dtype)
    let planeSize = inputShape[2] * inputShape[3]
    let perPlane = Swift.max(count / Swift.max(inputShape[0] * inputShape[1], 1), 1)
    func route<T: TensorElement>(_: T.Type) {
      let source = upstream.storage.pointer(T.self) + upstream.offset
      let target = result.storage.pointer(T.self)
      positions.withUnsafeBufferPointer { positions in
        for k in 0..<positions.count where positions[k] >= 0 {
          target[(k / perPlane) * planeSize + positions[k]] += source[k]
        }
      }
    }
    switch dtype {
    case .float32: route(Float.self)
    case .float64: route(Double.self)
    }
    return result
  }
}

/// The sizes of one max pooling, and its loop.
private struct PoolGeometry {
  let window: Window2D
  let height: Int
  let width: Int
  let outHeight: Int
  let outWidth: Int
  let planes: Int

  /// Writes each window's maximum to `out` and its position within the plane to `positions`
  /// (−1 for a window wholly in the padding).
  func maxima<T: TensorElement>(
    _: T.Type, _ input: NDArray, _ out: NDArray, _ positions: UnsafeMutablePointer<Int>
  ) {
    let source = input.storage.pointer(T.self) + input.offset
    let target = out.storage.pointer(T.self)
    if window.kernelHeight == 2 && window.kernelWidth == 2 && window.padding == 0 {
      return maximaOf2x2(source, target, positions)
    }
    let (s, p) = (window.stride, window.padding)
    var k = 0
    for plane in 0..<planes {
      let pixels = source + plane * height * width
      for oi in 0..<outHeight {
        // The rows of this window inside the image.
        let rows = inside(oi * s - p, window.kernelHeight, height)
        for oj in 0..<outWidth {
          let columns = inside(oj * s - p, window.kernelWidth, width)
          var best = -T.infinity
          var bestPosition = -1
          for y in rows {
            for x in columns {
              let value = pixels[y * width + x]
              if value > best || bestPosition < 0 || value.isNaN {
                best = value
                bestPosition = y * width + x
              }
            }
          }
          target[k] = best
          positions[k] = bestPosition
          k += 1
        }
      }
    }
  }

  /// The same for the usual 2×2 window without padding (any stride), unrolled: every window is
  /// inside the image, so its first pixel starts the search. In W7's profile (perf, one thread,
  /// busy machine) the old pooling over a [Double] copy took 20 % of the step; this loop takes
  /// 11-13 %, still the largest cost after sgemm and the unfolding.
  private func maximaOf2x2<T: TensorElement>(
    _ source: UnsafeMutablePointer<T>, _ target: UnsafeMutablePointer<T>,
    _ positions: UnsafeMutablePointer<Int>
  ) {
    let s = window.stride
    var k = 0
    for plane in 0..<planes {
      let pixels = source + plane * height * width
      for oi in 0..<outHeight {
        let row = oi * s * width
        for oj in 0..<outWidth {
          let first = row + oj * s
          var best = pixels[first]
          var bestPosition = first
          // A later pixel wins if larger, or NaN (PyTorch's rule: NaN is the maximum). Written
          // as selects; in the W7 profile this measured the same as the branches.
          @inline(__always) func consider(_ candidate: Int) {
            let value = pixels[candidate]
            let wins = value > best || value.isNaN
            best = wins ? value : best
            bestPosition = wins ? candidate : bestPosition
          }
          consider(first + 1)
          consider(first + width)
          consider(first + width + 1)
          target[k] = best
          positions[k] = bestPosition
          k += 1
        }
      }
    }
  }

  /// The part of start..<start + length inside 0..<size (empty when none is).
  @inline(__always)
  private func inside(_ start: Int, _ length: Int, _ size: Int) -> Range<Int> {
    let low = Swift.min(Swift.max(start, 0), size)
    return low..<Swift.max(low, Swift.min(start + length, size))
  }
}
