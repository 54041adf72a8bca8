import GradusAutograd
import GradusTensor
import Testing

/// Records what the engine reports.
private final class Recorder: AutogradListener {
  var forwards: [(op: String, inputs: Int, output: Tensor)] = []
  var steps: [BackwardStep] = []
  func forward(op: Op, inputs: [Tensor], output: Tensor) {
    forwards.append((op.name, inputs.count, output))
  }
  func backward(_ step: BackwardStep) { steps.append(step) }
}

@Suite struct ListenerTests {
  @Test func hearsForwardOperationsInOrder() throws {
    let recorder = Recorder()
    let x = try parameter([0.5, -1], [2])
    let w = try parameter([2, 3], [2])
    let loss = try Autograd.withListener(recorder) { () throws(TensorError) -> Tensor in
      try (x * w).tanh().sum()
    }
    #expect(recorder.forwards.map(\.op) == ["mul", "tanh", "sum"])
    #expect(recorder.forwards.map(\.inputs) == [2, 1, 1])
    #expect(recorder.forwards.last?.output === loss)
    #expect(Autograd.listener == nil, "the listener is removed afterwards")
    // Operations without a graph are still reported (the language traces constants too).
    let quiet = Recorder()
    try Autograd.withListener(quiet) { () throws(TensorError) in
      _ = try Autograd.withNoGrad { () throws(TensorError) in try x.exp() }
    }
    #expect(quiet.forwards.map(\.op) == ["exp"])
  }

  @Test func hearsEachBackwardStepWithLocalDerivatives() throws {
    let recorder = Recorder()
    let x = try parameter([0.5, -1], [2])
    let w = try parameter([2, 3], [2])
    let product = try x * w
    let activated = try product.tanh()
    let loss = try activated.sum()
    try Autograd.withListener(recorder) { () throws(BackwardError) in try loss.backward() }
    #expect(recorder.forwards.isEmpty, "backward records no forward operations")
    let steps = recorder.steps
    #expect(steps.map(\.op.name) == ["sum", "tanh", "mul", "mul"])
    #expect(steps.map(\.inputIndex) == [0, 0, 0, 1])

    let tanhStep = steps[1]
    #expect(tanhStep.output === activated && tanhStep.input === product)
    #expect(tanhStep.formula == "1 - tanh(a)^2")
    let t = activated.data.values
    expectClose(tanhStep.local?.values ?? [], t.map { 1 - $0 * $0 }, tolerance: 1e-15)
    #expect(tanhStep.upstream.values == [1, 1])

    let (dx, dw) = (steps[2], steps[3])
    #expect(dx.input === x && dw.input === w)
    #expect(dx.formula == "b" && dw.formula == "a")
    #expect(dx.local?.values == [2, 3], "d(x·w)/dx = w")
    #expect(dw.local?.values == [0.5, -1], "d(x·w)/dw = x")
    // The chain rule: gradient = local × upstream, and the parameters end with it.
    expectClose(dx.gradient.values, zip([2.0, 3], tanhStep.gradient.values).map(*), tolerance: 0)
    #expect(x.grad?.values == dx.gradient.values)
    #expect(w.grad?.values == dw.gradient.values)
    #expect(steps[0].local == nil, "reductions describe their rule in words")
    #expect(steps[0].formula == "1 (spread over the reduced axes)")
  }

  @Test func opNamesAndFormulas() {
    #expect(Op.select(mask: NDArray(scalar: 1)).name == "where")
    #expect(Op.reduce(.mean, axes: [1], keep: false).formula == "mean(a, axes: [1])")
    #expect(Op.pow.localDerivativeFormula(input: 1) == "a^b * log(a)")
    #expect(Op.matmul.localDerivativeFormula(input: 0) == "upstream @ b^T")
  }
}
