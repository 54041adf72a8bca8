import GradusLanguage
import GradusTensor
import Testing

/// A runtime error: its program, identifier, message, the text its caret is under, and
/// optionally its help line.
struct ErrorCase: Sendable, CustomTestStringConvertible {
  let source: String
  let id: DiagnosticID
  let message: String
  let spanText: String
  var help: String?

  init(
    _ source: String, _ id: DiagnosticID, _ message: String, at spanText: String,
    help: String? = nil
  ) {
    self.source = source
    self.id = id
    self.message = message
    self.spanText = spanText
    self.help = help
  }

  var testDescription: String { message }

  /// Runs the program and checks its error: id, message, the caret's text and any help.
  func check() {
    let (diagnostic, run) = RuntimeHarness.diagnostic(source)
    #expect(diagnostic?.id == id)
    #expect(diagnostic?.message == message)
    #expect(diagnostic.map { run.text(of: $0.span) } == spanText)
    if let help { #expect(diagnostic?.help == help) }
  }
}

/// Errors while running: each says where (the caret's text) and why (id and message).
@Suite("Runtime errors")
struct RuntimeErrorTests {
  static let mlp = """
    model MLP(n_in, n_hidden, n_out) {
      fc1 = Linear(n_in, n_hidden)
      fc2 = Linear(n_hidden, n_out)
      forward(x) = fc2(relu(fc1(x)))
    }
    net = MLP(3, 4, 2)

    """

