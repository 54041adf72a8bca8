/// The geometry of a 2-d sliding window (convolution or pooling) over [N, C, H, W] inputs.
public struct Window2D: Equatable, Hashable, Sendable {
  public var kernelHeight: Int
  public var kernelWidth: Int
  public var stride: Int
  public var padding: Int

  public init(kernelHeight: Int, kernelWidth: Int, stride: Int = 1, padding: Int = 0) {
    self.kernelHeight = kernelHeight
    self.kernelWidth = kernelWidth
    self.stride = stride
    self.padding = padding
  }

  /// Output height and width for an input of `height` × `width`.
  public func outputSize(height: Int, width: Int, op: String) throws(TensorError) -> (Int, Int) {
    guard stride >= 1, padding >= 0, kernelHeight >= 1, kernelWidth >= 1 else {
      throw .invalidArgument(op: op, message: "kernel sizes and stride must be ≥ 1 and padding ≥ 0")
    }
    func padded(_ size: Int, _ name: String) throws(TensorError) -> Int {
      let twice = try SizeArithmetic.multiply(2, padding, op: op, what: "the padding")
      return try SizeArithmetic.add(size, twice, op: op, what: "the padded \(name)")
    }
    let (paddedHeight, paddedWidth) = (try padded(height, "height"), try padded(width, "width"))
    guard paddedHeight >= kernelHeight, paddedWidth >= kernelWidth else {
      throw .invalidArgument(
        op: op,
        message:
          "the \(kernelHeight)×\(kernelWidth) kernel is larger than the padded \(paddedHeight)×\(paddedWidth) input"
      )
    }
    let h = (paddedHeight - kernelHeight) / stride + 1
    let w = (paddedWidth - kernelWidth) / stride + 1
    // The output is allocated (and checked against the limit) by the caller; its plane is
    // bounded here so that the loops' positions (oi·stride − padding + ki) fit too.
    _ = try Shape([h, w])
    return (h, w)
  }
}

extension NDArray {
  /// Unfolds every window of a [N, C, H, W] input into a column: [N, C·kh·kw, OH·OW], so that
  /// a convolution becomes one matrix product per image (im2col).
  public func im2col(_ window: Window2D) throws(TensorError) -> NDArray {
    guard rank == 4 else {
      throw .rank(op: "conv2d", expected: "input [N, C, H, W]", got: shape.sizes)
    }
    let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
    let (oh, ow, outShape) = try Self.sizing(isShapeOnly) {
      () throws(TensorError) -> (Int, Int, Shape) in
      let (oh, ow) = try window.outputSize(height: h, width: w, op: "conv2d")
      let rows = try SizeArithmetic.product(
        [c, window.kernelHeight, window.kernelWidth], op: "conv2d", what: "the column height")
      return (oh, ow, try Shape([n, rows, oh * ow]))
    }
    if isShapeOnly { return try .shapeOnly(outShape, dtype: dtype) }
    let input = try contiguous()
    let out = try NDArray.zeros(outShape, dtype: dtype)
    // One image at a time, so that Ctrl-C stops a large convolution between two images.
    for image in 0..<n {
      try EngineInterrupt.poll()
      switch dtype {
      case .float32:
        Self.unfold(
          Float.self, input, out, window, (n, c, h, w, oh, ow), images: image..<image + 1,
          add: false)
      case .float64:
        Self.unfold(
          Double.self, input, out, window, (n, c, h, w, oh, ow), images: image..<image + 1,
          add: false)
      }
    }
    return out
  }

  /// Folds columns back into an image of `imageShape`, adding overlapping windows (col2im); the
  /// backward of `im2col`.
  public func col2im(_ window: Window2D, imageShape: Shape) throws(TensorError) -> NDArray {
    let (n, c, h, w) = (imageShape[0], imageShape[1], imageShape[2], imageShape[3])
    let (oh, ow) = try Self.sizing(isShapeOnly) { () throws(TensorError) in
      try window.outputSize(height: h, width: w, op: "conv2d")
    }
    if isShapeOnly { return try .shapeOnly(imageShape, dtype: dtype) }
    let image = try NDArray.zeros(imageShape, dtype: dtype)
    let columns = try contiguous()
    switch dtype {
    case .float32:
      Self.unfold(
        Float.self, image, columns, window, (n, c, h, w, oh, ow), images: 0..<n, add: true)
    case .float64:
      Self.unfold(
        Double.self, image, columns, window, (n, c, h, w, oh, ow), images: 0..<n, add: true)
    }
    return image
  }

