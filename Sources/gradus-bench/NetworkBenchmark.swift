import GradusAutograd
import GradusTensor

/// The seed's network, Linear(10, 20) → ReLU → Linear(20, 1) with MSE and plain SGD on a batch
/// of 64: time per full training step (zero grads, forward, loss, backward, update).
struct NetworkBenchmark {
  var sampler: Sampler
  /// Steps per timed repeat; fixed (not calibrated) so that the final loss is reproducible.
  var stepsPerRepeat: Int
  var warmUpSteps: Int

  struct Result {
    var microsecondsPerStep: Double
    var steps: Int
    var initialLoss: Double
    var finalLoss: Double
  }

  final class Network {
    let x: Tensor
    let y: Tensor
    let parameters: [Tensor]
    let learningRate = 0.01

    init(seed: UInt64) throws {
      var rng = RandomGenerator(seed: seed)
      let inputs = try NDArray.randn([64, 10], using: &rng)
      x = Tensor(inputs)
      y = Tensor(
        try inputs.sliced([.all, .range(start: 0, stop: 3, step: 1)])
          .reduce(.sum, axes: [1], keep: true))
      // PyTorch's nn.Linear initialisation: weights and biases uniform in ±1/√fan_in.
      func parameter(_ shape: Shape, fanIn: Int) throws -> Tensor {
        Tensor(try NDArray.kaimingUniform(shape, fanIn: fanIn, using: &rng), requiresGrad: true)
      }
      parameters = [
        try parameter([10, 20], fanIn: 10), try parameter([20], fanIn: 10),
        try parameter([20, 1], fanIn: 20), try parameter([1], fanIn: 20),
      ]
    }

    /// One training step; returns the loss before the update.
    func step() throws -> Double {
      for parameter in parameters { parameter.zeroGrad() }
      let (w1, b1, w2, b2) = (parameters[0], parameters[1], parameters[2], parameters[3])
      let hidden = try (x.matmul(w1) + b1).relu()
      let loss = try (hidden.matmul(w2) + b2).mse(y)
      try loss.backward()
      for parameter in parameters {
        try parameter.update(adding: parameter.grad!, scale: -learningRate)
      }
      return loss.data.scalarValue
    }
  }

  func run() throws -> Result {
    let network = try Network(seed: 42)
    let initialLoss = try network.step()
    for _ in 1..<warmUpSteps { _ = try network.step() }
    var loss = initialLoss
    let nanoseconds = try sampler.nanosecondsPerCall(calls: stepsPerRepeat) {
      loss = try network.step()
    }
    return Result(
      microsecondsPerStep: nanoseconds / 1000,
      steps: warmUpSteps + sampler.repeats * stepsPerRepeat,
      initialLoss: initialLoss, finalLoss: loss)
  }

  static func figures(_ result: Result) -> [Figure] {
    [
      Figure(
        section: "network", name: "training step", value: result.microsecondsPerStep,
        unit: "µs/step",
        details: [
          ("steps", .number(Double(result.steps))), ("initialLoss", .number(result.initialLoss)),
          ("finalLoss", .number(result.finalLoss)),
        ])
    ]
  }

  static func print(_ result: Result) {
    Swift.print(
      "Seed network: Linear(10,20) → ReLU → Linear(20,1), MSE, SGD lr 0.01, batch 64, float32")
    Swift.print("  training step           \(pad(format(result.microsecondsPerStep), 8)) µs/step")
    Swift.print(
      "  loss: \(result.initialLoss) at step 1, \(result.finalLoss) at step \(result.steps)")
  }
}
