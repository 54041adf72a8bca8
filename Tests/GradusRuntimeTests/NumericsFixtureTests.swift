import Foundation
import GradusRuntime
import Testing

/// `Fixtures/numerics_language.json`, written by `scripts/make_numerics_fixtures.py` from
/// PyTorch: a logistic regression's loss curve and torch.round's halves.
private struct LanguageNumerics: Decodable {
  typealias Values = FixtureArray

  struct LogisticRegression: Decodable {
    struct Point: Decodable {
      let epoch: Int
      let loss: Double
    }
    let x: Values
    let y: Values
    let lr: Double
    let epochs: Int
    let losses: [Point]
  }

  struct Rounding: Decodable {
    let input: Values
    let digits_0: Values
    let digits_2: Values
  }

  let logistic_regression: LogisticRegression
  let round: Rounding

  static func load() throws -> LanguageNumerics {
    let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let data = try Data(contentsOf: folder.appendingPathComponent("numerics_language.json"))
    return try JSONDecoder().decode(LanguageNumerics.self, from: data)
  }
}

@Suite struct NumericsLanguageTests {
  /// The issue's program: `bce(sigmoid(x @ w), y)` at lr 1 for 1,000 epochs, PyTorch's loss at
  /// every 50th epoch.
  @Test func logisticRegressionFollowsPyTorchsLossCurve() throws {
    let fixture = try LanguageNumerics.load().logistic_regression
    let run = RuntimeHarness.run(
      """
      x = tensor(\(fixture.x.literal))
      y = tensor(\(fixture.y.literal))
      w = param(zeros(2))
      losses = []
      for epoch in 0..<\(fixture.epochs) {
        loss = bce(sigmoid(x @ w), y)
        append(losses, float(loss))
        zero_grad([w])
        backward(loss)
        w -= \(fixture.lr) * grad(w)
      }
      """)
    #expect(run.outcome.succeeded, "\(run.rendered)")
    guard case .list(let losses)? = run.interpreter.value(of: "losses") else {
      Issue.record("no list of losses")
      return
    }
    #expect(losses.items.count == fixture.epochs)
    for point in fixture.losses {
      guard case .float(let loss) = losses.items[point.epoch] else {
        Issue.record("loss \(point.epoch) is not a number")
        return
      }
      #expect(
        Swift.abs(loss - point.loss) <= 1e-4 * point.loss,
        "epoch \(point.epoch): Gradus \(loss), PyTorch \(point.loss)")
    }
  }

  /// round sends halves to the even neighbour, as torch.round (and NumPy and Python) do.
  @Test func roundSendsHalvesToEven() throws {
    let fixture = try LanguageNumerics.load().round
    for (k, x) in fixture.input.data.enumerated() {
      let output = RuntimeHarness.output(
        "print(round(\(x)) == \(fixture.digits_0.data[k]))\n"
          + "print(round(\(x), digits: 2) == \(fixture.digits_2.data[k]))")
      #expect(output == "true\ntrue", "round(\(x)) and round(\(x), digits: 2)")
    }
  }

  /// Every loss, builtin or from the prelude, rejects a prediction and target whose shapes
  /// differ but broadcast, naming both shapes and the fix; one check serves them all.
  @Test(arguments: ["mse", "bce", "bce_with_logits", "mse_half", "hinge"])
  func lossesRejectShapesThatOnlyBroadcast(loss: String) throws {
    let (diagnostic, run) = RuntimeHarness.diagnostic(
      "p = sigmoid(zeros(4, 1))\ny = ones(4)\n\(loss)(p, y)")
    let message = try #require(diagnostic?.message, "\(run.rendered)")
    #expect(message.hasPrefix("\(loss): the prediction has shape [4, 1] and the target [4]"))
    #expect(message.contains("reshape(target, 4, 1)") && message.contains("keep: true"))
  }

  /// `analyze { }` finds the same mistake without computing, naming the loss.
  @Test(arguments: ["mse", "bce_with_logits", "hinge"])
  func analysisFindsTheLossShapeMistake(loss: String) throws {
    let (diagnostic, run) = RuntimeHarness.diagnostic(
      "analyze {\n  p = zeros(64, 1)\n  y = zeros(64)\n  l = \(loss)(p, y)\n}")
    let message = try #require(diagnostic?.message, "\(run.rendered)")
    #expect(message.hasPrefix("\(loss): the prediction has shape [64, 1] and the target [64]"))
  }

  /// Matching shapes, and a plain number as the target, are fine.
  @Test func lossesAcceptMatchingShapes() throws {
    let output = RuntimeHarness.output(
      """
      p = tensor([0.9, 0.2])
      y = tensor([1.0, 0.0])
      print(bce(p, y) > 0, hinge(p, y) > 0, mse_half(p, y) > 0, mse(p, 0) > 0)
      print(bce_with_logits(tensor([100.0, -100.0]), y) < 1e-40)
      """)
    #expect(output == "true true true true\ntrue", "\(output)")
  }

  /// Class and token indices outside 0..<n are errors naming the index.
  @Test(arguments: [
    ("cross_entropy(zeros(2, 3), tensor([0, -1]))", "cross_entropy: class index -1"),
    ("cross_entropy(zeros(2, 3), tensor([3, 0]))", "cross_entropy: class index 3"),
    ("one_hot(tensor([0, 5]), 3)", "one_hot: class index 5"),
    ("embedding(zeros(3, 2), tensor([0, -2]))", "embedding: token index -2"),
    ("e = Embedding(3, 2)\ne(tensor([3]))", "embedding: token index 3"),
  ])
  func invalidIndicesAreNamed(source: String, message: String) throws {
    let (diagnostic, run) = RuntimeHarness.diagnostic(source)
    #expect(diagnostic?.message.hasPrefix(message) == true, "\(run.rendered)")
  }

  /// `detect_anomaly` does not flag sigmoid, softplus or bce_with_logits at extreme inputs: their
  /// values and gradients are finite.
  @Test func detectAnomalyAcceptsSaturatedFunctions() throws {
    let output = RuntimeHarness.output(
      """
      x = param([-1e4, -100.0, 0.0, 100.0, 1e4])
      y = tensor([1.0, 0.0, 1.0, 0.0, 1.0])
      detect_anomaly {
        loss = sum(sigmoid(x)) + sum(log_sigmoid(x)) + bce_with_logits(x, y) + bce(sigmoid(x), y)
        backward(loss)
      }
      print(grad(x))
      """)
    #expect(!output.contains("nan") && !output.contains("inf"), "\(output)")
  }

  /// The prelude's composites, gradient-checked in float64 at extreme inputs (±1e4, ±100, ±30,
  /// 0). hinge's kink (y·s = 1) and relu's at 0 follow PyTorch's convention (gradient 0), which
  /// finite differences cannot judge; NumericsFixtureTests compares relu there with PyTorch.
  @Test(arguments: [
    "fn f(p) = mse_half(p, tensor([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0]))\n"
      + "print(gradcheck(f, tensor([-1e4, -100.0, -30.0, 0.0, 30.0, 100.0, 1e4]), eps: 1e-2))",
    "fn f(s) = hinge(s, tensor([1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0]))\n"
      + "print(gradcheck(f, tensor([-1e4, -100.0, -30.0, 0.0, 30.0, 100.0, 1e4])))",
    "act = Sigmoid()\nfn f(x) = sum(act(x))\n"
      + "print(gradcheck(f, tensor([-1e4, -100.0, -30.0, 0.0, 30.0, 100.0, 1e4])))",
    "norm = LayerNorm(3)\nfn f(x) = sum(norm(x) * tensor([1.0, 2.0, 3.0]))\n"
      + "print(gradcheck(f, tensor([[-1e4, 0.0, 1e4], [100.0, 100.0, -100.0], [0.0, 0.0, 0.0]])))",
    "cell = LSTMCell(2, 2)\nfn f(x) = sum(cell(x, ones(2, 2), ones(2, 2))[0])\n"
      + "print(gradcheck(f, tensor([[-100.0, 30.0], [0.0, 1e4]])))",
  ])
  func preludeCompositesPassGradientChecksAtExtremes(source: String) throws {
    let output = RuntimeHarness.output(source)
    #expect(output.hasSuffix("true"), "\(output)")
  }
}
