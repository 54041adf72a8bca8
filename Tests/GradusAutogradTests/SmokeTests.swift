import GradusAutograd
import GradusTensor
import Testing

@Suite struct SmokeTests {
  @Test func neuronForwardBackward() throws {
    func p(_ v: Double) -> Tensor {
      Tensor(NDArray(scalar: v, dtype: .float64), requiresGrad: true)
    }
    let x1 = p(2), x2 = p(0), w1 = p(-3), w2 = p(1), b = p(6.8813735870195432)
    let n = try x1 * w1 + x2 * w2 + b
    let o = try n.tanh()
    #expect(abs(n.data.scalarValue - 0.8814) < 1e-4)
    #expect(abs(o.data.scalarValue - 0.7071) < 1e-4)
    try o.backward()
    #expect(abs(x1.grad!.scalarValue - -1.5) < 1e-4)
    #expect(abs(w1.grad!.scalarValue - 1.0) < 1e-4)
    #expect(abs(x2.grad!.scalarValue - 0.5) < 1e-4)
    #expect(abs(b.grad!.scalarValue - 0.5) < 1e-4)
  }

  @Test func mlpStep() throws {
    let x = Tensor(try NDArray([1, 2, 3, 0.5, -1, 2], shape: [2, 3]))
    let y = Tensor(try NDArray([1, 0], shape: [2, 1]))
    let w1 = Tensor(
      try NDArray(
        [0.1, -0.2, 0.3, 0.0, 0.4, 0.5, -0.6, 0.1, -0.7, 0.8, 0.9, -0.2], shape: [3, 4]),
      requiresGrad: true)
    let b1 = Tensor(try NDArray([0.1, 0, -0.1, 0.2], shape: [4]), requiresGrad: true)
    let w2 = Tensor(try NDArray([0.5, -0.5, 0.25, 1], shape: [4, 1]), requiresGrad: true)
    let b2 = Tensor(try NDArray([0.05], shape: [1]), requiresGrad: true)
    let h = try (x.matmul(w1) + b1).relu()
    let p = try h.matmul(w2) + b2
    let loss = try p.mse(y)
    #expect(abs(loss.data.scalarValue - 2.2710) < 1e-3)
    try loss.backward()
    let g = w2.grad!.values
    #expect(abs(g[1] - -6.6375) < 1e-3)
    #expect(abs(g[2] - -3.2144) < 1e-3)
    #expect(abs(b1.grad!.values[1] - 0.9813) < 1e-3)
  }

  @Test func gradcheckSoftmax() throws {
    let x = try NDArray([0.1, 0.5, -0.3, 1.0, 2.0, -1.0], shape: [2, 3], dtype: .float64)
    let results = try GradientCheck.check(inputs: [x]) { try $0[0].softmax(axis: -1) }
    #expect(results[0].passes())
  }
}