  static let cases: [ErrorCase] = [
    // Fields.
    ErrorCase(
      mlp + "net.fc3.W", "unknown-field", "`MLP` has no field `fc3`", at: "fc3",
      help: "did you mean `fc1` or `fc2`?"),
    ErrorCase(
      "x = ones(2)\nx.shap", "unknown-field", "a tensor has no field `shap`", at: "shap",
      help: "did you mean `shape`?"),
    ErrorCase("n = 3\nn.size", "unknown-field", "an int has no field `size`", at: "size"),
    // Calling what is not a function.
    ErrorCase(
      "x = 5\nx(2)", "type-mismatch", "`x` is an int, not a function", at: "x(2)",
      help: "to multiply, write `*` between the factors: `a * (b + c)`"),
    ErrorCase("s = \"relu\"\ns(1)", "type-mismatch", "`s` is a string, not a function", at: "s(1)"),
    // Arguments.
    ErrorCase(
      "x = randn(2, sed: 1)", "wrong-arguments", "`randn` has no argument named `sed`",
      at: "sed: 1",
      help: "did you mean `seed`?"),
    ErrorCase(
      "fn f(a, b = 1) = a + b\nf(1, c: 2)", "wrong-arguments", "`f` has no parameter named `c`",
      at: "c: 2",
      help: "its parameters are a, b"),
    ErrorCase(
      "fn f(a, b = 1) = a + b\nf(1, a: 2)", "wrong-arguments",
      "`a` is given both by position and by name", at: "a: 2"),
    ErrorCase(
      "randn(2, seed: 1, seed: 2)", .duplicateName, "argument `seed` is given twice", at: "seed"),
    ErrorCase(
      "fn f(x) = x\nf(1, 2)", "wrong-arguments", "`f` takes 1 argument (x), got 2", at: "f(1, 2)",
      help: "call it as `f(x)`"),
    ErrorCase(
      "Linear(2, 3, 4)", "wrong-arguments", "`Linear` takes 2 arguments (n_in, n_out), got 3",
      at: "Linear(2, 3, 4)"),
    ErrorCase(
      "fn f(a, b = 1) = a\nf()", "wrong-arguments", "`f` takes 1 to 2 arguments (a, b), got 0",
      at: "f()"),
    // Integer overflow is an error, never a trap.
    ErrorCase("x = 9223372036854775807 + 1", "invalid-value", "integer overflow in `+`", at: "+"),
    ErrorCase("x = 4611686018427387904 * 4", "invalid-value", "integer overflow in `*`", at: "*"),
    ErrorCase("x = -9223372036854775807 - 2", "invalid-value", "integer overflow in `-`", at: "-"),
    // Deep recursion stops at the limit with an error instead of overflowing the stack.
    ErrorCase(
      "fn f(n) = f(n + 1)\nf(0)", "recursion-limit", "calls nested deeper than 1000 levels",
      at: "f(n + 1)"),
    ErrorCase(
      "fn f() = g()\nfn g() = f()\nf()", "recursion-limit", "calls nested deeper than 1000 levels",
      at: "f()"),
    // Indexes out of range point at the index.
    ErrorCase(
      "x = [1, 2, 3]\nx[5]", "invalid-value", "index 5 is out of range for axis 0 of size 3",
      at: "5"),
    ErrorCase(
      "x = ones(2, 3)\nx[0, -4]", "invalid-value", "index -4 is out of range for axis 1 of size 3",
      at: "-4"),
    ErrorCase(
      "l = [\"a\"]\nl[3]", "invalid-value", "index 3 is out of range for a list of 1 item", at: "3"),
    ErrorCase(
      "l = [\"a\", \"b\"]\nl[-3] = 1", "invalid-value",
      "index -3 is out of range for a list of 2 items", at: "-3"),
    ErrorCase(
      "x = ones(3)\nx[1.5]", "type-mismatch", "an index must be a whole number, got 1.5000",
      at: "1.5"),
    // Gradients.
    ErrorCase(
      "w = param([1.0, 2.0])\nbackward(w * 2)", "shape-mismatch",
      "`backward` needs a single number, but `w * 2` has shape [2]", at: "w * 2",
      help: "reduce it first, e.g. `backward(mean(w * 2))`"),
    ErrorCase(
      "w = param(1.0)\nloss = w * 2\nw -= 0.1\nbackward(loss)", "stale-graph",
      "`w` was changed after `loss` was computed (it fed `mul`)", at: "loss",
      help: "compute the loss again after updating parameters, then call backward"),
    ErrorCase(
      "w = param(1.0)\nloss = w * 2\nw = w - 0.1 * 1\nbackward(loss)", "stale-graph",
      "`w` was changed after `loss` was computed (it fed `mul`)", at: "loss"),
    ErrorCase(
      "x = [1.0, 2.0]\ngrad(x)", "no-gradient", "`x` is not a parameter, so it has no gradient",
      at: "x"),
    ErrorCase("backward(3)", "no-gradient", "`3` does not depend on any parameter", at: "3"),
    ErrorCase(
      "w = param([1.0])\nw = [1.0, 2.0]", "shape-mismatch",
      "cannot assign a tensor of shape [2] to the parameter `w` of shape [1]", at: "[1.0, 2.0]"),
    // Types.
    ErrorCase("\"a\" + 1", "type-mismatch", "cannot apply `+` to a string and an int", at: "+"),
    ErrorCase("x = none\nx * 2", "type-mismatch", "cannot apply `*` to none and an int", at: "*"),
    ErrorCase("for i in 3.5 { }", "type-mismatch", "cannot loop over a number", at: "3.5"),
    ErrorCase(
      "x = [1, 2]\nif x > 0 { print(1) }", "type-mismatch",
      "a tensor of shape [2] is neither true nor false",
      at: "x > 0"),
    ErrorCase("1 @ 2", "type-mismatch", "`@` multiplies tensors, not single numbers", at: "@"),
    ErrorCase(
      "(a, b) = [1, 2, 3]", "type-mismatch", "expected 2 values to unpack, got 3", at: "[1, 2, 3]"),
    ErrorCase("len(3)", "type-mismatch", "an int has no length", at: "3"),
    ErrorCase(
      "append(3, 1)", "type-mismatch", "`append` adds to a list, got an int", at: "3",
      help: "make a list first: `losses = []`"),
    ErrorCase("opt = SGD(3)", "type-mismatch", "an int has no parameters", at: "SGD(3)"),
    // Names.
    ErrorCase("x = True", .pythonSyntax, "`True` is written `true` in Gradus", at: "True"),
    ErrorCase(
      "x = np.zeros(3)", "unknown-name", "unknown name `np`", at: "np",
      help: "Gradus has no modules to import: the functions are built in (`:help` lists them)"),
    ErrorCase(
      "prnt(1)", "unknown-name", "unknown name `prnt`", at: "prnt", help: "did you mean `print`?"),
    ErrorCase("x = 1\nx += y", "unknown-name", "unknown name `y`", at: "y"),
    ErrorCase(
      "tarce { x = 1 }", "unknown-name", "unknown block `tarce`", at: "tarce",
      help: "did you mean `trace`?"),
    // Sizes.
    ErrorCase("x = zeros(-1)", "invalid-value", "size -1 on axis 0 is negative", at: "zeros(-1)"),
    ErrorCase(
      "reshape(ones(6), 4, 2)", "shape-mismatch", "cannot reshape [6] (6 elements) to [4, 2]",
      at: "reshape(ones(6), 4, 2)"),
  ]

