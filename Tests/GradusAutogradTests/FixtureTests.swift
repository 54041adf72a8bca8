import Foundation
import GradusAutograd
import GradusTensor
import Testing

/// One case of `Fixtures/engine_ops.json`, written by `scripts/make_engine_fixtures.py` from
/// PyTorch: inputs, parameters, the forward output, an upstream gradient and the input
/// gradients PyTorch computes under it.
struct FixtureCase: Decodable, Sendable, CustomTestStringConvertible {
  struct Values: Decodable, Sendable {
    let shape: [Int]
    let data: [Double]
    func array(_ dtype: DType = .float64) throws -> NDArray {
      try NDArray(data, shape: Shape(shape), dtype: dtype)
    }
  }

  struct SliceSpec: Decodable, Sendable {
    let index: Int?
    let start: Int?
    let stop: Int?
    let step: Int?
    var item: SliceItem {
      index.map(SliceItem.index) ?? .range(start: start, stop: stop, step: step)
    }
  }

  struct Parameters: Decodable, Sendable {
    let axis: Int?
    let axes: [Int]?
    let keep: Bool?
    let order: [Int]?
    let dims: [Int]?
    let shape: [Int]?
    let items: [SliceSpec]?
    let mask: Values?
    let index: Values?
    let indices: Values?
    let targets: Values?
    let stride: Int?
    let padding: Int?
    let kernel: Int?
  }

  let name: String
  let op: String
  let dtype: String
  let params: Parameters
  let inputs: [Values]
  let output: Values
  let upstream: Values
  let grads: [Values?]

  var testDescription: String { name }
  var elementType: DType { DType(rawValue: dtype) ?? .float64 }
}

struct FixtureFile: Decodable {
  let torch: String
  let cases: [FixtureCase]
}

private func loadFixtures() throws -> FixtureFile {
  let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
  let data = try Data(contentsOf: folder.appendingPathComponent("engine_ops.json"))
  return try JSONDecoder().decode(FixtureFile.self, from: data)
}

private struct UnknownOp: Error, CustomStringConvertible {
  let op: String
  var description: String { "the fixture names an op this test does not know: \(op)" }
}

/// The engine call for each op name the fixture script uses.
private func run(_ c: FixtureCase, _ x: [Tensor]) throws -> Tensor {
  let p = c.params
  switch c.op {
  case "add": return try x[0] + x[1]
  case "sub": return try x[0] - x[1]
  case "mul": return try x[0] * x[1]
  case "div": return try x[0] / x[1]
  case "pow": return try x[0].pow(x[1])
  case "maximum": return try x[0].maximum(x[1])
  case "minimum": return try x[0].minimum(x[1])
  case "matmul": return try x[0].matmul(x[1])
  case "mse": return try x[0].mse(x[1])
  case "neg": return try -x[0]
  case "exp": return try x[0].exp()
  case "log": return try x[0].log()
  case "sqrt": return try x[0].sqrt()
  case "abs": return try x[0].abs()
  case "tanh": return try x[0].tanh()
  case "relu": return try x[0].relu()
  case "sigmoid": return try x[0].sigmoid()
  case "gelu": return try x[0].gelu()
  case "norm": return try x[0].norm()
  case "where": return try Tensor.select(try p.mask!.array(), x[0], x[1])
  case "sum": return try x[0].reduce(.sum, axes: p.axes, keep: p.keep!)
  case "mean": return try x[0].reduce(.mean, axes: p.axes, keep: p.keep!)
  case "amax": return try x[0].reduce(.max, axes: p.axes, keep: p.keep!)
  case "amin": return try x[0].reduce(.min, axes: p.axes, keep: p.keep!)
  case "permute": return try x[0].permuted(p.order!)
  case "transpose": return try x[0].transposed(p.dims![0], p.dims![1])
  case "reshape": return try x[0].reshaped(p.shape!)
  case "slice": return try x[0].sliced(p.items!.map(\.item))
  case "concat": return try Tensor.concat(x, axis: p.axis!)
  case "stack": return try Tensor.stack(x, axis: p.axis!)
  case "gather": return try x[0].gather(axis: p.axis!, index: try p.index!.array())
  case "embedding": return try x[0].indexSelect(try p.indices!.array())
  case "conv2d": return try x[0].conv2d(x[1], stride: p.stride!, padding: p.padding!)
  case "max_pool2d":
    return try x[0].maxPool2d(kernel: p.kernel!, stride: p.stride, padding: p.padding!)
  case "softmax": return try x[0].softmax(axis: p.axis!)
  case "log_softmax": return try x[0].logSoftmax(axis: p.axis!)
  case "cross_entropy": return try x[0].crossEntropy(classes: try p.targets!.array())
  case "layer_norm": return try x[0].layerNorm()
  default: throw UnknownOp(op: c.op)
  }
}

