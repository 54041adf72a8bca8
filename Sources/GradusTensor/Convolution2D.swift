/// A 2-d convolution of [N, C, H, W] images by an [O, C, kh, kw] kernel, forward and backward, as
/// im2col and matrix products: the windows of a block of images are unfolded side by side into
/// one matrix of columns [C·kh·kw, B·OH·OW], so that each product is one large BLAS call for the
/// whole block, not one small call per image.
///
/// Why whole blocks: the lessons' convolutions are small (W7's second layer is, per image, a
/// [32 × 144] by [144 × 64] product), and OpenBLAS spends much of such a call packing its
/// operands. Measured with `benchmarks/conv_blas_calls.c` (raw sgemm, one thread, AVX2, on a
/// busy machine, best of 200): W7's second layer forward in one call 673 µs against 849 µs in
/// 64 calls (−21 %), its first layer 437 against 603 µs (−28 %); the kernel's gradient 733
/// against 797 µs (−8 %; the per-image code this replaces also summed 64 partial gradients);
/// the columns' gradient 892 against 841 µs (+6 %, the one product that does not gain, kept in
/// one call so that a thread pool can split all three the same way). The price is two copies of
/// contiguous runs of OH·OW numbers: the product [O, B·OH·OW] back to [B, O, OH, OW], and the
/// upstream gradient the other way (3 % and 1 % of W7's step in `perf`).
///
/// A block holds at most `ConvolutionBlocking.columnBytes` of columns and about
/// `ConvolutionBlocking.work` multiply-adds (at least one image): large batches are split, so
/// the columns take bounded memory from the budget, and Ctrl-C is seen between blocks and
/// between the images of an unfolding. When the whole batch is one block, its columns are kept
/// for the backward (`Forward.columns`); otherwise the backward unfolds each block again.
///
/// The loops over the images of a block (`unfold`, `fold`, `gatherUpstream`, `scatterOutput`) are
/// independent per image, the place to split across threads.
public struct Convolution2D: Sendable {
  public let window: Window2D
  let images: Int
  let channels: Int
  let height: Int
  let width: Int
  let outChannels: Int
  let outHeight: Int
  let outWidth: Int
  let dtype: DType
  /// C·kh·kw: the rows of the columns, and the columns of the kernel as a matrix.
  let rows: Int
  /// OH·OW: the output positions of one image.
  let positions: Int
  /// Images unfolded together into one matrix of columns.
  let imagesPerBlock: Int

  /// The forward's result, and the unfolded columns of the whole batch when they were one block.
  public struct Forward: Sendable {
    public let output: NDArray
    public let columns: NDArray?
  }

  /// Checks the shapes of image [N, C, H, W] and kernel [O, C, kh, kw] for this stride and
  /// padding, and sizes the blocks (`imagesPerBlock` overrides `ConvolutionBlocking`). For
  /// shape-only operands (`shapeOnly`), sizes are checked without the memory limit.
  public init(
    image: Shape, kernel: Shape, stride: Int, padding: Int, dtype: DType, shapeOnly: Bool,
    imagesPerBlock: Int? = nil
  ) throws(TensorError) {
    guard kernel.rank == 4 else {
      throw .rank(op: "conv2d", expected: "a kernel [O, C, kh, kw]", got: kernel.sizes)
    }
    guard image.rank == 4 else {
      throw .rank(op: "conv2d", expected: "input [N, C, H, W]", got: image.sizes)
    }
    // Not `.mismatch`: that reads "matching shapes except along axis 1", the opposite of the rule.
    guard image[1] == kernel[1] else {
      throw .invalidArgument(
        op: "conv2d",
        message:
          "the input \(image) has \(image[1]) channels (axis 1) but the kernel \(kernel) expects \(kernel[1])"
      )
    }
    window = Window2D(
      kernelHeight: kernel[2], kernelWidth: kernel[3], stride: stride, padding: padding)
    (images, channels, height, width) = (image[0], image[1], image[2], image[3])
    outChannels = kernel[0]
    self.dtype = dtype
    let window = window
    let (height, width, channels) = (height, width, channels)
    (outHeight, outWidth) = try NDArray.sizing(shapeOnly) { () throws(TensorError) in
      try window.outputSize(height: height, width: width, op: "conv2d")
    }
    rows = try SizeArithmetic.product(
      [channels, window.kernelHeight, window.kernelWidth], op: "conv2d", what: "the column height")
    positions = outHeight * outWidth
    self.imagesPerBlock =
      imagesPerBlock
      ?? ConvolutionBlocking.imagesPerBlock(
        images: image[0], rows: rows, positions: positions, outChannels: kernel[0],
        elementSize: dtype.size)
  }

