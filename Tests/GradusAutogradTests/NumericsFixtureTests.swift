import Foundation
import GradusAutograd
import GradusTensor
import Testing

/// `Fixtures/numerics.json`, written by `scripts/make_numerics_fixtures.py` from PyTorch:
/// values and gradients at extreme inputs, a logistic-regression loss curve, and what argmax,
/// maximum and minimum do with NaN.
struct NumericsFixture: Decodable {
  struct Values: Decodable, Sendable {
    let shape: [Int]
    let data: [Double]
    func array(_ dtype: DType) throws -> NDArray {
      try NDArray(data, shape: Shape(shape), dtype: dtype)
    }
  }

  struct FunctionCase: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let fn: String
    let dtype: String
    let inputs: [Values]
    /// cross_entropy's class indices (data, not an input).
    let targets: Values?
    let output: Values
    let grads: [Values?]
    var testDescription: String { name }
    var elementType: DType { DType(rawValue: dtype) ?? .float64 }
  }

  struct LogisticRegression: Decodable {
    struct Point: Decodable {
      let epoch: Int
      let loss: Double
    }
    let x: Values
    let y: Values
    let lr: Double
    let epochs: Int
    let losses: [Point]
    let final_w: Values
  }

  struct ArgmaxCases: Decodable {
    let input: Values
    let axis_0: Values
    let axis_1: Values
    let all: Values
  }

  struct NaNExtremes: Decodable {
    let a: Values
    let b: Values
    let maximum: Values
    let minimum: Values
  }

  let functions: [FunctionCase]
  let logistic_regression: LogisticRegression
  let argmax: ArgmaxCases
  let nan_extremes: NaNExtremes

  static func load() throws -> NumericsFixture {
    let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let data = try Data(contentsOf: folder.appendingPathComponent("numerics.json"))
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try decoder.decode(NumericsFixture.self, from: data)
  }
}

private struct UnknownFunction: Error, CustomStringConvertible {
  let fn: String
  var description: String { "the fixture names a function this test does not know: \(fn)" }
}

/// The engine call for each function name the fixture script uses.
private func evaluate(_ fn: String, _ x: [Tensor]) throws -> Tensor {
  switch fn {
  case "sigmoid": return try x[0].sigmoid()
  case "log_sigmoid": return try x[0].logSigmoid()
  case "softplus": return try x[0].softplus()
  case "relu": return try x[0].relu()
  case "tanh": return try x[0].tanh()
  case "bce": return try x[0].binaryCrossEntropy(x[1])
  case "bce_with_logits": return try x[0].binaryCrossEntropyWithLogits(x[1])
  case "log_softmax": return try x[0].logSoftmax(axis: 1)
  case "norm": return try x[0].norm()
  case "maximum": return try x[0].maximum(x[1])
  case "minimum": return try x[0].minimum(x[1])
  case "amax": return try x[0].reduce(.max)
  case "clamp": return try x[0].clamp(x[0].constant(-1), x[0].constant(1))
  default: throw UnknownFunction(fn: fn)
  }
}

/// Equal in NaN-ness, sign of infinity, and otherwise within `tolerance`·max(1, |expected|).
private func expectAgree(
  _ actual: NDArray?, _ expected: NumericsFixture.Values, tolerance: Double, _ what: String
) {
  guard let actual else {
    Issue.record("\(what): no value")
    return
  }
  #expect(actual.shape.sizes == expected.shape, "\(what) shape")
  for (k, (a, e)) in zip(actual.values, expected.data).enumerated() {
    let agree =
      e.isNaN
      ? a.isNaN
      : (e.isInfinite ? a == e : Swift.abs(a - e) <= tolerance * Swift.max(1, Swift.abs(e)))
    if !agree {
      Issue.record("\(what) element \(k): engine \(a), PyTorch \(e)")
      return
    }
  }
}