  /// Walks every (image element, column element) pair of the given images once: copies
  /// image → columns, or with `add` accumulates columns → image.
  private static func unfold<T: TensorElement>(
    _: T.Type, _ image: NDArray, _ columns: NDArray, _ window: Window2D,
    _ dims: (Int, Int, Int, Int, Int, Int), images: Range<Int>, add: Bool
  ) {
    let (_, c, h, w, oh, ow) = dims
    let img = image.storage.pointer(T.self) + image.offset
    let col = columns.storage.pointer(T.self) + columns.offset
    let kh = window.kernelHeight
    let kw = window.kernelWidth
    let outputs = oh * ow
    for batch in images {
      for channel in 0..<c {
        let plane = img + (batch * c + channel) * h * w
        for ki in 0..<kh {
          for kj in 0..<kw {
            let row = (channel * kh + ki) * kw + kj
            let line = col + (batch * c * kh * kw + row) * outputs
            for oi in 0..<oh {
              let y = oi * window.stride - window.padding + ki
              if y < 0 || y >= h { continue }
              for oj in 0..<ow {
                let x = oj * window.stride - window.padding + kj
                if x < 0 || x >= w { continue }
                if add {
                  plane[y * w + x] += line[oi * ow + oj]
                } else {
                  line[oi * ow + oj] = plane[y * w + x]
                }
              }
            }
          }
        }
      }
    }
  }

  /// 2-d max pooling of [N, C, H, W]: the pooled values and, for the backward, the flat
  /// position (within each H·W plane) of each maximum.
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
    // The input as Doubles, and the result with its positions: Swift arrays, whose bytes are
    // taken from the budget first and given back when they are dropped.
    let inputCopy = try MemoryCharge(count: count, elementSize: MemoryLayout<Double>.stride)
    defer { withExtendedLifetime(inputCopy) {} }
    let resultCopy = try MemoryCharge(
      count: outShape.count, elementSize: 2 * MemoryLayout<Double>.stride)
    defer { withExtendedLifetime(resultCopy) {} }
    let input = try contiguous().values
    var result = [Double]()
    var positions = [Int]()
    result.reserveCapacity(outShape.count)
    positions.reserveCapacity(outShape.count)
    for plane in 0..<(n * c) {
      for oi in 0..<oh {
        for oj in 0..<ow {
          var best = -Double.infinity
          var bestPosition = -1
          for ki in 0..<window.kernelHeight {
            for kj in 0..<window.kernelWidth {
              let y = oi * window.stride - window.padding + ki
              let x = oj * window.stride - window.padding + kj
              guard y >= 0, y < h, x >= 0, x < w else { continue }
              let value = input[plane * h * w + y * w + x]
              if value > best || bestPosition < 0 || value.isNaN {
                best = value
                bestPosition = y * w + x
              }
            }
          }
          result.append(best)
          positions.append(bestPosition)
        }
      }
    }
    return (try NDArray(result, shape: outShape, dtype: dtype), positions)
  }

  /// The backward of `maxPool2d`: each upstream value goes to the position its maximum came from.
  public func maxUnpool2d(positions: [Int], inputShape: Shape) throws(TensorError) -> NDArray {
    if isShapeOnly { return try .shapeOnly(inputShape, dtype: dtype) }
    guard positions.count == count else { throw TensorError.needsValues(op: "max_pool2d") }
    let copies = try MemoryCharge(
      count: count + inputShape.count, elementSize: MemoryLayout<Double>.stride)
    defer { withExtendedLifetime(copies) {} }
    let upstream = try contiguous().values
    let planeSize = inputShape[2] * inputShape[3]
    let perPlane = upstream.count / Swift.max(inputShape[0] * inputShape[1], 1)
    var result = [Double](repeating: 0, count: inputShape.count)
    for (k, value) in upstream.enumerated() where positions[k] >= 0 {
      result[(k / Swift.max(perPlane, 1)) * planeSize + positions[k]] += value
    }
    return try NDArray(result, shape: inputShape, dtype: dtype)
  }
}