  var outputShape: Shape { Shape(unchecked: [images, outChannels, outHeight, outWidth]) }

  /// The convolution of `image` by `kernel` (both of this plan's shapes and dtype).
  public func forward(_ image: NDArray, _ kernel: NDArray) throws(TensorError) -> Forward {
    if image.isShapeOnly || kernel.isShapeOnly {
      // What the product per image would count: the columns and N products [O, C·kh·kw] by
      // [C·kh·kw, OH·OW].
      _ = try NDArray.sizing(true) { () throws(TensorError) in
        try NDArray.shapeOnly(Shape([images, rows, positions]), dtype: dtype)
      }
      let out = try NDArray.sizing(true) { () throws(TensorError) in
        try NDArray.shapeOnly(Shape([images, outChannels, outHeight, outWidth]), dtype: dtype)
      }
      try ShapeAnalysis.current?.matmul(matrices: images, m: outChannels, n: positions, k: rows)
      return Forward(output: out, columns: nil)
    }
    let output = try NDArray(uninitialized: try Shape(outputShape.sizes), dtype: dtype)
    if output.count == 0 { return Forward(output: output, columns: nil) }
    let image = try image.contiguous()
    let kernel = try kernel.contiguous()
    let whole = imagesPerBlock >= images
    let columns = try NDArray(
      uninitialized: Shape(unchecked: [rows, imagesPerBlock * positions]), dtype: dtype)
    let product = try NDArray(
      uninitialized: Shape(unchecked: [outChannels, imagesPerBlock * positions]), dtype: dtype)
    switch dtype {
    case .float32:
      try forward(Float.self, image, kernel, columns, product, output)
    case .float64:
      try forward(Double.self, image, kernel, columns, product, output)
    }
    return Forward(output: output, columns: whole ? columns : nil)
  }

  private func forward<T: TensorElement>(
    _: T.Type, _ image: NDArray, _ kernel: NDArray, _ columns: NDArray, _ product: NDArray,
    _ output: NDArray
  ) throws(TensorError) {
    for first in stride(from: 0, to: images, by: imagesPerBlock) {
      try EngineInterrupt.poll()
      let block = first..<Swift.min(images, first + imagesPerBlock)
      try unfold(T.self, image, into: columns, images: block)
      let ld = imagesPerBlock * positions
      BLASProduct.gemm(
        T.self, m: outChannels, n: block.count * positions, k: rows,
        a: kernel.pointer(T.self), lda: rows, b: columns.pointer(T.self), ldb: ld,
        c: product.pointer(T.self), ldc: ld)
      scatterOutput(T.self, product, into: output, images: block)
    }
  }

