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
  static func network(dtype: String) -> String {
    """
    model Net() {
      W1 = param(randn(3, 4, seed: 1, dtype: "\(dtype)"))
      b1 = param(zeros(4, dtype: "\(dtype)"))
      W2 = param(randn(4, 2, seed: 2, dtype: "\(dtype)"))
      unused = param(randn(2, seed: 3, dtype: "\(dtype)"))
      forward(x) = tanh(x @ W1 + b1) @ W2
    }
    x = randn(5, 3, seed: 4, dtype: "\(dtype)")
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
    let source = [
      Self.network(dtype: dtype), "net = Net()", "opt = \(optimizer)", "train(opt, net, 4)",
      // A learning rate changed between steps, as a schedule does.
      "opt.lr = 0.03", "train(opt, net, 2)",
    ].joined(separator: "\n")
    let (fused, loop) = try Self.runBoth(source)
    let builtin = Self.numbers(in: fused.interpreter.value(of: "opt"))
    let looped = Self.numbers(in: loop.interpreter.value(of: "opt"))
    #expect(builtin.keys.sorted() == looped.keys.sorted())
    for (path, bits) in looped.sorted(by: { $0.key < $1.key }) {
      #expect(builtin[path] == bits, "\(optimizer), \(dtype): `\(path)` differs")
    }
    // The steps did something, and skipped the parameter without a gradient.
    let untouched = RuntimeHarness.run(Self.network(dtype: dtype) + "\nnet = Net()")
    let initial = Self.numbers(in: untouched.interpreter.value(of: "net"))
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