  @Test(arguments: cases)
  func reportsWhereAndWhy(_ error: ErrorCase) { error.check() }

  /// A tensor allocation over the limit is an error stating the requested size and the limit.
  @Test func allocationOverTheDefaultLimit() {
    let (diagnostic, run) = RuntimeHarness.diagnostic("x = zeros(100000, 100000)")
    #expect(diagnostic?.id == "tensor-limit")
    #expect(
      diagnostic?.message == "allocating 37.3 GiB would exceed the memory limit of 4.0 GiB")
    #expect(diagnostic.map { run.text(of: $0.span) } == "zeros(100000, 100000)")
    #expect(run.shown("x") == nil)
  }

  @Test func theLimitIsConfigurable() {
    let run = RuntimeHarness.run("small = zeros(100)\nx = zeros(1000, 1000)") { _ in
      MemoryLimit.maxBytes = 1 << 20
    }
    #expect(
      run.diagnostic?.message
        == "allocating 3.8 MiB would exceed the memory limit of 1.0 MiB")
    #expect(run.shown("small") != nil)
  }

  @Test func sizesTooLargeToCountAreAnError() {
    let (diagnostic, _) = RuntimeHarness.diagnostic("zeros(1000000, 1000000, 1000000, 1000000)")
    #expect(diagnostic?.id == "tensor-limit")
  }

  @Test func theRecursionLimitIsConfigurable() {
    let run = RuntimeHarness.run(
      "fn down(n) {\n  if n == 0 { return 0 }\n  return 1 + down(n - 1)\n}\ndown(50)"
    ) {
      $0.maxCallDepth = 20
    }
    #expect(run.diagnostic?.message == "calls nested deeper than 20 levels")
  }

  /// An error inside the prelude is shown at the learner's call, with the inner place as a note.
  @Test func errorsInsideThePreludePointAtTheCall() throws {
    let (diagnostic, run) = RuntimeHarness.diagnostic("layer = Linear(2, 3)\ny = layer(ones(4, 5))")
    let found = try #require(diagnostic)
    #expect(found.id == "shape-mismatch")
    #expect(found.message == "cannot multiply [4, 5] by [2, 3]")
    #expect(run.text(of: found.span) == "layer(ones(4, 5))")
    #expect(found.notes.count == 1)
    #expect(found.notes.first?.hasPrefix("inside `Linear` (<prelude>:") == true)
    #expect(found.notes.first?.hasSuffix("): `@`") == true)
    #expect(run.rendered.hasPrefix("error: cannot multiply [4, 5] by [2, 3]\n --> test.grad:2:5\n"))
  }

  @Test func errorsWhileBuildingAPreludeModelPointAtTheCall() throws {
    let (diagnostic, run) = RuntimeHarness.diagnostic("layer = Linear(2.5, 3)")
    let found = try #require(diagnostic)
    #expect(found.message == "a size must be a whole number, got 2.5000")
    #expect(run.text(of: found.span) == "Linear(2.5, 3)")
    #expect(found.notes.first?.hasPrefix("while building `Linear` (<prelude>:") == true)
  }

  @Test func errorsInNestedPreludeCallsPointAtTheOutermostCall() throws {
    let (diagnostic, run) = RuntimeHarness.diagnostic(Self.mlp + "y = net(ones(2, 5))")
    let found = try #require(diagnostic)
    #expect(found.message == "cannot multiply [2, 5] by [3, 4]")
    // MLP is the learner's own model: the error is in its file, inside `fc1(x)`.
    #expect(run.text(of: found.span) == "fc1(x)")
    #expect(run.source.name == "test.grad")
  }

  /// A statement after the failing one never runs; names before it keep their values.
  @Test func anErrorStopsTheRun() {
    let run = RuntimeHarness.run("a = 1\nprint(\"before\")\nb = undefined\nprint(\"after\")")
    #expect(run.output == "before\n")
    #expect(run.shown("a") == "1")
    #expect(run.shown("b") == nil)
  }

  @Test func misplacedControlFlowIsReported() {
    for source in ["return 1", "break", "continue"] {
      let run = RuntimeHarness.run(source)
      #expect(run.diagnostic?.id == .misplacedStatement, "\(source)")
    }
  }
}
