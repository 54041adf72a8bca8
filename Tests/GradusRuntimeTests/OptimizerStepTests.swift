import GradusAutograd
import GradusRuntime
import GradusTensor
import Testing

/// The prelude's `SGD.step()` and `Adam.step()` call `sgd_update` and `adam_update`, fused
/// builtins whose definitions are the loops written in the prelude. Each program is run twice,
/// once with the fused builtins and once with the prelude's loops (`runsPreludeSteps`): every
/// parameter and every state tensor must have the same bits.
@Suite("Optimizer steps")
struct OptimizerStepTests {
  /// A small network of one dtype, the same for every seed-built copy. `unused` is not in the
  /// loss: it never gets a gradient, so both steps must skip it.
  static func network(dtype: String, inputs: Int = 3, hidden: Int = 4) -> String {
    """
    model Net() {
      W1 = param(randn(\(inputs), \(hidden), seed: 1, dtype: "\(dtype)"))
      b1 = param(zeros(\(hidden), dtype: "\(dtype)"))
      W2 = param(randn(\(hidden), 2, seed: 2, dtype: "\(dtype)"))
      unused = param(randn(2, seed: 3, dtype: "\(dtype)"))
      forward(x) = tanh(x @ W1 + b1) @ W2
    }
    x = randn(5, \(inputs), seed: 4, dtype: "\(dtype)")
    y = randn(5, 2, seed: 5, dtype: "\(dtype)")
    fn train(opt, net, steps) {
      for s in 0..<steps {
        opt.zero_grad()
        loss = mean((net(x) - y) ^ 2)
        backward(loss)
        opt.step()
      }
    }
    """
  }

  static let optimizers = [
    "SGD(net, lr: 0.1)",
    "SGD(net, lr: 0.1, momentum: 0.9)",
    "SGD(net, lr: 0.1, weight_decay: 0.05)",
    "SGD(net, lr: 0.1, momentum: 0.9, weight_decay: 0.05)",
    "Adam(net, lr: 0.01)",
    "Adam(net, lr: 0.01, weight_decay: 0.05)",
    "AdamW(net, lr: 0.01)",
    "Adam(net, lr: 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6, weight_decay: 0.1, decoupled: true)",
  ]

  /// The same program run with the fused builtins and with the prelude's loops.
  static func runBoth(_ program: String) throws -> (fused: HarnessRun, loop: HarnessRun) {
    let fused = RuntimeHarness.run(program)
    let loop = RuntimeHarness.run(program) { $0.runsPreludeSteps = true }
    try #require(fused.outcome.succeeded, "\(fused.rendered)")
    try #require(loop.outcome.succeeded, "\(loop.rendered)")
    return (fused, loop)
  }

  @Test(arguments: optimizers, ["float32", "float64"])
  func builtinStepGivesTheLoopsBits(optimizer: String, dtype: String) throws {
    try Self.compareSteps(optimizer: optimizer, network: Self.network(dtype: dtype), dtype)
  }

  /// Adam's step runs as one kernel (`gradus_adam_f32`/`_f64`) over vectors of 4 to 16 lanes and
  /// then the elements left over: parameters of 37×19 = 703 and 19 elements reach both.
  @Test(arguments: optimizers.filter { $0.contains("Adam") }, ["float32", "float64"])
  func fusedAdamGivesTheLoopsBitsOnWideParameters(optimizer: String, dtype: String) throws {
    let network = Self.network(dtype: dtype, inputs: 37, hidden: 19)
    try Self.compareSteps(optimizer: optimizer, network: network, dtype)
  }

  /// Six steps of `optimizer` on `network`, fused and by the prelude's loop: the same bits.
  static func compareSteps(optimizer: String, network: String, _ dtype: String) throws {
    let source = [
      network, "net = Net()", "opt = \(optimizer)", "train(opt, net, 4)",
      // A learning rate changed between steps, as a schedule does.
      "opt.lr = 0.03", "train(opt, net, 2)",
    ].joined(separator: "\n")
    let (fused, loop) = try runBoth(source)
    let builtin = numbers(in: fused.interpreter.value(of: "opt"))
    let looped = numbers(in: loop.interpreter.value(of: "opt"))
    #expect(builtin.keys.sorted() == looped.keys.sorted())
    for (path, bits) in looped.sorted(by: { $0.key < $1.key }) {
      #expect(builtin[path] == bits, "\(optimizer), \(dtype): `\(path)` differs")
    }
    // The steps did something, and skipped the parameter without a gradient.
    let untouched = RuntimeHarness.run(network + "\nnet = Net()")
    let initial = numbers(in: untouched.interpreter.value(of: "net"))
    #expect(initial["unused"] != nil && builtin["net.unused"] == initial["unused"])
    #expect(builtin["net.W1"] != initial["W1"])
  }

  /// `trace { opt.step() }` shows the operations the prelude's loop shows: the same formulas,
  /// operands and labels, in the same order.
  @Test(arguments: [
    "SGD(net, lr: 0.1, momentum: 0.9, weight_decay: 0.05)",
    "Adam(net, lr: 0.01, weight_decay: 0.05)", "AdamW(net, lr: 0.01)",
  ])
  func traceShowsTheLoopsOperations(optimizer: String) throws {
    let source = [
      Self.network(dtype: "float32"), "net = Net()", "opt = \(optimizer)", "train(opt, net, 2)",
      "backward(mean((net(x) - y) ^ 2))", "trace { opt.step() }",
    ].joined(separator: "\n")
    let (fused, loop) = try Self.runBoth(source)
    #expect(!fused.output.isEmpty)
    #expect(fused.output == loop.output)
  }

  /// A tensor's dtype, shape and the bits of its elements; nil for other values.
  static func bits(_ value: Value) -> String? {
    guard case .tensor(let t) = value else { return nil }
    let bits =
      t.dtype == .float32
      ? t.data.values.map { String(Float($0).bitPattern, radix: 16) }
      : t.data.values.map { String($0.bitPattern, radix: 16) }
    return "\(t.dtype) \(t.shape) " + bits.joined(separator: " ")
  }

  /// Every tensor (as `bits`) and number an optimizer holds, by field path.
  static func numbers(in value: Value?) -> [String: String] {
    var out = [String: String]()
    func walk(_ value: Value, _ path: String) {
      switch value {
      case .tensor: out[path] = bits(value)
      case .int(let n): out[path] = "\(n)"
      case .float(let x): out[path] = String(x.bitPattern, radix: 16)
      case .object(let o):
        for (name, field) in o.fields { walk(field, path.isEmpty ? name : path + "." + name) }
      case .list(let list):
        for (i, item) in list.items.enumerated() { walk(item, "\(path)[\(i)]") }
      default:
        break
      }
    }
    if let value { walk(value, "") }
    return out
  }
}
