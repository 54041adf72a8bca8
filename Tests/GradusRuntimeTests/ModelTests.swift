import Testing

/// Models, parameters as cells, and gradients.
@Suite("Evaluator: models, parameters and gradients")
struct ModelTests {
  func check(
    _ source: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      RuntimeHarness.output(source, sourceLocation: sourceLocation) == expected,
      sourceLocation: sourceLocation)
  }

  static let affine = """
    model Affine(n) {
      W = param(ones(n, n))
      b = param(zeros(n))
      scale = 2
      forward(x) = self.double(x @ W + b)
      double(v) = v * scale
      fn describe() = "affine " + str(n)
    }
    a = Affine(2)

    """

  static let mlp = """
    model MLP(n_in, n_hidden, n_out) {
      fc1 = Linear(n_in, n_hidden)
      fc2 = Linear(n_hidden, n_out)
      forward(x) = fc2(relu(fc1(x)))
    }
    net = MLP(3, 4, 2)

    """

  @Test(arguments: [
    ("a.scale", "2"),
    ("a.n", "2"),
    ("a.b", "tensor([0.0000, 0.0000], shape: [2], param)"),
    ("a([1.0, 2.0])", "tensor([6.0000, 6.0000], shape: [2])"),
    ("a.forward([1.0, 2.0])", "tensor([6.0000, 6.0000], shape: [2])"),
    ("a.double(3)", "6"),
    ("a.describe()", "affine 2"),
    ("a.scale = 3\na([1.0, 2.0])", "tensor([9.0000, 9.0000], shape: [2])"),
    ("a.W = [[1.0, 0.0], [0.0, 1.0]]\na([1.0, 2.0])", "tensor([2.0000, 4.0000], shape: [2])"),
    (
      "w = a.W\na.W = zeros(2, 2)\nw",
      "tensor([[0.0000, 0.0000],\n        [0.0000, 0.0000]], shape: [2, 2], param)"
    ),
    ("a", "Affine(n: 2, W: [2, 2], b: [2], scale: 2)"),
    ("count_params(a)", "6"),
  ])
  func models(source: String, expected: String) {
    check(Self.affine + source, expected)
  }

  @Test(arguments: [
    ("net.fc1.W.shape", "[3, 4]"),
    ("net.fc2.b.shape", "[2]"),
    ("net(ones(5, 3)).shape", "[5, 2]"),
    (
      "net.fc1.W = zeros(3, 4)\nnet.fc1.b = zeros(4)\nnet(ones(1, 3)) == net.fc2.b",
      "tensor([[1.0000, 1.0000]], shape: [1, 2])"
    ),
    ("count_params(net)", "26"),
    ("count_params(Linear(10, 20))", "220"),
    ("len(params(net))", "4"),
    ("ps = params(net)\nps[0].shape", "[3, 4]"),
    ("(params(net)[3] - net.fc2.b).shape", "[2]"),
  ])
  func modelsInsideModels(source: String, expected: String) {
    check(Self.mlp + source, expected)
  }

  @Test func summaryListsEveryParameterWithItsPath() {
    check(
      Self.mlp + "summary(net)",
      """
      MLP
      parameter  shape        count
      ─────────────────────────────
      fc1.W      [3, 4]          12
      fc1.b      [4]              4
      fc2.W      [4, 2]           8
      fc2.b      [2]              2
      ─────────────────────────────
      total                      26
      memory: 104 bytes of parameters
      """)
  }

  @Test func paramsNamesEachParameterByItsPath() {
    check(
      Self.mlp + "for p in params(net) { print(p.label, p.shape) }",
      "fc1.W [3, 4]\nfc1.b [4]\nfc2.W [4, 2]\nfc2.b [2]")
  }

  @Test func modelsHoldListsOfLayers() {
    check(
      """
      model Stack(n, width) {
        layers = []
        for i in 0..<n { append(layers, Linear(width, width)) }
        forward(x) {
          for layer in layers { x = relu(layer(x)) }
          return x
        }
      }
      s = Stack(3, 2)
      print(count_params(s))
      s(ones(4, 2)).shape
      """, "18\n[4, 2]")
  }

  /// A name holding a parameter is a cell: assigning to it updates the parameter in place,
  /// keeps it a parameter (a leaf: no graph is recorded) and every other name for it sees the
  /// change; `w = param(…)` makes a new parameter instead.
  @Test(arguments: [
    ("w = w - 0.5 * grad(w)\nalias", "tensor([0.0000, 0.0000], shape: [2], param)"),
    ("w = w - 0.5 * grad(w)\nw", "tensor([0.0000, 0.0000], shape: [2], param)"),
    ("w -= 0.5 * grad(w)\nalias", "tensor([0.0000, 0.0000], shape: [2], param)"),
    ("w += 1\nalias", "tensor([2.0000, 3.0000], shape: [2], param)"),
    ("w *= 3\nalias", "tensor([3.0000, 6.0000], shape: [2], param)"),
    ("w = 7\nalias", "tensor([7.0000, 7.0000], shape: [2], param)"),
    ("w[0] = 9\nalias", "tensor([9.0000, 2.0000], shape: [2], param)"),
    (
      "w = param([5.0, 6.0])\nprint(alias)\nw",
      "tensor([1.0000, 2.0000], shape: [2], param)\ntensor([5.0000, 6.0000], shape: [2], param)"
    ),
    // The update is not part of any graph: a new loss differentiates w as a leaf.
    (
      "w = w - 0.5 * grad(w)\nzero_grad(w)\nbackward(sum(3 * w))\ngrad(w)",
      "tensor([3.0000, 3.0000], shape: [2])"
    ),
    // The gradient stays until zero_grad.
    ("w = w - 0.5 * grad(w)\nw.grad", "tensor([2.0000, 4.0000], shape: [2])"),
    ("v = w - 1\nv", "tensor([0.0000, 1.0000], shape: [2])"),
  ])
  func parametersAreCells(source: String, expected: String) {
    let setup = "w = param([1.0, 2.0])\nalias = w\nbackward(sum(w * w))\n"
    check(setup + source, expected)
  }

  @Test(arguments: [
    ("x = param(3.0)\nbackward(x * x)\ngrad(x)", "6.0000"),
    ("x = param(3.0)\nbackward(x * x)\nbackward(2 * x)\ngrad(x)", "8.0000"),
    ("x = param(3.0)\nbackward(x * x)\nzero_grad(x)\nbackward(2 * x)\ngrad(x)", "2.0000"),
    ("x = param(3.0)\nbackward(x * x)\nzero_grad(x)\nprint(x.grad)", "none"),
    ("x = param(3.0)\ny = 2 * x\nbackward(y * y)\ngrad(x)", "24.0000"),
    (
      "x = param([1.0, 2.0])\nbackward(mean(x ^ 2))\ngrad(x)",
      "tensor([1.0000, 2.0000], shape: [2])"
    ),
    ("l = Linear(2, 1)\nbackward(sum(l(ones(3, 2))))\ngrad(l.b)", "tensor([3.0000], shape: [1])"),
    (
      "l = Linear(2, 1)\nbackward(sum(l(ones(3, 2))))\nzero_grad(l)\nprint(l.W.grad, l.b.grad)",
      "none none"
    ),
    ("x = param(2.0)\nbackward(x * x, gradient: 3)\ngrad(x)", "12.0000"),
  ])
  func backwardGradAndZeroGrad(source: String, expected: String) {
    check(source, expected)
  }

  /// One SGD step by hand: loss = mean((0 - y)²) = 10, dL/dW = -10, dL/db = -6.
  @Test func anOptimizerStepUpdatesTheModelsParameters() {
    check(
      """
      l = Linear(1, 1)
      l.W = [[0.0]]
      l.b = [0.0]
      x = [[1.0], [2.0]]
      y = [[2.0], [4.0]]
      opt = SGD(l, lr: 0.1)
      opt.zero_grad()
      loss = mean((l(x) - y) ^ 2)
      backward(loss)
      opt.step()
      print(loss, grad(l.W), grad(l.b))
      print(l.W, l.b)
      """,
      """
      10.0000 tensor([[-10.0000]], shape: [1, 1]) tensor([-6.0000], shape: [1])
      tensor([[1.0000]], shape: [1, 1], param) tensor([0.6000], shape: [1], param)
      """)
  }
}