/// |actual − expected| ≤ tolerance·max(1, |expected|) for every element, shapes equal.
private func expectMatch(
  _ actual: NDArray?, _ expected: FixtureCase.Values, tolerance: Double, _ what: String
) {
  guard let actual else {
    Issue.record("\(what): no value")
    return
  }
  #expect(actual.shape.sizes == expected.shape, "\(what) shape")
  let values = actual.values
  for (k, (a, e)) in zip(values, expected.data).enumerated()
  where !(Swift.abs(a - e) <= tolerance * Swift.max(1, Swift.abs(e))) {
    Issue.record("\(what) element \(k): engine \(a), PyTorch \(e)")
    return
  }
}

@Suite struct FixtureTests {
  @Test(arguments: try loadFixtures().cases)
  func matchesPyTorch(_ c: FixtureCase) throws {
    let dtype = c.elementType
    let tolerance = dtype == .float32 ? 1e-5 : 1e-10
    let inputs = try c.inputs.map { Tensor(try $0.array(dtype), requiresGrad: true) }
    let output = try run(c, inputs)
    #expect(output.dtype == dtype)
    expectMatch(output.data, c.output, tolerance: tolerance, "output")
    try output.backward(gradient: try c.upstream.array(dtype))
    for (k, expected) in c.grads.enumerated() {
      if let expected {
        expectMatch(inputs[k].grad, expected, tolerance: tolerance, "gradient of input \(k)")
      } else {
        #expect(inputs[k].grad == nil)
      }
    }
  }

  @Test func fixtureCoversTheOps() throws {
    let file = try loadFixtures()
    let ops = Set(file.cases.map(\.op))
    let required: Set = [
      "softmax", "log_softmax", "cross_entropy", "layer_norm", "gelu", "conv2d", "max_pool2d",
      "gather", "embedding", "matmul", "slice", "where", "amax", "pow",
    ]
    #expect(required.isSubset(of: ops), "missing: \(required.subtracting(ops))")
    #expect(file.cases.count >= 70)
    #expect(file.cases.contains { $0.dtype == "float32" })
  }

  /// The textbook values, with the default upstream gradient 1.
  @Test func crossEntropyTextbookValues() throws {
    // d2l: ŷ = [[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]], y = [0, 2] → −mean(log [0.1, 0.5]).
    let probabilities = try array([0.1, 0.3, 0.6, 0.3, 0.2, 0.5], [2, 3])
    let loss = try Tensor(try probabilities.map(.log)).crossEntropy(
      classes: try array([0, 2], [2]))
    #expect(Swift.abs(loss.data.scalarValue - 1.4979) < 1e-4)
    #expect(
      Swift.abs(loss.data.scalarValue - -(Foundation.log(0.1) + Foundation.log(0.5)) / 2) < 1e-12)

    let logits = try parameter([2, 1, 0.1], [1, 3])
    let single = try logits.crossEntropy(classes: try array([0], [1]))
    #expect(Swift.abs(single.data.scalarValue - 0.4170) < 1e-4)
    try single.backward()
    expectClose(logits.grad?.values ?? [], [-0.3410, 0.2424, 0.0986], tolerance: 1e-4)
  }
}
