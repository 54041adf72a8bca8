import GradusAutograd
import GradusTensor
import Testing

/// Records backward steps, which makes the engine take its traced rules (local derivatives
/// kept for the listener) instead of the fused ones.
private final class StepRecorder: AutogradListener {
  var steps: [BackwardStep] = []
  func forward(op: Op, inputs: [Tensor], output: Tensor) {}
  func backward(_ step: BackwardStep) { steps.append(step) }
}

/// Without a listener, backward takes fused paths (relu's gradient in one pass, a scalar loss's
/// gradient as a fill). They must give the same bits as the traced paths they replace.
@Suite struct FastPathGradientTests {
  static func bits(_ x: NDArray?) -> [UInt64] { (x?.values ?? []).map(\.bitPattern) }

  /// Gradients of every parameter after `loss` is built from fresh parameters, traced or not.
  static func gradients(
    traced: Bool, dtype: DType, _ build: ([Tensor]) throws(TensorError) -> Tensor
  ) throws -> [[UInt64]] {
    // Negative, positive and zero inputs (relu's kink), negative upstream values (−0 results).
    let values: [Double] = [-1.5, -0.0, 0, 0.25, 2, -3, 7, 0.5, -0.125, 1e-30, -1e-30, 3]
    let a = Tensor(try NDArray(values, shape: [3, 4], dtype: dtype), requiresGrad: true)
    let b = Tensor(
      try NDArray(values.map { 1 - $0 }, shape: [3, 4], dtype: dtype), requiresGrad: true)
    let loss = try build([a, b])
    if traced {
      let recorder = StepRecorder()
      try Autograd.withListener(recorder) { () throws(BackwardError) in try loss.backward() }
      #expect(!recorder.steps.isEmpty)
    } else {
      try loss.backward()
    }
    return [bits(a.grad), bits(b.grad)]
  }

  @Test(arguments: [DType.float32, .float64])
  func reluGradientMatchesTracedRule(dtype: DType) throws {
    let build = { (p: [Tensor]) throws(TensorError) -> Tensor in
      try ((p[0] * p[1]).relu() * p[1]).sum()
    }
    let fused = try Self.gradients(traced: false, dtype: dtype, build)
    let traced = try Self.gradients(traced: true, dtype: dtype, build)
    #expect(fused == traced)
    // Where the relu is off and its upstream gradient negative, its input's gradient is −0.
    let a = Tensor(try NDArray([2, -2, -3], shape: [3], dtype: dtype), requiresGrad: true)
    let product = try a * Tensor(try NDArray([1, 1, 1], shape: [3], dtype: dtype))
    let upstream = Tensor(try NDArray([-1, -1, 1], shape: [3], dtype: dtype))
    try (product.relu() * upstream).reduce(.sum).backward()
    #expect(Self.bits(product.grad) == [-1.0, -0.0, 0.0].map(\.bitPattern))
  }

  @Test(arguments: [DType.float32, .float64])
  func scalarLossGradientIsAFillOfTheSameValue(dtype: DType) throws {
    // mean over all axes (times a max, so the upstream value is not 1), a chain of reductions
    // with keep ending in one element, and sum.
    for loss in 0..<3 {
      let build = { (p: [Tensor]) throws(TensorError) -> Tensor in
        switch loss {
        case 0: return try p[0].reduce(.mean) * p[1].reduce(.max)
        case 1:
          return try p[0].reduce(.sum, axes: [0], keep: true).reduce(.mean, axes: [1], keep: true)
        default: return try (p[0] * p[1]).reduce(.sum)
        }
      }
      let fused = try Self.gradients(traced: false, dtype: dtype, build)
      let traced = try Self.gradients(traced: true, dtype: dtype, build)
      #expect(fused == traced, "loss \(loss)")
    }
    // mean's gradient: 1/12, rounded once to the dtype.
    let grads = try Self.gradients(traced: false, dtype: dtype) { (p) throws(TensorError) in
      try p[0].reduce(.mean)
    }
    let expected = dtype == .float32 ? Double(Float(1.0 / 12)) : 1.0 / 12
    #expect(grads[0] == [UInt64](repeating: expected.bitPattern, count: 12))
  }

  @Test func scalarValueReadsAViewAtItsOffset() throws {
    let x = try NDArray([1, 2, 3, 4, 5, 6], shape: [2, 3], dtype: .float32)
    let element = try x.sliced([.index(1), .range(start: 2, stop: 3, step: 1)])
    #expect(element.count == 1 && element.offset == 5)
    #expect(element.scalarValue == 6)
    #expect(try x.transposed().sliced([.index(2), .index(0)]).scalarValue == 3)
  }

  @Test(arguments: [DType.float32, .float64])
  func squareGradientEqualsTheSumOfBothFactorsGradients(dtype: DType) throws {
    let values: [Double] = [-1.5, 0.25, 3, -0.0, 1e-20, 7.125]
    let p = Tensor(try NDArray(values, shape: [2, 3], dtype: dtype), requiresGrad: true)
    let upstream = Tensor(try NDArray([1, -2, 0.5, 3, -1, 0.1], shape: [2, 3], dtype: dtype))
    try ((p * p) * upstream).reduce(.sum).backward()
    // The same values as two tensors: each factor's gradient computed separately, then added.
    let a = Tensor(try NDArray(values, shape: [2, 3], dtype: dtype), requiresGrad: true)
    let b = Tensor(try NDArray(values, shape: [2, 3], dtype: dtype), requiresGrad: true)
    try ((a * b) * upstream).reduce(.sum).backward()
    let separate = try #require(a.grad).zip(try #require(b.grad), .add)
    #expect(Self.bits(p.grad) == Self.bits(separate))
  }

  /// A bias's gradient sums the upstream gradient over the rows: in double, row after row,
  /// whether the rows are contiguous or a strided view.
  @Test func columnSumsAddRowsInOrderInDouble() throws {
    let (rows, cols) = (37, 13)
    let values: [Double] = (0..<(rows * cols)).map { (k: Int) -> Double in
      let step = Double(k % 17) * 0.37
      return step - 2.9 + 1e-7 * Double(k)
    }
    let x = try NDArray(values, shape: [rows, cols], dtype: .float32)
    var totals = [Double](repeating: 0, count: cols)
    for r in 0..<rows {
      for c in 0..<cols { totals[c] += Double(Float(values[r * cols + c])) }
    }
    let expected = totals.map { Double(Float($0)).bitPattern }
    #expect(Self.bits(try x.sum(toShape: Shape([cols]))) == expected)
    #expect(Self.bits(try x.sum(toShape: Shape([1, cols]))) == expected)
    // The same values through a transposed copy, read back as a strided view.
    let strided = try x.transposed().contiguous().transposed()
    #expect(!strided.isContiguous)
    #expect(Self.bits(try strided.sum(toShape: Shape([cols]))) == expected)
  }
}
