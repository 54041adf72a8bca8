import CBLAS

/// How many images a convolution unfolds at once (`Convolution2D`).
enum ConvolutionBlocking {
  final class Settings {
    /// The most bytes of columns one block holds: 16 MiB, well inside the default budget of
    /// 4 GiB and far more than the lessons' convolutions need (W7's largest is 2.4 MB).
    var columnBytes = 16 << 20
    /// The most multiply-adds of one block's forward product: about 3 ms on one core, so that
    /// Ctrl-C is seen within that between two blocks.
    var work = 1 << 28
  }
  /// Per thread, so that a test can change them without touching other threads.
  static let settings = ThreadLocal { Settings() }

  /// At least one image; as many more as fit in both bounds.
  static func imagesPerBlock(
    images: Int, rows: Int, positions: Int, outChannels: Int, elementSize: Int
  ) -> Int {
    let settings = settings.value
    let perImage = rows.multipliedReportingOverflow(by: positions)
    let bytes = perImage.partialValue.multipliedReportingOverflow(by: elementSize)
    let work = perImage.partialValue.multipliedReportingOverflow(by: Swift.max(outChannels, 1))
    if perImage.overflow || bytes.overflow || work.overflow { return 1 }
    let byBytes = settings.columnBytes / Swift.max(bytes.partialValue, 1)
    let byWork = settings.work / Swift.max(work.partialValue, 1)
    return Swift.max(1, Swift.min(images, byBytes, byWork))
  }
}

/// One BLAS call on contiguous row-major buffers: C = op(A)·op(B), or C += op(A)·op(B).
enum BLASProduct {
  static func gemm<T: TensorElement>(
    _: T.Type, m: Int, n: Int, k: Int,
    a: UnsafeMutablePointer<T>, lda: Int, transposeA: Bool = false,
    b: UnsafeMutablePointer<T>, ldb: Int, transposeB: Bool = false,
    c: UnsafeMutablePointer<T>, ldc: Int, accumulate: Bool = false
  ) {
    if m == 0 || n == 0 { return }
    if k == 0 {
      // An empty sum (a kernel of no input channels): BLAS may leave C as it was.
      if !accumulate { for row in 0..<m { (c + row * ldc).update(repeating: 0, count: n) } }
      return
    }
    // The same number of BLAS threads in every process, so the same bits (see there).
    BLASKernel.threadsChosen
    let ta = transposeA ? CblasTrans : CblasNoTrans
    let tb = transposeB ? CblasTrans : CblasNoTrans
    let (m32, n32, k32) = (Int32(m), Int32(n), Int32(k))
    let (lda32, ldb32, ldc32) = (Int32(lda), Int32(ldb), Int32(ldc))
    // T is Float or Double: the pointers are retyped to the one this branch has.
    func typed<U>(_ pointer: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<U> {
      UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: U.self)
    }
    if T.self == Float.self {
      cblas_sgemm(
        CblasRowMajor, ta, tb, m32, n32, k32, 1, typed(a), lda32, typed(b), ldb32,
        accumulate ? 1 : 0, typed(c), ldc32)
    } else {
      cblas_dgemm(
        CblasRowMajor, ta, tb, m32, n32, k32, 1, typed(a), lda32, typed(b), ldb32,
        accumulate ? 1 : 0, typed(c), ldc32)
    }
  }
}

extension NDArray {
  /// The first element of this view, typed.
  func pointer<T: TensorElement>(_: T.Type) -> UnsafeMutablePointer<T> {
    storage.pointer(T.self) + offset
  }
}

/// The per-image loops of a convolution: unfolding windows into columns, folding column
/// gradients back, and moving the [O, OH·OW] planes of each image between the layout of the
/// tensors ([N, O, OH, OW]) and that of one block's product ([O, B·OH·OW]).
extension Convolution2D {
  /// Writes every window of `block`'s images into `columns` [C·kh·kw, B·OH·OW]: row
  /// (c, ki, kj), column (image − first, oi, oj) holds image[c, oi·s − p + ki, oj·s − p + kj], or
  /// 0 in the padding.
  func unfold<T: TensorElement>(
    _: T.Type, _ image: NDArray, into columns: NDArray, images block: Range<Int>
  ) throws(TensorError) {
    let (pixels, values) = (image.pointer(T.self), columns.pointer(T.self))
    let s = window.stride
    // Plain loops rather than memset/memcpy calls: the runs are a few pixels long.
    try forEachRun(images: block) { pixel, column, inside in
      let (input, out) = (pixels + pixel, values + column)
      guard let inside else {
        for oj in 0..<outWidth { out[oj] = 0 }
        return
      }
      for oj in 0..<inside.lowerBound { out[oj] = 0 }
      if s == 1 {
        for oj in inside { out[oj] = input[oj] }
      } else {
        for oj in inside { out[oj] = input[oj * s] }
      }
      for oj in inside.upperBound..<outWidth { out[oj] = 0 }
    }
  }