  /// The gradients of the image and the kernel from the upstream gradient [N, O, OH, OW], each
  /// only when asked for. `columns` are the forward's, if it kept them.
  public func backward(
    image: NDArray, kernel: NDArray, columns: NDArray?, upstream: NDArray,
    needImage: Bool, needKernel: Bool
  ) throws(TensorError) -> (image: NDArray?, kernel: NDArray?) {
    if image.isShapeOnly || kernel.isShapeOnly || upstream.isShapeOnly {
      if needImage {
        try ShapeAnalysis.current?.matmul(matrices: images, m: rows, n: positions, k: outChannels)
      }
      if needKernel {
        try ShapeAnalysis.current?.matmul(matrices: images, m: outChannels, n: rows, k: positions)
      }
      return (
        needImage ? try .shapeOnly(image.shape, dtype: dtype) : nil,
        needKernel ? try .shapeOnly(kernel.shape, dtype: dtype) : nil
      )
    }
    let imageGradient = needImage ? try NDArray.zeros(image.shape, dtype: dtype) : nil
    let kernelGradient = needKernel ? try NDArray.zeros(kernel.shape, dtype: dtype) : nil
    if images == 0 || positions == 0 || outChannels == 0 {
      return (imageGradient, kernelGradient)
    }
    let scratch = try Scratch(self, kept: columns, needImage: needImage, needKernel: needKernel)
    let image = try image.contiguous()
    let kernel = try kernel.contiguous()
    let upstream = try upstream.converted(to: dtype).contiguous()
    switch dtype {
    case .float32:
      try backward(Float.self, image, kernel, upstream, scratch, imageGradient, kernelGradient)
    case .float64:
      try backward(Double.self, image, kernel, upstream, scratch, imageGradient, kernelGradient)
    }
    return (imageGradient, kernelGradient)
  }

  /// The buffers of one backward: the upstream block as [O, B·OH·OW], the columns (kept or
  /// unfolded again per block) and the gradient of the columns.
  private struct Scratch {
    let upstream: NDArray
    let columns: NDArray?
    let keptColumns: Bool
    let columnGradient: NDArray?

    init(_ plan: Convolution2D, kept: NDArray?, needImage: Bool, needKernel: Bool)
      throws(TensorError)
    {
      let width = plan.imagesPerBlock * plan.positions
      upstream = try NDArray(
        uninitialized: Shape(unchecked: [plan.outChannels, width]), dtype: plan.dtype)
      let columnsShape = Shape(unchecked: [plan.rows, width])
      keptColumns = kept != nil && kept!.shape == columnsShape
      if !needKernel {
        columns = nil
      } else if keptColumns {
        columns = kept
      } else {
        columns = try NDArray(uninitialized: columnsShape, dtype: plan.dtype)
      }
      columnGradient = needImage ? try NDArray(uninitialized: columnsShape, dtype: plan.dtype) : nil
    }
  }

  private func backward<T: TensorElement>(
    _: T.Type, _ image: NDArray, _ kernel: NDArray, _ upstream: NDArray, _ scratch: Scratch,
    _ imageGradient: NDArray?, _ kernelGradient: NDArray?
  ) throws(TensorError) {
    let ld = imagesPerBlock * positions
    for first in stride(from: 0, to: images, by: imagesPerBlock) {
      try EngineInterrupt.poll()
      let block = first..<Swift.min(images, first + imagesPerBlock)
      gatherUpstream(T.self, upstream, into: scratch.upstream, images: block)
      if let kernelGradient, let columns = scratch.columns {
        if !scratch.keptColumns { try unfold(T.self, image, into: columns, images: block) }
        // dK[O, C·kh·kw] += upstream[O, B·OH·OW] · columnsᵀ: the whole block's sum in one call.
        BLASProduct.gemm(
          T.self, m: outChannels, n: rows, k: block.count * positions,
          a: scratch.upstream.pointer(T.self), lda: ld, b: columns.pointer(T.self), ldb: ld,
          transposeB: true, c: kernelGradient.pointer(T.self), ldc: rows,
          accumulate: first > 0)
      }
      if let imageGradient, let columnGradient = scratch.columnGradient {
        // dColumns[C·kh·kw, B·OH·OW] = kernelᵀ · upstream, then folded back onto the images.
        BLASProduct.gemm(
          T.self, m: rows, n: block.count * positions, k: outChannels,
          a: kernel.pointer(T.self), lda: rows, transposeA: true,
          b: scratch.upstream.pointer(T.self), ldb: ld,
          c: columnGradient.pointer(T.self), ldc: ld)
        try fold(T.self, columnGradient, onto: imageGradient, images: block)
      }
    }
  }
}
