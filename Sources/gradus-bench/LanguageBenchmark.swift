import GradusLanguage
import GradusPictures
import GradusRuntime

/// The seed's network written in Gradus (the design example `07-model.grad`) trained for full
/// epochs and timed inside the language with `clock()`: the cost of the language on top of the
/// engine, compared with the same loop written against the engine API (`NetworkBenchmark`).
struct LanguageBenchmark {
  var epochs: Int
  var repeats: Int
  /// Time the loop with the evaluator thread's CPU clock (`clock(cpu: true)`), for `--cpu-time`.
  var cpuTime = false

  struct Result {
    var microsecondsPerEpoch: Double
    var finalLoss: Double
  }

  static func program(epochs: Int, cpuTime: Bool = false) -> String {
    let clock = cpuTime ? "clock(cpu: true)" : "clock()"
    return """
      model Net(n_in, n_hidden, n_out) {
        fc1 = Linear(n_in, n_hidden)
        fc2 = Linear(n_hidden, n_out)
        forward(x) = fc2(relu(fc1(x)))
      }
      net = Net(10, 20, 1)
      x = randn(64, 10, seed: 0)
      y = sum(x[:, 0:3], axis: 1, keep: true)
      opt = SGD(net, lr: 0.01)
      loss = mean((net(x) - y) ^ 2)
      t0 = \(clock)
      for epoch in 1...\(epochs) {
        opt.zero_grad()
        loss = mean((net(x) - y) ^ 2)
        backward(loss)
        opt.step()
      }
      us_per_epoch = (\(clock) - t0) / \(epochs) * 1e6
      final_loss = float(loss)
      """
  }

  final class Discard: OutputSink {
    func write(_ text: String) {}
    func show(_ value: Value, formatted: String) {}
    func picture(_ picture: Picture) {}
  }

  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// Runs the program `repeats` times (the first as warm-up) and keeps the median.
  func run() throws -> Result {
    var samples = [Double]()
    var loss = 0.0
    for _ in 0...repeats {
      let interpreter = try Interpreter(output: Discard())
      let source = SourceFile(
        name: "<benchmark>", text: Self.program(epochs: epochs, cpuTime: cpuTime))
      let outcome = Pipeline.run(source, in: interpreter)
      guard outcome.succeeded else { throw Failure(description: outcome.rendered(style: .plain)) }
      guard case .float(let us)? = interpreter.value(of: "us_per_epoch"),
        case .float(let final)? = interpreter.value(of: "final_loss")
      else { throw Failure(description: "the benchmark program did not set its results") }
      samples.append(us)
      loss = final
    }
    let timed = samples.dropFirst().sorted()
    return Result(microsecondsPerEpoch: timed[timed.count / 2], finalLoss: loss)
  }

  static func print(_ result: Result, engineStep: Double?) {
    Swift.print("Seed network in the language (07-model.grad loop, full batch 64)")
    Swift.print("  epoch in Gradus         \(pad(format(result.microsecondsPerEpoch), 8)) µs/epoch")
    if let engineStep {
      Swift.print(
        "  same loop in Swift      \(pad(format(engineStep), 8)) µs/step   (language costs \(format(result.microsecondsPerEpoch / engineStep))×)"
      )
    }
    Swift.print("  final loss \(result.finalLoss)")
  }

  static func figures(_ result: Result) -> [Figure] {
    [
      Figure(
        section: "language", name: "seed-network epoch", value: result.microsecondsPerEpoch,
        unit: "µs/epoch", details: [("finalLoss", .number(result.finalLoss))])
    ]
  }
}
