import GradusLanguage
import GradusRuntime
import Testing

/// `sgd_update` and `adam_update` given what they cannot use: Gradus errors under the argument, and
/// no parameter changed by a step that failed.
@Suite("Optimizer steps: errors")
struct OptimizerStepErrorTests {
  /// A network with gradients, ready for a step.
  static let net = """
    net = Linear(2, 1)
    loss = mean(net(ones(4, 2)) ^ 2)
    backward(loss)

    """

  static let cases: [ErrorCase] = [
    ErrorCase(
      "sgd_update(5, [], 0.1)", "type-mismatch", "`ps` must be a list of parameters, got an int",
      at: "5", help: "pass the tensors to update, e.g. `params(net)`"),
    ErrorCase(
      net + "sgd_update([net.W, \"b\"], [], 0.1)", "type-mismatch",
      "`ps[1]` is a string, not a tensor", at: "[net.W, \"b\"]"),
    ErrorCase(
      net + "sgd_update(params(net), [\"a\", \"b\"], 0.1, momentum: 0.9)", "type-mismatch",
      "`velocity[0]` is a string, not a tensor", at: "[\"a\", \"b\"]"),
    ErrorCase(
      net + "sgd_update(params(net), [], \"fast\")", "type-mismatch",
      "`lr` must be a number, got \"fast\"", at: "\"fast\""),
    ErrorCase(
      net + "adam_update(params(net), [], [], 1, 0.1)", "invalid-value",
      "`m` has 0 items but `ps` has 2 parameters", at: "[]",
      help: "`m` holds one tensor for each parameter, e.g. `zeros_like(p)` for each p"),
    ErrorCase(
      net + "adam_update(params(net), 0, [], 1, 0.1)", "type-mismatch",
      "`m` must be a list of tensors, got an int", at: "0"),
    ErrorCase(
      "adam_update([], [], [])", "wrong-arguments", "`adam_update` takes 4 to 10 arguments, got 3",
      at: "adam_update([], [], [])"),
  ]

  @Test(arguments: cases)
  func reportsWhereAndWhy(_ error: ErrorCase) { error.check() }

  /// A non-tensor in `opt.ps` is reported at `opt.step()` before any parameter changes (the
  /// Gradus loop wrote the number into the parameter before it).
  @Test(arguments: ["SGD(net, lr: 0.1)", "Adam(net, lr: 0.1)"])
  func aNonTensorInPsStopsTheStepBeforeAnyUpdate(optimizer: String) {
    let (diagnostic, run) = RuntimeHarness.diagnostic(
      Self.net
        + "opt = \(optimizer)\nappend(opt.ps, 3)\nW_before = net.W * 1\nb_before = net.b * 1\nopt.step()"
    )
    #expect(diagnostic?.message == "`ps[2]` is an int, not a tensor")
    #expect(diagnostic.map { run.text(of: $0.span) } == "opt.step()")
    for name in ["W", "b"] {
      let before = run.interpreter.value(of: "\(name)_before").flatMap(OptimizerStepTests.bits)
      let after = Self.parameter(name, of: run).flatMap(OptimizerStepTests.bits)
      #expect(before != nil && before == after, "net.\(name) changed")
    }
  }

  /// The step bumps each parameter's version as `p -= …` did: a graph computed before it is
  /// stale.
  @Test(arguments: ["SGD(net, lr: 0.1)", "Adam(net, lr: 0.1)", "AdamW(net, lr: 0.1)"])
  func aStepMakesEarlierGraphsStale(optimizer: String) {
    let (diagnostic, _) = RuntimeHarness.diagnostic(
      Self.net + "opt = \(optimizer)\nopt.step()\nbackward(loss)")
    #expect(diagnostic?.id == "stale-graph")
  }

  /// Inside `detect_anomaly`, a step whose arithmetic makes a NaN (Adam with eps 0 and a zero
  /// gradient: 0 / 0) stops with the anomaly before the NaN reaches the parameter.
  @Test func detectAnomalyStopsAStepBeforeANaNReachesAParameter() {
    let run = RuntimeHarness.run(
      """
      w = param([1.0, 2.0])
      opt = Adam([w], lr: 0.1, eps: 0)
      backward(sum(0 * w))
      detect_anomaly {
        opt.step()
      }
      """)
    #expect(run.diagnostic?.id == "non-finite")
    #expect(run.shown("w") == "tensor([1.0000, 2.0000], shape: [2], param)")
  }

  private static func parameter(_ name: String, of run: HarnessRun) -> Value? {
    guard case .object(let net)? = run.interpreter.value(of: "net") else { return nil }
    return net.fields.first { $0.0 == name }?.1
  }
}
