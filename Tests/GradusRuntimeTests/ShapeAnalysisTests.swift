import Foundation
import GradusLanguage
import GradusTensor
import Testing

@testable import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// `analyze { }` runs the ordinary evaluator, builtins and prelude on shape-only tensors
/// (`GradusTensor/ShapeOnly.swift`): every prelude model runs, the counts follow the formulas,
/// overflow is an error, and nothing of a model's size is allocated.
@Suite("analyze { }: the engine on shape-only tensors")
struct ShapeAnalysisTests {
  /// Each prelude model: how to build a small one and call it. Run outside `analyze { }` on
  /// real numbers and inside it on shapes, it must give the same output shape and parameter
  /// count.
  static let models: [String: (build: String, call: String)] = [
    "Linear": ("Linear(4, 3)", "m(zeros(5, 4))"),
    "Embedding": ("Embedding(10, 4)", "m(tensor([[1, 2, 3], [4, 5, 6]]))"),
    "LayerNorm": ("LayerNorm(4)", "m(zeros(2, 3, 4))"),
    "Dropout": ("Dropout(0.5)", "m(ones(3, 4))"),
    "Conv2d": ("Conv2d(3, 8, 3, padding: 1)", "m(zeros(2, 3, 10, 12))"),
    "MaxPool2d": ("MaxPool2d(2)", "m(zeros(2, 3, 10, 12))"),
    "ReLU": ("ReLU()", "m(zeros(3, 4))"),
    "Tanh": ("Tanh()", "m(zeros(3, 4))"),
    "Sigmoid": ("Sigmoid()", "m(zeros(3, 4))"),
    "GELU": ("GELU()", "m(zeros(3, 4))"),
    "Sequential": ("Sequential([Linear(4, 8), ReLU(), Linear(8, 2)])", "m(zeros(3, 4))"),
    "RNN": ("RNN(5, 7)", "m(zeros(2, 6, 5))"),
    "LSTMCell": ("LSTMCell(5, 7)", "m(zeros(2, 5), zeros(2, 7), zeros(2, 7))[0]"),
    "MultiHeadAttention": ("MultiHeadAttention(8, 2)", "m(zeros(2, 5, 8), tril(5))"),
    "PositionalEncoding": ("PositionalEncoding(20, 8)", "m(zeros(2, 5, 8))"),
    "TransformerBlock": ("TransformerBlock(8, 2, 32)", "m(zeros(2, 5, 8))"),
    "SGD": ("SGD(Linear(3, 2), lr: 0.1, momentum: 0.9)", "m.velocity[0]"),
    "Adam": ("Adam(Linear(3, 2))", "m.v[1]"),
  ]

