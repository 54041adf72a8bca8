import GradusAutograd
import GradusRuntime
import GradusTensor
import Testing

/// Every fused builtin gives the values and gradients of its prelude definition (the function
/// of the same name in `prelude.grad`). Each case runs the same program twice: once as written
/// (the fused builtin) and once with `runsPreludeSteps` (the prelude's Gradus), and compares.
@Suite("Fused builtins and their prelude definitions")
struct FusedBuiltinTests {
  /// How close the two must be: the same bits, or |fused − prelude| ≤ tolerance·(1 + |prelude|)
  /// for every element, in units of the dtype's machine epsilon.
  enum Agreement {
    case bits
    case within(epsilons: Double)
    /// Not compared, for the reason the case gives.
    case notCompared
  }

  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    /// The call, with `a` and `b` the parameters whose gradients are compared.
    let call: String
    /// Gradus expressions for a and b, with `DT` for the dtype.
    let a: String
    let b: String?
    let values: Agreement
    let gradients: Agreement
    /// Why the tolerance is what it is, or what is left out of the comparison.
    let why: String
    var testDescription: String { name }
  }

  /// Plain values, then the edges: ±1e4 and ±100 overflow e^x in float32, 0 is the tie.
  static let edges =
    "tensor([-10000.0, -100.0, -20.0, -1.0, -0.5, 0.0, 0.0, 0.5, 1.0, 20.0, 100.0, 10000.0], dtype: DT)"
  static let random = "randn(3, 5, seed: 11, dtype: DT) * 3"
  static let rows =
    "tensor([[0.0, 0.0, 0.0], [10000.0, -10000.0, 0.0], [100.0, 100.0, -100.0], [0.5, -1.5, 2.0]], dtype: DT)"
  static let probabilities =
    "tensor([0.0, 1.0, 1e-30, 0.5, 0.999, 0.25, 0.75, 0.01], dtype: DT)"
  static let inside = "sigmoid(randn(8, seed: 13, dtype: DT))"
  static let labels = "tensor([1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.3, 0.0], dtype: DT)"

  /// One run of a builtin: the case's name, the call, and its inputs a and b.
  typealias Run = (name: String, call: String, a: String, b: String?)

  /// Cases that agree alike, for the same reason: one builtin on several inputs.
  static func alike(
    values: Agreement, gradients: Agreement, why: String, _ runs: [Run]
  ) -> [Case] {
    runs.map {
      Case(
        name: $0.name, call: $0.call, a: $0.a, b: $0.b, values: values, gradients: gradients,
        why: why)
    }
  }

  static let cases: [Case] = [
    alike(
      values: .bits, gradients: .within(epsilons: 4),
      why: "the same operations for the value; the builtin's gradient is y(1 − y), the "
        + "definition's goes back through the division and exp (measured: up to 1.6 ε)",
      [("sigmoid", "sigmoid(a)", edges, nil), ("sigmoid (random)", "sigmoid(a)", random, nil)]),
    alike(
      values: .within(epsilons: 2), gradients: .within(epsilons: 2),
      why: "the builtin takes log1p(e^−|x|); the definition's log(1 + e^−|x|) loses the digits "
        + "of e^−|x| below one epsilon of 1, an absolute error under 1 ε (measured: 0.6 ε)",
      [("softplus", "softplus(a)", edges, nil), ("softplus (random)", "softplus(a)", random, nil)]
    ),
    alike(
      values: .within(epsilons: 2), gradients: .within(epsilons: 2),
      why: "−softplus(−x) in both, with softplus fused in one run and not in the other: "
        + "softplus's tolerance",
      [("log_sigmoid", "log_sigmoid(a)", edges, nil)]),
    alike(
      values: .bits, gradients: .within(epsilons: 2),
      why: "the kernel follows the composition's operations for the value; its gradient is a "
        + "closed form, against the chain's eight steps (measured: up to 0.73 ε)",
      [("gelu", "gelu(a)", random, nil), ("gelu (edges)", "gelu(a)", edges, nil)]),
    alike(
      values: .bits, gradients: .within(epsilons: 4),
      why: "the kernel takes the composition's steps for the value; its gradient rule "
        + "y·(g − Σ g·y) against the chain's (measured: up to 2.5 ε)",
      [
        ("softmax", "softmax(a)", rows, nil),
        ("softmax (axis 0)", "softmax(a, axis: 0)", random, nil),
      ]),
    alike(
      values: .bits, gradients: .bits, why: "the same operations in the same order",
      [
        ("log_softmax", "log_softmax(a)", rows, nil),
        ("log_softmax (axis 0)", "log_softmax(a, axis: 0)", random, nil),
      ]),
    alike(
      values: .within(epsilons: 2), gradients: .within(epsilons: 64),
      why: "the kernel sums in double (value: up to 0.8 ε) and has a closed-form gradient; the "
        + "chain's gradient subtracts terms of size 1/σ that cancel, so where the exact gradient "
        + "is 0 the two differ by rounding of 1/σ (measured: 32 ε in the row [0, 0, 0])",
      [
        ("layer_norm", "layer_norm(a)", random, nil),
        ("layer_norm (rows with ties)", "layer_norm(a, eps: 0.001)", rows, nil),
      ]),
    alike(
      values: .bits, gradients: .within(epsilons: 2),
      why: "the same steps for the value; the gradient x/‖x‖ against the chain's (measured: "
        + "0.2 ε); not at x = 0, where the builtin's gradient is 0 and the definition's NaN",
      [("norm", "norm(a)", random, nil)]),
    alike(
      values: .bits, gradients: .bits,
      why: "the same selections; at the bounds (−1 and 0.5 are in the inputs) both give 0",
      [("clip", "clip(a, -1, 0.5)", edges, nil)]),
    alike(
      values: .bits, gradients: .bits, why: "clip(g, −limit, limit)",
      [("clip_by_value", "clip_by_value(a, 20)", edges, nil)]),
    alike(
      values: .bits, gradients: .bits,
      why: "the same norm and the same scale, a plain number in both",
      [("clip_by_norm", "clip_by_norm(a, 1.0)", random, nil)]),
    alike(
      values: .bits, gradients: .bits,
      why: "the same random numbers (seed 5, or the session's generator), the same mask and "
        + "scale; p = 0.5 is exact in float32 (for another p, an element whose random number "
        + "rounds to p in float32 may compare differently)",
      [
        ("dropout", "dropout(a, 0.5, seed: 5)", random, nil),
        ("dropout (session generator)", "dropout(a, 0.25)", random, nil),
      ]),
    alike(
      values: .bits, gradients: .bits, why: "x itself",
      [("dropout (evaluation)", "dropout(a, 0.5, training: false)", random, nil)]),
    alike(
      values: .bits, gradients: .bits, why: "the same row selection",
      [("embedding", "embedding(a, [2, 0, 2, 1])", random, nil)]),
    alike(
      values: .bits, gradients: .bits, why: "the same operations in the same order",
      [("mse", "mse(a, b)", random, "randn(3, 5, seed: 12, dtype: DT)")]),
    alike(
      values: .bits, gradients: .within(epsilons: 2),
      why: "the builtin works each log in double, then rounds: the same value here; its gradient "
        + "is PyTorch's (p − y)/(p(1 − p)), against the chain's (measured: 0.11 ε)",
      [("bce", "bce(a, b)", inside, labels)]),
    alike(
      values: .bits, gradients: .notCompared,
      why: "values only: at p = 0 or 1 the builtin's gradient is PyTorch's finite one, the "
        + "definition's 0·∞ = NaN",
      [("bce (at 0 and 1)", "bce(a, b)", probabilities, labels)]),
    alike(
      values: .within(epsilons: 2), gradients: .within(epsilons: 2),
      why: "mean(softplus(z) − y·z) in both, with softplus fused in one run only: softplus's "
        + "tolerance",
      [("bce_with_logits", "bce_with_logits(a, b)", edges, edges + " > 0")]),
    alike(
      values: .bits, gradients: .bits,
      why: "log_softmax, gather and mean in the same order (the same reshape for [B, T, C]; "
        + "one row of logits and one class)",
      [
        ("cross_entropy", "cross_entropy(a, b)", rows, "tensor([0, 1, 2, 0])"),
        (
          "cross_entropy ([B, T, C])", "cross_entropy(a, b)",
          "randn(2, 3, 4, seed: 14, dtype: DT) * 5", "tensor([[0, 1, 3], [2, 2, 0]])"
        ),
        (
          "cross_entropy (one row)", "cross_entropy(a, b)",
          "tensor([2.0, -1.0, 0.5], dtype: DT)", "tensor(1)"
        ),
      ]),
  ].flatMap { $0 }

  @Test(arguments: cases, ["float32", "float64"])
  func fusedGivesThePreludeDefinition(_ c: Case, dtype: String) throws {
    let program = Self.program(c, dtype: dtype)
    let fused = RuntimeHarness.run(program)
    let stepped = RuntimeHarness.run(program) { $0.runsPreludeSteps = true }
    try #require(fused.outcome.succeeded, "\(fused.rendered)")
    try #require(stepped.outcome.succeeded, "\(stepped.rendered)")
    Self.compare(fused, stepped, "y", c.values, "\(c.name), \(dtype): value")
    for name in ["grad_a", "grad_b"] {
      Self.compare(fused, stepped, name, c.gradients, "\(c.name), \(dtype): \(name)")
    }
  }

  /// The two runs differ: the prelude run goes through the Gradus definition.
  @Test func thePreludeRunRunsTheDefinition() throws {
    let program = "trace { y = sigmoid(tensor([1.0, -2.0])) }"
    let fused = RuntimeHarness.run(program)
    let stepped = RuntimeHarness.run(program) { $0.runsPreludeSteps = true }
    #expect(fused.output.components(separatedBy: "\n").count == 2)
    #expect(stepped.output.contains("exp"))
    #expect(stepped.output.contains("where"))
  }

  /// `trace_steps { }` shows the prelude's steps, also of a fused builtin called by another's
  /// definition (log_sigmoid → softplus), and only inside the block, even when it fails.
  @Test func traceStepsShowsThePreludesSteps() throws {
    let run = RuntimeHarness.run(
      """
      x = tensor([1.0, -2.0])
      trace_steps { y = log_sigmoid(x) }
      print("--- after")
      trace { z = log_sigmoid(x) }
      print("--- failed")
      trace_steps { w = mse(x, [1.0, 2.0, 3.0]) }
      """)
    #expect(!run.outcome.succeeded)
    let parts = run.output.components(separatedBy: "--- after\n")
    try #require(parts.count == 2)
    #expect(parts[0].contains("] where: mask ? a : b"))
    #expect(parts[0].contains("] log: log(a)"))
    #expect(!parts[0].contains("softplus"))
    let fused = parts[1].components(separatedBy: "--- failed\n")[0]
    #expect(fused.contains("] softplus: log(1 + exp(a))"))
    #expect(!fused.contains("where"))
    #expect(run.interpreter.runsPreludeSteps == false, "still set after the failed block")
  }

  /// Every fused builtin has a case above, and every case names a fused builtin.
  @Test func everyFusedBuiltinIsCompared() throws {
    let run = RuntimeHarness.run("")
    let fused = Set(run.interpreter.fusedBuiltinNames)
    let compared = Set(Self.cases.map { String($0.name.prefix { $0 != " " }) })
    let optimizers: Set = ["sgd_update", "adam_update"]  // OptimizerStepTests
    #expect(fused == compared.union(optimizers))
  }

  /// a and b as parameters (b only if the case has one), the call, and the gradients of a
  /// weighted sum of the result, so that every element's gradient counts differently.
  static func program(_ c: Case, dtype: String) -> String {
    let dt = "\"\(dtype)\""
    var lines = ["a = param(\(c.a.replacingOccurrences(of: "DT", with: dt)))"]
    if let b = c.b {
      lines.append("b = param(\(b.replacingOccurrences(of: "DT", with: dt)))")
    } else {
      lines.append("b = none")
    }
    lines += [
      "y = \(c.call)",
      "w = 1 + 0.25 * arange(y.numel)",
      "backward(sum(reshape(y, -1) * w))",
      "grad_a = grad(a)",
      "grad_b = none",
      "if b != none and b.grad != none {",
      "  grad_b = grad(b)",
      "}",
    ]
    return lines.joined(separator: "\n")
  }

  static func compare(
    _ fused: HarnessRun, _ stepped: HarnessRun, _ name: String, _ agreement: Agreement,
    _ label: String
  ) {
    let x = fused.interpreter.value(of: name)
    let y = stepped.interpreter.value(of: name)
    guard case .tensor(let f) = x, case .tensor(let p) = y else {
      #expect(x?.isNone == true && y?.isNone == true, "\(label): only one is a tensor")
      return
    }
    #expect(f.shape == p.shape && f.dtype == p.dtype, "\(label): shape or dtype")
    let epsilon = f.dtype == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne
    for (i, (u, v)) in zip(f.data.values, p.data.values).enumerated() {
      switch agreement {
      case .bits:
        let same = f.dtype == .float32 ? Float(u).bitPattern == Float(v).bitPattern : u == v
        #expect(same || (u.isNaN && v.isNaN), "\(label)[\(i)]: fused \(u), prelude \(v)")
      case .notCompared:
        return
      case .within(let epsilons):
        let close = abs(u - v) <= epsilons * epsilon * (1 + abs(v)) || (u == v)
        #expect(close, "\(label)[\(i)]: fused \(u), prelude \(v), \(abs(u - v) / epsilon) ε")
      }
    }
  }
}
