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
  /// a convolution becomes one matrix product per image (im2col). `Convolution2D` unfolds a
  /// block of images side by side instead; this is the textbook layout, one image at a time.
  public func im2col(_ window: Window2D) throws(TensorError) -> NDArray {
    let plan = try perImagePlan(imageShape: shape, window: window)
    let outShape = try Self.sizing(isShapeOnly) { () throws(TensorError) in
      try Shape([plan.images, plan.rows, plan.positions])
    }
    if isShapeOnly { return try .shapeOnly(outShape, dtype: dtype) }
    let input = try contiguous()
    let out = try NDArray(uninitialized: outShape, dtype: dtype)
    for image in 0..<plan.images {
      let columns = out.imageColumns(image, plan)
      switch dtype {
      case .float32: try plan.unfold(Float.self, input, into: columns, images: image..<image + 1)
      case .float64: try plan.unfold(Double.self, input, into: columns, images: image..<image + 1)
      }
    }
    return out
  }

  /// Folds columns back into an image of `imageShape`, adding overlapping windows (col2im); the
  /// backward of `im2col`.
  public func col2im(_ window: Window2D, imageShape: Shape) throws(TensorError) -> NDArray {
    let plan = try perImagePlan(imageShape: imageShape, window: window)
    if isShapeOnly { return try .shapeOnly(imageShape, dtype: dtype) }
    let image = try NDArray.zeros(imageShape, dtype: dtype)
    let columns = try contiguous()
    for index in 0..<plan.images {
      let block = columns.imageColumns(index, plan)
      switch dtype {
      case .float32: try plan.fold(Float.self, block, onto: image, images: index..<index + 1)
      case .float64: try plan.fold(Double.self, block, onto: image, images: index..<index + 1)
      }
    }
    return image
  }

  /// A convolution plan for `window` over `imageShape` that unfolds one image at a time (the
  /// kernel's output channels do not matter to the unfolding).
  private func perImagePlan(imageShape: Shape, window: Window2D) throws(TensorError)
    -> Convolution2D
  {
    guard imageShape.rank == 4 else {
      throw .rank(op: "conv2d", expected: "input [N, C, H, W]", got: imageShape.sizes)
    }
    let kernel = Shape(unchecked: [1, imageShape[1], window.kernelHeight, window.kernelWidth])
    return try Convolution2D(
      image: imageShape, kernel: kernel, stride: window.stride, padding: window.padding,
      dtype: dtype, shapeOnly: isShapeOnly, imagesPerBlock: 1)
  }

  /// The [C·kh·kw, OH·OW] columns of image `index` in a contiguous [N, C·kh·kw, OH·OW] array.
  private func imageColumns(_ index: Int, _ plan: Convolution2D) -> NDArray {
    NDArray(
      storage: storage, contiguous: Shape(unchecked: [plan.rows, plan.positions]),
      offset: offset + index * plan.rows * plan.positions)
  }
}