  /// Every `model` the prelude defines.
  static var preludeModels: [String] {
    let source = Prelude.text
    return source.matches(of: /(?m)^model ([A-Za-z0-9_]+)\(/).map { String($0.output.1) }
  }

  @Test func theTableCoversEveryPreludeModel() {
    let missing = Self.preludeModels.filter { Self.models[$0] == nil }
    #expect(Self.preludeModels.count >= 18)
    #expect(missing.isEmpty, "prelude models without a row: \(missing)")
  }

  @Test(arguments: preludeModels)
  func analyzeRunsThePreludeModel(name: String) throws {
    let (build, call) = try #require(Self.models[name])
    // A training step too, where the model has parameters: backward and the optimizers' updates
    // run on shapes as well.
    let body = "m = \(build)\ny = \(call)\nn = count_params(m)\n"
    let outside = RuntimeHarness.run("seed(0)\n" + body + "y.shape\nn")
    let inside = RuntimeHarness.run("analyze {\n\(body)}\ny.shape\nn")
    #expect(outside.outcome.succeeded, "\(outside.rendered)")
    #expect(inside.outcome.succeeded, "\(inside.rendered)")
    #expect(inside.sink.shown == outside.sink.shown)
    #expect(inside.output.hasPrefix("analysed without allocating: "))
  }

  @Test(arguments: ["SGD(net, lr: 0.1, momentum: 0.9)", "Adam(net)", "Adam(net, decoupled: true)"])
  func aTrainingStepRunsOnShapes(optimizer: String) {
    let run = RuntimeHarness.run(
      """
      analyze {
        net = Sequential([Linear(3, 4), ReLU(), Linear(4, 1)])
        opt = \(optimizer)
        opt.zero_grad()
        loss = mse(net(zeros(8, 3)), zeros(8, 1))
        backward(loss)
        clip_grad_norm_shapes = net.layers[0].W.grad.shape
        opt.step()
      }
      clip_grad_norm_shapes
      """)
    #expect(run.outcome.succeeded, "\(run.rendered)")
    #expect(run.sink.shown == ["[3, 4]"])
  }

  /// The first line `analyze` prints, as numbers: matmul FLOPs, elementwise operations and
  /// the largest tensor's elements.
  static func counts(_ body: String) throws -> [Int] {
    let run = RuntimeHarness.run("analyze {\n\(body)\n}")
    #expect(run.outcome.succeeded, "\(run.rendered)")
    let line = try #require(run.output.split(separator: "\n").first)
    return line.matches(of: /([0-9][0-9,]*) (matmul|elementwise|elements)/).map {
      Int($0.output.1.filter { $0 != "," })!
    }
  }

  /// Lesson 14's convention: a product [m, k] @ [k, n] is 2·m·n·k FLOPs.
  @Test(arguments: [(3, 5, 7), (10, 20, 64), (128, 1, 1)])
  func aLinearLayerCountsAsByHand(a: Int, b: Int, batch: Int) throws {
    let counts = try Self.counts("net = Linear(\(a), \(b))\ny = net(zeros(\(batch), \(a)))")
    // FLOPs 2·a·b·batch; the bias adds batch·b elements; the largest tensor is the biggest of
    // the weight, the input and the output.
    #expect(counts == [2 * a * b * batch, batch * b, max(a * b, batch * a, batch * b)])
    let params = RuntimeHarness.run("analyze { net = Linear(\(a), \(b)) }\ncount_params(net)")
    #expect(params.sink.shown == ["\(a * b + b)"])
  }

  /// Q, K, V and the output projection: 4 products of [B·T, d] by [d, d]; the scores and the
  /// weighted sum: 2 per head of [T, d/h] by [d/h, T] and [T, T] by [T, d/h].
  @Test func attentionCountsAsByHand() throws {
    let (b, t, d, h) = (2, 16, 32, 4)
    let counts = try Self.counts(
      "m = MultiHeadAttention(\(d), \(h))\ny = m(zeros(\(b), \(t), \(d)))")
    #expect(counts[0] == 4 * 2 * b * t * d * d + 2 * (2 * b * h * t * t * (d / h)))
    let params = RuntimeHarness.run(
      "analyze { m = MultiHeadAttention(\(d), \(h)) }\ncount_params(m)")
    #expect(params.sink.shown == ["\(4 * (d * d + d))"])
  }

  /// A convolution is one product per image of the [O, C·k·k] kernel by the
  /// [C·k·k, OH·OW] columns.
  @Test func aConvolutionCountsAsByHand() throws {
    let (n, c, o, k, hw) = (2, 3, 8, 3, 10)
    let out = hw - k + 1
    let counts = try Self.counts(
      "m = Conv2d(\(c), \(o), \(k))\ny = m(zeros(\(n), \(c), \(hw), \(hw)))")
    #expect(counts[0] == 2 * n * o * (c * k * k) * out * out)
  }

  /// Backward computes one product of the same size for each operand of a product that needs
  /// a gradient: both for the second layer, only the weight for the first (its input, the
  /// data, needs none).
  @Test func backwardCountsTheGradientProducts() throws {
    let net = "net = Sequential([Linear(8, 4), Linear(4, 2)])\nloss = sum(net(zeros(16, 8)))"
    let forward = try Self.counts(net)
    let training = try Self.counts(net + "\nbackward(loss)")
    let (first, second) = (2 * 16 * 8 * 4, 2 * 16 * 4 * 2)
    #expect(forward[0] == first + second)
    #expect(training[0] == forward[0] + 2 * second + first)
  }

  /// GPT-3 (lesson 14's configuration, untied, with a backward pass) under a memory limit of
  /// 64 KiB per allocation: any tensor of more than 16,384 float32 numbers would be refused,
  /// so none of the model's size (its smallest weight has 12,288) is allocated.
  @Test func gpt3RunsWithoutAllocating() throws {
    let gpt = """
      model GPT(vocab, context, d, n_layers, n_heads) {
        tok = Embedding(vocab, d)
        pos = Embedding(context, d)
        blocks = []
        for i in 0..<n_layers {
          append(blocks, TransformerBlock(d, n_heads, 4 * d))
        }
        ln = LayerNorm(d)
        head = Linear(d, vocab)
        forward(x) {
          h = tok(x) + pos(arange(x.shape[1]))
          for block in blocks {
            h = block(h)
          }
          return head(ln(h))
        }
      }
      analyze {
        gpt3 = GPT(50257, 2048, 12288, 96, 96)
        logits = gpt3(zeros(1, 2048))
        backward(sum(logits))
      }
      count_params(gpt3)
      logits.shape
      """
    let run = MemoryLimit.withMaxBytes(64 << 10) { RuntimeHarness.run(gpt) }
    #expect(run.outcome.succeeded, "\(run.rendered)")
    #expect(run.sink.shown == ["175221867601", "[1, 2048, 50257]"])
    // The forward pass's FLOPs are lesson 14's; backward adds twice as many.
    #expect(run.output.hasPrefix("analysed without allocating: 2,204,412,785,197,056 matmul FLOPs"))
  }

  /// Counts beyond Int are errors that say what overflowed, never a trap or a wrapped number.
  @Test(arguments: [
    (
      "a = zeros(1073741824, 1073741824)\nb = a @ a",
      "analyze: the FLOPs of a matrix product is too large to compute"
    ),
    (
      "a = zeros(1048576, 1048576)\nfor i in 0..<4 {\n  b = a @ a\n}",
      "analyze: the count of matrix-product FLOPs is too large to compute"
    ),
    (
      "a = zeros(4611686018427387904)",
      "analyze: the size in bytes of a tensor this large is too large to compute"
    ),
    (
      "a = zeros(4611686018427387904, 4)",
      "the shape [4611686018427387904, 4] has more elements than can be counted"
    ),
  ])
  func overflowingCountsAreErrors(body: String, message: String) {
    let run = RuntimeHarness.run("analyze {\n\(body)\n}")
    #expect(run.diagnostic?.message == message, "\(run.rendered)")
  }

  @Test func anOverflowingParameterCountIsAnError() {
    let run = RuntimeHarness.run(
      """
      model Huge() {
        a = param(zeros(2305843009213693951))
        b = param(zeros(2305843009213693951))
        c = param(zeros(2305843009213693951))
        d = param(zeros(2305843009213693951))
        e = param(zeros(2305843009213693951))
      }
      analyze { m = Huge() }
      count_params(m)
      """)
    #expect(
      run.diagnostic?.message == "count_params: the number of parameters is too large to compute",
      "\(run.rendered)")
  }

