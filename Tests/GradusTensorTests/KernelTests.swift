import GradusTensor
import Testing

@Suite struct KernelTests {
  @Test(arguments: DType.allCases)
  func unaryFunctions(_ dtype: DType) throws {
    let x = try array([-2, -0.5, 0, 1.5], [4], dtype: dtype)
    let tolerance = dtype == .float32 ? 1e-6 : 1e-15
    func check(_ f: UnaryFunction, _ expected: (Double) -> Double) throws {
      expectValues(try x.map(f), x.values.map(expected), tolerance: tolerance)
    }
    try check(.neg) { -$0 }
    try check(.exp) { Foundation_exp($0) }
    try check(.abs) { Swift.abs($0) }
    try check(.tanh) { Foundation_tanh($0) }
    try check(.relu) { Swift.max($0, 0) }
    try check(.sign) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
    try check(.square) { $0 * $0 }
    try check(.sigmoid) { 1 / (1 + Foundation_exp(-$0)) }
    try check(.step) { $0 > 0 ? 1 : 0 }
    let positive = try array([0.25, 1, 4], [3], dtype: dtype)
    expectValues(try positive.map(.sqrt), [0.5, 1, 2], tolerance: tolerance)
    expectValues(
      try positive.map(.log), [-2 * 0.6931471805599453, 0, 2 * 0.6931471805599453],
      tolerance: tolerance)
    expectValues(try positive.map(.reciprocal), [4, 1, 0.25], tolerance: tolerance)
  }

  @Test func unaryOnAStridedViewFollowsTheView() throws {
    let x = try counting([3, 4]).transposed().sliced([.range(start: nil, stop: nil, step: -2)])
    expectValues(try x.map(.neg), [-3, -7, -11, -1, -5, -9], shape: [2, 3])
  }

  @Test(
    arguments: [
      (Reduction.sum, [Int]?.none, false, [276.0], [Int]()),
      (.sum, [0], false, [12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34], [3, 4]),
      (.sum, [1, 2], true, [66, 210], [2, 1, 1]),
      (.mean, [-1], false, [1.5, 5.5, 9.5, 13.5, 17.5, 21.5], [2, 3]),
      (.mean, nil, true, [11.5], [1, 1, 1]),
      (.max, [1], false, [8, 9, 10, 11, 20, 21, 22, 23], [2, 4]),
      (.min, [0, 2], false, [0, 4, 8], [3]),
    ] as [(Reduction, [Int]?, Bool, [Double], [Int])])
  func reductions(
    _ kind: Reduction, _ axes: [Int]?, _ keep: Bool, _ expected: [Double], _ shape: [Int]
  )
    throws
  {
    let x = try counting([2, 3, 4])
    let shape = try Shape(shape)
    expectValues(try x.reduce(kind, axes: axes, keep: keep), expected, shape: shape)
    // The same values through a non-contiguous view with the same logical layout.
    let strided = try x.transposed(0, 2).copy().transposed(0, 2)
    #expect(!strided.isContiguous)
    expectValues(try strided.reduce(kind, axes: axes, keep: keep), expected, shape: shape)
  }

  @Test func float32SumsAccumulateInDouble() throws {
    let x = try NDArray.full([1_000_000], 0.1, dtype: .float32)
    let sum = try x.reduce(.sum).scalarValue
    #expect(Swift.abs(sum - 1_000_000 * Double(Float(0.1))) < 1)
  }

  @Test func argmaxTakesTheFirstOfTies() throws {
    let x = try array([1, 5, 5, 2, 5, 0], [2, 3])
    expectValues(try x.argmax(axis: 1), [1, 1], shape: [2])
    expectValues(try x.argmax(axis: 0, keep: true), [1, 0, 0], shape: [1, 3])
    #expect(try x.argmax().scalarValue == 1)
  }

  @Test func sumToShapeUndoesBroadcasting() throws {
    let g = try counting([2, 3, 4])
    expectValues(try g.sum(toShape: [4]), [60, 66, 72, 78], shape: [4])
    expectValues(try g.sum(toShape: [3, 1]), [60, 92, 124], shape: [3, 1])
    expectValues(try g.sum(toShape: [2, 1, 1]), [66, 210], shape: [2, 1, 1])
    #expect(try g.sum(toShape: []).scalarValue == 276)
  }

  @Test func builders() throws {
    expectValues(try NDArray.arange(1, 2, step: 0.25, dtype: .float64), [1, 1.25, 1.5, 1.75])
    expectValues(try NDArray.arange(3, 0, step: -1), [3, 2, 1])
    #expect(try NDArray.arange(0, -1).count == 0)
    expectValues(try NDArray.eye(2), [1, 0, 0, 1], shape: [2, 2])
    expectValues(try NDArray.triangle(rows: 2, cols: 3), [1, 0, 0, 1, 1, 0])
    expectValues(
      try NDArray.triangle(rows: 2, cols: 3, diagonal: 1, upper: true), [0, 1, 1, 0, 0, 1])
    expectValues(try NDArray.full([2], -3), [-3, -3])
  }

  @Test func convolutionWindows() throws {
    // A 3×3 image of 0…8, 2×2 windows, stride 1: each column is one window, row-major.
    let image = try counting([1, 1, 3, 3])
    let columns = try image.im2col(Window2D(kernelHeight: 2, kernelWidth: 2))
    expectValues(columns, [0, 1, 3, 4, 1, 2, 4, 5, 3, 4, 6, 7, 4, 5, 7, 8], shape: [1, 4, 4])
    // col2im adds overlapping windows back: the centre pixel is in all four.
    let ones = try NDArray.full([1, 4, 4], 1, dtype: .float64)
    expectValues(
      try ones.col2im(Window2D(kernelHeight: 2, kernelWidth: 2), imageShape: [1, 1, 3, 3]),
      [1, 2, 1, 2, 4, 2, 1, 2, 1])
    let (pooled, positions) = try image.maxPool2d(
      Window2D(kernelHeight: 2, kernelWidth: 2, stride: 1, padding: 1))
    expectValues(pooled, [0, 1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 8, 6, 7, 8, 8], shape: [1, 1, 4, 4])
    #expect(positions == [0, 1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 8, 6, 7, 8, 8])
  }
}

#if canImport(Glibc)
  import Glibc
  private func Foundation_exp(_ x: Double) -> Double { Glibc.exp(x) }
  private func Foundation_tanh(_ x: Double) -> Double { Glibc.tanh(x) }
#endif
