import GradusAutograd
import GradusRuntime
import GradusTensor
import Testing

/// The prelude's `SGD.step()` and `Adam.step()` call `sgd_update` and `adam_update`, which replaced
/// loops written in Gradus. Those loops are kept here, verbatim but renamed, and both are
/// trained side by side: every parameter and every state tensor must have the same bits.
@Suite("Optimizer steps")
struct OptimizerStepTests {
  /// The prelude's optimizers as they were before `sgd_update` and `adam_update`.
  static let loopOptimizers = """
    model LoopSGD(net, lr = 0.01, momentum = 0.0, weight_decay = 0.0) {
      ps = params(net)
      velocity = []
      for p in ps {
        append(velocity, zeros_like(p))
      }
      zero_grad() {
        zero_grad(ps)
      }
      step() {
        no_grad {
          for i in 0..<len(ps) {
            p = ps[i]
            if p.grad == none {
              continue
            }
            g = grad(p)
            if weight_decay != 0 {
              g = g + weight_decay * p
            }
            if momentum != 0 {
              velocity[i] = momentum * velocity[i] + g
              g = velocity[i]
            }
            p -= lr * g
          }
        }
      }
    }

    model LoopAdam(net, lr = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0.0, decoupled = false) {
      ps = params(net)
      m = []
      v = []
      t = 0
      for p in ps {
        append(m, zeros_like(p))
        append(v, zeros_like(p))
      }
      zero_grad() {
        zero_grad(ps)
      }
      step() {
        t = t + 1
        no_grad {
          for i in 0..<len(ps) {
            p = ps[i]
            if p.grad == none {
              continue
            }
            g = grad(p)
            if weight_decay != 0 and not decoupled {
              g = g + weight_decay * p
            }
            m[i] = beta1 * m[i] + (1 - beta1) * g
            v[i] = beta2 * v[i] + (1 - beta2) * g ^ 2
            m_hat = m[i] / (1 - beta1 ^ t)
            v_hat = v[i] / (1 - beta2 ^ t)
            if decoupled and weight_decay != 0 {
              p -= lr * weight_decay * p
            }
            p -= lr * m_hat / (sqrt(v_hat) + eps)
          }
        }
      }
    }

    fn LoopAdamW(net, lr = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0.01) = LoopAdam(net, lr: lr, beta1: beta1, beta2: beta2, eps: eps, weight_decay: weight_decay, decoupled: true)
    """

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

  @Test(arguments: optimizers, ["float32", "float64"])
  func builtinStepGivesTheLoopsBits(optimizer: String, dtype: String) throws {
    let make = { (name: String) in optimizer.replacingOccurrences(of: "(net", with: "(\(name)") }
    let source = [
      Self.loopOptimizers, Self.network(dtype: dtype),
      "net_builtin = Net()", "net_loop = Net()",
      "opt_builtin = \(make("net_builtin"))", "opt_loop = Loop\(make("net_loop"))",
      "train(opt_builtin, net_builtin, 4)", "train(opt_loop, net_loop, 4)",
      // A learning rate changed between steps, as a schedule does.
      "opt_builtin.lr = 0.03", "opt_loop.lr = 0.03",
      "train(opt_builtin, net_builtin, 2)", "train(opt_loop, net_loop, 2)",
    ].joined(separator: "\n")
    let run = RuntimeHarness.run(source)
    try #require(run.outcome.succeeded, "\(run.rendered)")
    let builtin = Self.numbers(in: run.interpreter.value(of: "opt_builtin"))
    let loop = Self.numbers(in: run.interpreter.value(of: "opt_loop"))
    #expect(builtin.keys.sorted() == loop.keys.sorted())
    for (path, bits) in loop.sorted(by: { $0.key < $1.key }) {
      #expect(builtin[path] == bits, "\(optimizer), \(dtype): `\(path)` differs")
    }
    // The steps did something, and skipped the parameter without a gradient.
    let untouched = RuntimeHarness.run(Self.network(dtype: dtype) + "\nnet = Net()")
    let initial = Self.numbers(in: untouched.interpreter.value(of: "net"))
    #expect(initial["unused"] != nil && builtin["net.unused"] == initial["unused"])
    #expect(builtin["net.W1"] != initial["W1"])
  }

  /// `trace { opt.step() }` shows the operations the loop showed: the same formulas, operands
  /// and labels, in the same order.
  @Test(arguments: [
    "SGD(net, lr: 0.1, momentum: 0.9, weight_decay: 0.05)",
    "Adam(net, lr: 0.01, weight_decay: 0.05)", "AdamW(net, lr: 0.01)",
  ])
  func traceShowsTheLoopsOperations(optimizer: String) throws {
    let make = { (name: String) in optimizer.replacingOccurrences(of: "(net", with: "(\(name)") }
    let traced = ["builtin", "loop"].map { kind in
      """
      net_\(kind) = Net()
      opt_\(kind) = \(kind == "loop" ? "Loop" : "")\(make("net_\(kind)"))
      train(opt_\(kind), net_\(kind), 2)
      backward(mean((net_\(kind)(x) - y) ^ 2))
      print("--- trace")
      trace { opt_\(kind).step() }
      """
    }
    let run = RuntimeHarness.run(
      ([Self.loopOptimizers, Self.network(dtype: "float32")] + traced).joined(separator: "\n"))
    try #require(run.outcome.succeeded, "\(run.rendered)")
    let traces = run.output.components(separatedBy: "--- trace\n").dropFirst()
    try #require(traces.count == 2 && traces.first?.isEmpty == false)
    #expect(traces.first == traces.last)
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
