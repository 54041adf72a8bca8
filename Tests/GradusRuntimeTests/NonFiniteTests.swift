import GradusLanguage
import GradusRuntime
import Testing

/// Numbers that go wrong (QUALITY.md §6): `detect_anomaly` names the first operation that made
/// a NaN or infinity, forward or backward, with its line and its inputs' ranges; a loss that
/// is already non-finite when `backward` is called says so, with the usual causes.
@Suite("Non-finite numbers")
struct NonFiniteTests {
  struct Anomaly: CustomTestStringConvertible, Sendable {
    let label: String
    let source: String
    let message: String
    /// `file:line:column` of the caret.
    let location: String
    let spanText: String
    let notes: [String]
    var testDescription: String { label }
  }

  static let help =
    "common causes: log of 0 or a negative number, division by 0, a learning rate too high, exploding gradients"

  static let anomalies: [Anomaly] = [
    Anomaly(
      label: "forward log(0)",
      source: "x = param([1.0, 0.0])\ndetect_anomaly {\n  y = 2 * x\n  z = log(0 * x)\n}",
      message: "`log` produced NaN or infinity (forward)", location: "test.grad:4:7",
      spanText: "log(0 * x)", notes: ["input 1: shape [2], range [0.0000, 0.0000]"]),
    Anomaly(
      label: "forward division by zero",
      source: "x = param([1.0, 0.0])\n\ndetect_anomaly {\n  z = x / 0\n}",
      message: "`/` produced NaN or infinity (forward)", location: "test.grad:4:9", spanText: "/",
      notes: [
        "input 1: shape [2], range [0.0000, 1.0000]", "input 2: shape [], range [0.0000, 0.0000]",
      ]),
    Anomaly(
      label: "forward inside a function: the line in the function",
      source:
        "x = param([4.0, -1.0])\nfn f(v) {\n  return sqrt(v)\n}\ndetect_anomaly {\n  z = f(x)\n}",
      message: "`sqrt` produced NaN or infinity (forward)", location: "test.grad:3:10",
      spanText: "sqrt(v)", notes: ["input 1: shape [2], range [-1.0000, 4.0000]"]),
    Anomaly(
      label: "backward sqrt at 0",
      source:
        "x = param([1.0, 0.0])\ndetect_anomaly {\n  z = sqrt(x)\n  backward(sum(z))\n  x -= 0.1 * grad(x)\n}",
      message: "`sqrt` produced NaN or infinity (backward)", location: "test.grad:4:3",
      spanText: "backward(sum(z))",
      notes: [
        "input 1: shape [2], range [0.0000, 1.0000]", "input 2: shape [2], range [1.0000, 1.0000]",
      ]),
    Anomaly(
      label: "backward in a training loop, third line of the loop",
      source:
        "w = param([0.5, 0.0])\nlr = 0.1\ndetect_anomaly {\n  for i in 0..<3 {\n    loss = sum(w ^ 0.5)\n"
        + "    backward(loss)\n    w -= lr * grad(w)\n  }\n}",
      message: "`pow` produced NaN or infinity (backward)", location: "test.grad:6:5",
      spanText: "backward(loss)",
      notes: [
        "input 1: shape [2], range [0.0000, 0.5000]", "input 2: shape [2], range [1.0000, 1.0000]",
      ]),
  ]

  @Test(arguments: anomalies)
  func detectAnomalyNamesTheOperationAndLine(_ anomaly: Anomaly) throws {
    let (diagnostic, run) = RuntimeHarness.diagnostic(anomaly.source)
    let found = try #require(diagnostic)
    #expect(found.id == .nonFinite)
    #expect(found.message == anomaly.message)
    #expect(run.text(of: found.span) == anomaly.spanText)
    #expect(run.rendered.contains(" --> \(anomaly.location)\n"), "\(run.rendered)")
    #expect(found.notes == anomaly.notes)
    #expect(found.help == Self.help)
  }

  /// Nothing after the anomaly ran: the parameter was not updated with a NaN gradient.
  @Test func theStepAfterABackwardAnomalyDoesNotRun() {
    let run = RuntimeHarness.run(Self.anomalies[4].source)
    #expect(run.shown("w") == "tensor([0.5000, 0.0000], shape: [2], param)")
    // It stopped in the first iteration.
    #expect(run.shown("i") == "0")
  }

  /// A training loop whose loss becomes infinite stops at `backward` with the usual causes.
  @Test func aDivergingTrainingLoopNamesTheLoss() throws {
    let source = """
      w = param([1.0, 2.0])
      x = [1.0, 2.0]
      for step in 0..<200 {
        loss = mean((x * w - 3) ^ 2)
        backward(loss)
        w -= 10 * grad(w)
      }
      """
    let (diagnostic, run) = RuntimeHarness.diagnostic(source)
    let found = try #require(diagnostic)
    #expect(found.id == .nonFinite)
    #expect(found.message == "the loss `loss` is inf" || found.message == "the loss `loss` is nan")
    #expect(run.text(of: found.span) == "loss")
    #expect(run.rendered.contains(" --> test.grad:5:12\n"))
    #expect(
      found.help
        == "usual causes: a learning rate too high (try 10× smaller), log of 0 (add a small epsilon), exploding gradients (clip them with clip_grad_norm); wrap the step in `detect_anomaly { }` to find the first bad operation"
    )
    // Gradients were accumulating (no zero_grad): their size is shown as a clue.
    #expect(found.notes.count == 1)
    #expect(
      found.notes.first?.hasPrefix("gradient norm of the 1 parameters from the previous step: ")
        == true)
  }

  @Test(arguments: [
    ("w = param(1.0)\nbackward(log(w - 2))", "the loss `log(w - 2)` is nan"),
    ("w = param(1.0)\nloss = log(w - 1)\nbackward(loss)", "the loss `loss` is -inf"),
    ("w = param([1.0])\nbackward(sum(w / 0))", "the loss `sum(w / 0)` is inf"),
  ])
  func aNonFiniteLossIsNamed(source: String, message: String) {
    let (diagnostic, run) = RuntimeHarness.diagnostic(source)
    #expect(diagnostic?.id == .nonFinite)
    #expect(diagnostic?.message == message)
    #expect(diagnostic?.help?.hasPrefix("usual causes: a learning rate too high") == true)
    #expect(run.shown("w").map { $0.contains("param") } == true)
  }
}