  /// What depends on values is an error naming what needed them.
  @Test(arguments: [
    ("if sum(x) > 0 {\n  print(1)\n}", "a comparison needs a value"),
    ("while sum(x) {\n  print(1)\n}", "a condition needs a value"),
    ("i = [1, 2, 3][argmax(x)]", "an index needs a value"),
    ("i = ones(3)[sum(x)]", "an index needs a value"),
    ("n = float(sum(x))", "the argument needs a value"),
    ("plot(x)", "reading the values: needs the tensor's values"),
    ("clip_by_norm(x, 1)", "clip_by_norm: needs the tensor's values"),
    ("save(Linear(2, 2), \"/nonexistent/never.safetensors\")", "save: needs the tensor's values"),
  ])
  func valuesAreNeeded(code: String, message: String) {
    let run = RuntimeHarness.run("analyze {\n  x = zeros(3)\n  \(code)\n}")
    #expect(run.diagnostic?.message.hasPrefix(message) == true, "\(run.rendered)")
  }

  /// A model with values, run with backward inside `analyze { }`, keeps its gradients and
  /// still trains afterwards.
  @Test func analyzingARealModelChangesNoNumbers() {
    let run = RuntimeHarness.run(
      """
      net = Linear(3, 2)
      opt = SGD(net, lr: 0.1)
      backward(sum(net(ones(4, 3))))
      before = grad(net.W)
      analyze {
        y = net(zeros(1000, 3))
        backward(sum(y))
      }
      sum(grad(net.W) == before)
      opt.step()
      y.shape
      """)
    #expect(run.outcome.succeeded, "\(run.rendered)")
    #expect(run.sink.shown == ["6.0000", "[1000, 2]"])
  }

  /// A creator's plan carries the dtype it would make.
  @Test func shapeOnlyTensorsKeepTheirDtype() {
    let run = RuntimeHarness.run(
      """
      analyze {
        a = zeros(2, dtype: "float64")
        b = param(a)
        c = ones_like(b) + randn(2, dtype: "float64")
        d = arange(3, dtype: "float64")
      }
      [a.dtype, b.dtype, c.dtype, d.dtype]
      """)
    #expect(run.sink.shown == [#"["float64", "float64", "float64", "float64"]"#], "\(run.rendered)")
  }

  /// A shape-only tensor shows its shape and the memory it would take.
  @Test func aShapeOnlyTensorShowsItsShape() {
    let run = RuntimeHarness.run("analyze { x = zeros(1000, 1000) }\nx\nx + 1")
    #expect(
      run.sink.shown == [
        "tensor of shape [1000, 1000] (shape only, 3.8 MiB if allocated)",
        "tensor of shape [1000, 1000] (shape only, 3.8 MiB if allocated)",
      ], "\(run.rendered)")
  }
}
