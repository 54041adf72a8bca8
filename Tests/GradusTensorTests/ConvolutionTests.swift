import Testing

@testable import GradusTensor

/// `Convolution2D` (im2col + one product per block of images) against the definition, written
/// as the plain loops of a textbook, at the geometries the lessons and learners use; and the
/// same results whether the batch is one block or many.
@Suite("convolution: blocks of images against the definition")
struct ConvolutionTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let image: [Int]  // N, C, H, W
    let kernel: [Int]  // O, C, kh, kw
    let stride: Int
    let padding: Int
    var testDescription: String { "\(image) * \(kernel), stride \(stride), padding \(padding)" }
  }

  static let cases = [
    Case(image: [2, 3, 5, 5], kernel: [4, 3, 3, 3], stride: 1, padding: 0),
    Case(image: [3, 2, 8, 8], kernel: [5, 2, 3, 3], stride: 1, padding: 1),
    Case(image: [2, 2, 7, 6], kernel: [3, 2, 3, 2], stride: 2, padding: 1),
    Case(image: [4, 1, 9, 9], kernel: [2, 1, 5, 5], stride: 1, padding: 2),
    Case(image: [2, 4, 6, 6], kernel: [3, 4, 1, 1], stride: 1, padding: 0),
    Case(image: [2, 2, 9, 7], kernel: [2, 2, 5, 3], stride: 2, padding: 2),
    Case(image: [1, 1, 2, 2], kernel: [1, 1, 3, 3], stride: 1, padding: 2),
    // No input channels: every output is an empty sum, 0.
    Case(image: [2, 0, 4, 4], kernel: [3, 0, 2, 2], stride: 1, padding: 0),
  ]

  /// out[n, o, i, j] = Σ_c,ki,kj image[n, c, i·s − p + ki, j·s − p + kj] · kernel[o, c, ki, kj],
  /// and the gradients of Σ upstream · out, element by element.
  static func reference(_ test: Case, _ x: [Double], _ k: [Double], _ g: [Double]) -> (
    out: [Double], dImage: [Double], dKernel: [Double]
  ) {
    let (n, c, h, w) = (test.image[0], test.image[1], test.image[2], test.image[3])
    let (o, kh, kw) = (test.kernel[0], test.kernel[2], test.kernel[3])
    let oh = (h + 2 * test.padding - kh) / test.stride + 1
    let ow = (w + 2 * test.padding - kw) / test.stride + 1
    var out = [Double](repeating: 0, count: n * o * oh * ow)
    var dImage = [Double](repeating: 0, count: x.count)
    var dKernel = [Double](repeating: 0, count: k.count)
    for b in 0..<n {
      for oc in 0..<o {
        for i in 0..<oh {
          for j in 0..<ow {
            let at = ((b * o + oc) * oh + i) * ow + j
            for ch in 0..<c {
              for ki in 0..<kh {
                for kj in 0..<kw {
                  let y = i * test.stride - test.padding + ki
                  let xx = j * test.stride - test.padding + kj
                  guard y >= 0, y < h, xx >= 0, xx < w else { continue }
                  let pixel = ((b * c + ch) * h + y) * w + xx
                  let weight = ((oc * c + ch) * kh + ki) * kw + kj
                  out[at] += x[pixel] * k[weight]
                  dImage[pixel] += g[at] * k[weight]
                  dKernel[weight] += g[at] * x[pixel]
                }
              }
            }
          }
        }
      }
    }
    return (out, dImage, dKernel)
  }

  /// Runs `body` with one image per block (the bound on a block's bytes forced down).
  static func oneImagePerBlock<R>(_ body: () throws -> R) rethrows -> R {
    let settings = ConvolutionBlocking.settings.value
    let saved = settings.columnBytes
    settings.columnBytes = 1
    defer { settings.columnBytes = saved }
    return try body()
  }

  /// Checks the forward and both gradients of `test` against `reference`.
  func run(_ test: Case, dtype: DType) throws {
    let x = try random(Shape(test.image), seed: 1, dtype: dtype)
    let k = try random(Shape(test.kernel), seed: 2, dtype: dtype)
    let plan = try Convolution2D(
      image: x.shape, kernel: k.shape, stride: test.stride, padding: test.padding, dtype: dtype,
      shapeOnly: false)
    let forward = try plan.forward(x, k)
    let g = try random(forward.output.shape, seed: 3, dtype: dtype)
    let (dImage, dKernel) = try plan.backward(
      image: x, kernel: k, columns: forward.columns, upstream: g, needImage: true,
      needKernel: true)
    let expected = Self.reference(test, x.values, k.values, g.values)
    expectValues(forward.output, expected.out, tolerance: dtype == .float64 ? 1e-12 : 1e-5)
    expectValues(dImage!, expected.dImage, tolerance: dtype == .float64 ? 1e-12 : 1e-5)
    expectValues(dKernel!, expected.dKernel, tolerance: dtype == .float64 ? 1e-12 : 1e-5)
  }

  @Test(arguments: cases)
  func matchesTheDefinition(_ test: Case) throws {
    try run(test, dtype: .float64)
    try run(test, dtype: .float32)
  }

  /// One image per block (the columns unfolded again in the backward, the kernel's gradient
  /// summed over the blocks) gives the definition's values too.
  @Test(arguments: cases)
  func blocksOfOneImageAgree(_ test: Case) throws {
    try Self.oneImagePerBlock { try run(test, dtype: .float64) }
    try Self.oneImagePerBlock { try run(test, dtype: .float32) }
    let plan = try Self.oneImagePerBlock {
      try Convolution2D(
        image: Shape(test.image), kernel: Shape(test.kernel), stride: test.stride,
        padding: test.padding, dtype: .float64, shapeOnly: false)
    }
    #expect(plan.imagesPerBlock == 1)
  }

  /// The blocks are as large as both bounds allow, and never empty.
  @Test func blockSizes() {
    // W7's second layer: 144 rows × 64 positions × 4 bytes = 36 KiB per image.
    #expect(
      ConvolutionBlocking.imagesPerBlock(
        images: 64, rows: 144, positions: 64, outChannels: 32, elementSize: 4) == 64)
    // 288 × 16384 × 4 bytes = 18 MiB per image: more than one block's bytes, still one image.
    #expect(
      ConvolutionBlocking.imagesPerBlock(
        images: 8, rows: 288, positions: 16384, outChannels: 64, elementSize: 4) == 1)
    // 27 × 1024 × 4 = 108 KiB per image: 16 MiB hold 151 images.
    #expect(
      ConvolutionBlocking.imagesPerBlock(
        images: 1000, rows: 27, positions: 1024, outChannels: 16, elementSize: 4) == 151)
  }

  /// The 2×2 pooling's unrolled loop against the general one (a 2×2 window with padding takes
  /// the general loop): with ties, NaN and negative values, the same maxima and positions.
  @Test func unrolledPoolingAgreesWithTheGeneralLoop() throws {
    var values = try random([2, 3, 6, 6], seed: 4).values
    values[7] = .nan
    values[40] = values[41]
    let x = try NDArray(values, shape: [2, 3, 6, 6], dtype: .float32)
    for stride in [1, 2] {
      let (fast, fastPositions) = try x.maxPool2d(
        Window2D(kernelHeight: 2, kernelWidth: 2, stride: stride))
      // The same windows through the general loop: pad by 1, then drop the padded border.
      let (general, generalPositions) = try x.maxPool2d(
        Window2D(kernelHeight: 2, kernelWidth: 2, stride: 1, padding: 1))
      let out = fast.shape[3]
      let wide = general.shape[3]
      for plane in 0..<6 {
        for i in 0..<out {
          for j in 0..<out {
            let a = (plane * out + i) * out + j
            let b = (plane * wide + i * stride + 1) * wide + j * stride + 1
            #expect(fastPositions[a] == generalPositions[b])
            let (u, v) = (fast.values[a], general.values[b])
            #expect(u == v || (u.isNaN && v.isNaN))
          }
        }
      }
    }
  }
}