@Suite struct NumericsFixtureTests {
  /// Every value and gradient finite where PyTorch's is, and equal to it, at ±1e4, ±100, ±30,
  /// ±1 and 0 (and at ties for relu, maximum, minimum and amax).
  @Test(arguments: try NumericsFixture.load().functions)
  func matchesPyTorchAtTheExtremes(_ c: NumericsFixture.FunctionCase) throws {
    let dtype = c.elementType
    let tolerance = dtype == .float32 ? 2e-6 : 1e-12
    let inputs = try zip(c.inputs, c.grads).map { input, grad in
      Tensor(try input.array(dtype), requiresGrad: grad != nil)
    }
    let output =
      try c.targets.map { try inputs[0].crossEntropy(classes: $0.array(.float64)) }
      ?? evaluate(c.fn, inputs)
    #expect(output.dtype == dtype)
    expectAgree(output.data, c.output, tolerance: tolerance, "output")
    try output.sum().backward()
    for (k, expected) in c.grads.enumerated() {
      if let expected {
        expectAgree(inputs[k].grad, expected, tolerance: tolerance, "gradient of input \(k)")
      }
    }
  }

  @Test func fixtureCoversEveryFunction() throws {
    let names = Set(try NumericsFixture.load().functions.map(\.fn))
    let required: Set = [
      "sigmoid", "log_sigmoid", "softplus", "bce", "bce_with_logits", "log_softmax",
      "cross_entropy", "norm", "relu", "maximum", "amax", "clamp",
    ]
    #expect(required.isSubset(of: names), "missing: \(required.subtracting(names))")
  }

  /// w ← w − lr·∇ bce(sigmoid(x @ w), y) from w = 0 in float32, PyTorch's losses every 50 epochs.
  @Test func logisticRegressionFollowsPyTorchsLossCurve() throws {
    let fixture = try NumericsFixture.load().logistic_regression
    let x = Tensor(try fixture.x.array(.float32))
    let y = Tensor(try fixture.y.array(.float32))
    let w = Tensor(try NDArray.zeros([2], dtype: .float32), requiresGrad: true)
    var recorded = [Int: Double]()
    for epoch in 0..<fixture.epochs {
      let loss = try x.matmul(w).sigmoid().binaryCrossEntropy(y)
      recorded[epoch] = loss.data.scalarValue
      w.zeroGrad()
      try loss.backward()
      try w.update(adding: try #require(w.grad), scale: -fixture.lr)
    }
    for point in fixture.losses {
      let loss = try #require(recorded[point.epoch])
      #expect(
        Swift.abs(loss - point.loss) <= 1e-5 * point.loss + 1e-7,
        "epoch \(point.epoch): engine \(loss), PyTorch \(point.loss)")
    }
    expectAgree(w.data, fixture.final_w, tolerance: 1e-4, "final w")
  }

  /// argmax returns the first NaN's position, as torch.argmax does.
  @Test func argmaxPicksTheFirstNaN() throws {
    let cases = try NumericsFixture.load().argmax
    let x = try cases.input.array(.float64)
    expectAgree(try x.argmax(axis: 1), cases.axis_1, tolerance: 0, "argmax axis 1")
    expectAgree(try x.argmax(axis: 0), cases.axis_0, tolerance: 0, "argmax axis 0")
    expectAgree(try x.argmax(), cases.all, tolerance: 0, "argmax of all")
  }

  /// maximum and minimum give NaN when either operand is NaN, as torch.maximum does.
  @Test func maximumAndMinimumPropagateNaN() throws {
    let cases = try NumericsFixture.load().nan_extremes
    for dtype in [DType.float32, .float64] {
      let a = Tensor(try cases.a.array(dtype))
      let b = Tensor(try cases.b.array(dtype))
      expectAgree(try a.maximum(b).data, cases.maximum, tolerance: 0, "maximum \(dtype)")
      expectAgree(try a.minimum(b).data, cases.minimum, tolerance: 0, "minimum \(dtype)")
    }
  }
}