  /// Adds each column of `columns` [C·kh·kw, B·OH·OW] back onto the pixel it was read from: the
  /// backward of `unfold`, windows that overlap adding up.
  func fold<T: TensorElement>(
    _: T.Type, _ columns: NDArray, onto image: NDArray, images block: Range<Int>
  ) throws(TensorError) {
    let (pixels, values) = (image.pointer(T.self), columns.pointer(T.self))
    let s = window.stride
    try forEachRun(images: block) { pixel, column, inside in
      guard let inside else { return }
      let (target, source) = (pixels + pixel, values + column)
      if s == 1 {
        for oj in inside { target[oj] += source[oj] }
      } else {
        for oj in inside { target[oj * s] += source[oj] }
      }
    }
  }

  /// Calls `body(pixel, column, inside)` for each run of OW columns of the unfolded block: one
  /// output row oi of one row (c, ki, kj) of one image. `column` is where the run starts in the
  /// columns, `pixel` where output column oj = 0 reads in the image (oj reads pixel + oj·s),
  /// and `inside` the oj that read a pixel, not padding (nil: the whole run is padding).
  @inline(__always)
  private func forEachRun(
    images block: Range<Int>, _ body: (Int, Int, Range<Int>?) -> Void
  ) throws(TensorError) {
    let ld = imagesPerBlock * positions
    let (s, p) = (window.stride, window.padding)
    for n in block {
      try EngineInterrupt.poll()
      var row = 0
      for channel in 0..<channels {
        let plane = (n * channels + channel) * height * width
        for ki in 0..<window.kernelHeight {
          for kj in 0..<window.kernelWidth {
            let (inside, start) = insideRun(kj)
            let line = row * ld + (n - block.lowerBound) * positions
            for oi in 0..<outHeight {
              let y = oi * s - p + ki
              let pixel = plane + y * width + start - inside.lowerBound * s
              body(pixel, line + oi * outWidth, y >= 0 && y < height ? inside : nil)
            }
            row += 1
          }
        }
      }
    }
  }

  /// The output columns oj whose pixel oj·s − p + kj lies inside the image, and that pixel's
  /// column for the first of them.
  @inline(__always)
  private func insideRun(_ kj: Int) -> (Range<Int>, Int) {
    let (s, p) = (window.stride, window.padding)
    // The first oj with oj·s − p + kj ≥ 0, and one past the last with oj·s − p + kj < width.
    let low = Swift.min(outWidth, Swift.max(0, (p - kj + s - 1) / s))
    let high = Swift.max(low, Swift.min(outWidth, (width + p - kj + s - 1) / s))
    return (low..<high, low * s - p + kj)
  }

  /// Copies the product [O, B·OH·OW] of one block into the output [N, O, OH, OW].
  func scatterOutput<T: TensorElement>(
    _: T.Type, _ product: NDArray, into output: NDArray, images block: Range<Int>
  ) {
    let ld = imagesPerBlock * positions
    for n in block {
      let source = product.pointer(T.self) + (n - block.lowerBound) * positions
      let target = output.pointer(T.self) + n * outChannels * positions
      for o in 0..<outChannels {
        (target + o * positions).update(from: source + o * ld, count: positions)
      }
    }
  }

  /// Copies the upstream gradient [N, O, OH, OW] of one block's images into [O, B·OH·OW].
  func gatherUpstream<T: TensorElement>(
    _: T.Type, _ upstream: NDArray, into target: NDArray, images block: Range<Int>
  ) {
    let ld = imagesPerBlock * positions
    for n in block {
      let source = upstream.pointer(T.self) + n * outChannels * positions
      let line = target.pointer(T.self) + (n - block.lowerBound) * positions
      for o in 0..<outChannels {
        (line + o * ld).update(from: source + o * positions, count: positions)
      }
    }
  }
}
