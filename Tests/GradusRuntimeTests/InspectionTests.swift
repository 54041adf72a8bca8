import Foundation
import GradusLanguage
import GradusRuntime
import Testing

/// Looking inside: traces, gradient checks, anomaly detection, tensor fields and printing, data
/// helpers, timing and interrupts.
@Suite("Evaluator: looking inside")
struct InspectionTests {
  func check(
    _ source: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      RuntimeHarness.output(source, sourceLocation: sourceLocation) == expected,
      sourceLocation: sourceLocation)
  }

  /// The seed's neuron: every forward operation, then every chain-rule step.
  @Test func forwardAndBackwardTraces() {
    check(
      """
      x = param(2.0)
      w = param(-3.0)
      b = param(6.8813735870195432)
      trace {
        n = x * w + b
        o = tanh(n)
      }
      backward(o, trace: true)
      """,
      """
        [1] mul: a * b   a (x) = 2.0000, b (w) = -3.0000   → -6.0000
        [2] add: a + b   a = -6.0000, b (b) = 6.8814   → 0.8814
        [3] tanh: tanh(a)   a (n) = 0.8814   → 0.7071
        [1] do/dn: local 1 - tanh(a)^2 = 0.5000 × upstream 1.0000 = 0.5000
        [2] dn/dmul: local 1 × upstream 0.5000 = 0.5000
        [3] dn/db: local 1 × upstream 0.5000 = 0.5000
        [4] dmul/dx: local b = -3.0000 × upstream 0.5000 = -1.5000
        [5] dmul/dw: local a = 2.0000 × upstream 0.5000 = 1.0000
      """)
  }

  @Test func traceShowsNothingOutsideItsBlock() {
    check(
      "x = param(2.0)\ntrace { y = x * x }\nz = y * 2\nbackward(z)\ngrad(x)",
      "  [1] mul: a * b   a (x) = 2.0000, b (x) = 2.0000   → 4.0000\n8.0000")
  }

  @Test func gradcheckShowsAnalyticAndNumericSideBySide() {
    check(
      "fn f(x) = sum(tanh(x))\ngradcheck(f, [0.5, -1.0])",
      """
      input 1: analytic vs numeric (max abs error 5.4019e-11)
        0.7864  0.7864
        0.4200  0.4200
        ✓ within atol 1e-5, rtol 1e-3
      true
      """)
    let run = RuntimeHarness.run("fn g(a, b) = sum(a * b)\ngradcheck(g, [1.0, 2.0], [3.0, 4.0])")
    #expect(run.output.contains("input 2: analytic vs numeric"))
    #expect(run.output.contains("  1.0000  1.0000\n  2.0000  2.0000\n"))
    #expect(run.trimmedOutput.hasSuffix("true"))
  }

  @Test(arguments: [
    ("w = param(2.0)\nno_grad { y = w * 3 }\ny", "6.0000"),
    ("w = param(2.0)\nno_grad { w -= 1 }\nw", "1.0000 (param)"),
    ("w = param(2.0)\nno_grad { y = w * 3 }\nz = w * 3\nbackward(z)\ngrad(w)", "3.0000"),
  ])
  func noGrad(source: String, expected: String) {
    check(source, expected)
  }

  @Test func noGradRecordsNoGraph() {
    let (diagnostic, _) = RuntimeHarness.diagnostic(
      "w = param(2.0)\nno_grad { y = w * 3 }\nbackward(y)")
    #expect(diagnostic?.id == "no-gradient")
    #expect(diagnostic?.message == "`y` does not depend on any parameter")
  }

  /// `detect_anomaly` names the first operation that made a NaN or infinity, and its line.
  @Test(arguments: [
    (
      "x = param([1.0, 0.0])\ndetect_anomaly {\n  y = 2 * x\n  z = log(0 * x)\n}",
      "`log` produced NaN or infinity (forward)", "log(0 * x)"
    ),
    (
      "x = param([1.0, 0.0])\ndetect_anomaly {\n  z = x / 0\n}",
      "`/` produced NaN or infinity (forward)", "/"
    ),
    (
      "x = param([1.0, 0.0])\ndetect_anomaly {\n  z = sqrt(x)\n  backward(sum(z))\n  x -= 0.1 * grad(x)\n}",
      "`sqrt` produced NaN or infinity (backward)", "backward(sum(z))"
    ),
    (
      "x = param([1.0, 0.0])\nfn step() {\n  backward(sum(sqrt(x)))\n  x -= 0.1 * grad(x)\n}\n"
        + "detect_anomaly {\n  for i in 0..<3 {\n    step()\n    print(\"never\")\n  }\n}",
      "`sqrt` produced NaN or infinity (backward)", "backward(sum(sqrt(x)))"
    ),
  ])
  func detectAnomalyNamesTheOperation(source: String, message: String, spanText: String) {
    let (diagnostic, run) = RuntimeHarness.diagnostic(source)
    #expect(diagnostic?.id == "non-finite")
    #expect(diagnostic?.message == message)
    #expect(diagnostic.map { run.text(of: $0.span) } == spanText)
    // Nothing after the anomaly ran: the parameter was not updated with a NaN gradient.
    #expect(run.shown("x") == "tensor([1.0000, 0.0000], shape: [2], param)")
  }

  @Test func withoutDetectAnomalyNaNIsJustAValue() {
    check("x = param([1.0, 0.0])\nlog(0 * x)", "tensor([-inf, -inf], shape: [2])")
  }

  @Test(arguments: [
    (
      "x = [[1, 2, 3], [4, 5, 6]]\nx.T",
      "tensor([[1.0000, 4.0000],\n        [2.0000, 5.0000],\n        [3.0000, 6.0000]], shape: [3, 2])"
    ),
    ("x = [[1, 2, 3], [4, 5, 6]]\nx.T.shape", "[3, 2]"),
    ("x = [[1, 2, 3], [4, 5, 6]]\nx.shape", "[2, 3]"),
    ("x = [[1, 2, 3], [4, 5, 6]]\nx.shape[1]", "3"),
    ("zeros(2, 3, 4).shape", "[2, 3, 4]"),
    ("x = [[1, 2, 3], [4, 5, 6]]\nprint(x.ndim, x.size, x.dtype)", "2 6 float32"),
    ("ones(2, dtype: \"float64\").dtype", "float64"),
    (
      "w = param([[1.0, 2.0]])\nbackward(sum(w.T * 3))\ngrad(w)",
      "tensor([[3.0000, 3.0000]], shape: [1, 2])"
    ),
  ])
  func tensorFields(source: String, expected: String) {
    check(source, expected)
  }

  /// Scalars print as numbers, tensors PyTorch-style with their shape; large tensors are
  /// summarised; negative zero prints as zero.
  @Test(arguments: [
    ("param(2.0) * 0.4407", "0.8814"),
    ("print(0.70710678)", "0.7071"),
    ("param(2.0)", "2.0000 (param)"),
    ("[1.0, 2.0]", "tensor([1.0000, 2.0000], shape: [2])"),
    ("param([1.0, 2.0])", "tensor([1.0000, 2.0000], shape: [2], param)"),
    (
      "[[-1.5, 2.25], [100.0, -0.001]]",
      "tensor([[ -1.5000,   2.2500],\n        [100.0000,  -0.0010]], shape: [2, 2])"
    ),
    (
      "ones(2, 1, 2)",
      "tensor([[[1.0000, 1.0000]],\n\n        [[1.0000, 1.0000]]], shape: [2, 1, 2])"
    ),
    (
      "arange(2000)",
      // Wider than 80 columns: wrapped after a comma, aligned under the first number.
      "tensor([   0.0000,    1.0000,    2.0000, …, 1997.0000, 1998.0000,\n"
        + "        1999.0000], shape: [2000])"
    ),
    (
      "zeros(40, 40)[0:1].shape\nzeros(40, 40)",
      """
      [1, 40]
      tensor([[0.0000, 0.0000, 0.0000, …, 0.0000, 0.0000, 0.0000],
              [0.0000, 0.0000, 0.0000, …, 0.0000, 0.0000, 0.0000],
              [0.0000, 0.0000, 0.0000, …, 0.0000, 0.0000, 0.0000],
              …,
              [0.0000, 0.0000, 0.0000, …, 0.0000, 0.0000, 0.0000],
              [0.0000, 0.0000, 0.0000, …, 0.0000, 0.0000, 0.0000],
              [0.0000, 0.0000, 0.0000, …, 0.0000, 0.0000, 0.0000]], shape: [40, 40])
      """
    ),
    ("print(-0.0)", "0.0000"),
    ("[-0.0, 1.0]", "tensor([0.0000, 1.0000], shape: [2])"),
    ("ones(2) * -0.0", "tensor([0.0000, 0.0000], shape: [2])"),
    ("set_print(decimals: 2)\nprint(-0.001, 1.005, 2.5)", "0.00 1.00 2.50"),
    ("print(1e-5, -2e9, 1.0 / 0, -1.0 / 0, 0.0 / 0)", "1.0000e-05 -2.0000e+09 inf -inf nan"),
    (
      "print([1, 2], \"and\", 3, none, true)",
      "tensor([1.0000, 2.0000], shape: [2]) and 3 none true"
    ),
    ("[1, \"a\", [2.0, 3.0]]", "[1, \"a\", [2.0000, 3.0000]]"),
    ("fn f(a, b) = a\nf", "fn f(a, b)"),
    // One notation for a whole tensor, never fixed beside scientific.
    ("[0.5, 0.00001, 3.0]", "tensor([5.0000e-01, 1.0000e-05, 3.0000e+00], shape: [3])"),
    ("[0.0, 2e9]", "tensor([0.0000e+00, 2.0000e+09], shape: [2])"),
    ("[0.0, 0.5]", "tensor([0.0000, 0.5000], shape: [2])"),
    // A row wider than 80 columns wraps between numbers, each line under the first number;
    // the shape goes on a line of its own when the last row leaves no room for it.
    (
      "arange(12) * 1000",
      "tensor([    0.0000,  1000.0000,  2000.0000,  3000.0000,  4000.0000,  5000.0000,\n"
        + "         6000.0000,  7000.0000,  8000.0000,  9000.0000, 10000.0000, 11000.0000],\n"
        + "       shape: [12])"
    ),
    (
      "ones(2, 12) * 1000",
      "tensor([[1000.0000, 1000.0000, 1000.0000, 1000.0000, 1000.0000, 1000.0000,\n"
        + "         1000.0000, 1000.0000, 1000.0000, 1000.0000, 1000.0000, 1000.0000],\n"
        + "        [1000.0000, 1000.0000, 1000.0000, 1000.0000, 1000.0000, 1000.0000,\n"
        + "         1000.0000, 1000.0000, 1000.0000, 1000.0000, 1000.0000, 1000.0000]],\n"
        + "       shape: [2, 12])"
    ),
    // A row that fits, but not with the brackets closing after it: its last number moves down.
    (
      "ones(2, 6) * 1000",
      "tensor([[1000.0000, 1000.0000, 1000.0000, 1000.0000, 1000.0000, 1000.0000],\n"
        + "        [1000.0000, 1000.0000, 1000.0000, 1000.0000, 1000.0000, 1000.0000]],\n"
        + "       shape: [2, 6])"
    ),
    (
      "[6.0, 6.0, 2.0, 5.0, 4.0, 3.0, 2.0, 7.0]",
      "tensor([6.0000, 6.0000, 2.0000, 5.0000, 4.0000, 3.0000, 2.0000, 7.0000],\n"
        + "       shape: [8])"
    ),
  ])
  func printing(source: String, expected: String) {
    check(source, expected)
  }

  /// At any width from 30 to 120 columns (a reader's, a narrow window's), no line of a tensor
  /// passes it, and every number is whole on one line.
  @Test func tensorsFitTheLineWidth() throws {
    let run = RuntimeHarness.run("t = reshape(arange(3 * 5 * 9) - 60.0, 3, 5, 9) * 1.25")
    for width in stride(from: 30, through: 120, by: 5) {
      run.interpreter.format.lineWidth = width
      let text = try #require(run.shown("t"))
      for line in text.split(separator: "\n") {
        #expect(line.count <= width, "at \(width): \(line)")
      }
      let numbers = text.split(whereSeparator: { " ,[]()\n".contains($0) })
        .filter { $0.first!.isNumber || $0.first == "-" }
      #expect(numbers.count == 3 * 5 * 9 + 3, "at \(width): \(text)")
    }
  }

  @Test func clockIsMonotonicSeconds() {
    check("t0 = clock()\nt1 = clock()\nprint(t1 >= t0, t1 - t0 < 5)", "true true")
    // CPU time advances only while the program computes, never faster than the wall clock.
    check(
      "c0 = clock(cpu: true)\nw0 = clock()\nx = sum(randn(300, 300) @ randn(300, 300))\nc1 = clock(cpu: true)\nw1 = clock()\nprint(c1 > c0, c1 - c0 <= w1 - w0 + 0.01)",
      "true true")
  }

  @Test(arguments: [
    (
      "x = arange(6)\ny = arange(6) * 10\nfor (xb, yb) in batches(x, y, size: 4, seed: 1) { print(xb, yb) }",
      """
      tensor([0.0000, 3.0000, 1.0000, 5.0000], shape: [4]) tensor([ 0.0000, 30.0000, 10.0000, 50.0000], shape: [4])
      tensor([2.0000, 4.0000], shape: [2]) tensor([20.0000, 40.0000], shape: [2])
      """
    ),
    (
      "x = arange(5)\nfor xb in batches(x, size: 2, shuffle: false) { print(xb) }",
      "tensor([0.0000, 1.0000], shape: [2])\ntensor([2.0000, 3.0000], shape: [2])\ntensor([4.0000], shape: [1])"
    ),
    ("x = randn(10, 3, seed: 0)\nlen(batches(x, x, size: 4))", "3"),
  ])
  func batches(source: String, expected: String) {
    check(source, expected)
  }

  @Test func batchesAreSeeded() {
    let program = "x = arange(8)\nfor xb in batches(x, size: 8, seed: 5) { print(xb) }\n"
    let first = RuntimeHarness.output(program)
    #expect(first == RuntimeHarness.output(program))
    #expect(
      first != RuntimeHarness.output(program.replacingOccurrences(of: "seed: 5", with: "seed: 6")))
    #expect(
      first
        != "tensor([0.0000, 1.0000, 2.0000, 3.0000, 4.0000, 5.0000, 6.0000, 7.0000], shape: [8])")
  }

  @Test func loadCSVReadsNumbersWithAHeader() throws {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("gradus-\(UUID().uuidString).csv").path
    try "a,b\n1,2\n3, 4.5\r\n\n".write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    check(
      "d = load_csv(\"\(path)\")\nd",
      "tensor([[1.0000, 2.0000],\n        [3.0000, 4.5000]], shape: [2, 2])")
    let (diagnostic, _) = RuntimeHarness.diagnostic("load_csv(\"\(path)\", header: false)")
    #expect(diagnostic?.id == "file-error")
    #expect(diagnostic?.message == "`\(path)` line 1, column 1: `a` is not a number")
    let (missing, _) = RuntimeHarness.diagnostic("load_csv(\"\(path).missing\")")
    #expect(missing?.message == "cannot read `\(path).missing`")
  }

  /// Ctrl-C from another thread stops `while true { }`; names assigned before it keep their
  /// values, and the session goes on.
  @Test func interruptStopsAnEndlessLoop() {
    let flag = InterruptFlag()
    let started = ContinuousClock.now
    let run = RuntimeHarness.run(
      "before = 42\nn = 0\nwhile true { n += 1 }\nafter = 1", interrupt: flag
    ) {
      // If the interrupt were ignored, the step limit ends the loop (and the test fails) instead
      // of hanging.
      $0.maxSteps = 2_000_000
      DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { flag.raise() }
    }
    #expect(ContinuousClock.now - started < .seconds(5))
    guard case .interrupted = run.outcome else {
      Issue.record("expected an interrupt, got:\n\(run.rendered)")
      return
    }
    #expect(run.rendered == "interrupted")
    #expect(run.shown("before") == "42")
    #expect((Int(run.shown("n") ?? "") ?? 0) > 0)
    #expect(run.shown("after") == nil)
    #expect(!flag.isRaised)
  }

  /// After an error the session keeps every earlier name and runs the next cell.
  @Test func errorsKeepTheSession() {
    let first = RuntimeHarness.run("a = 1\nb = [1, 2] @ [1, 2, 3]\nc = 3")
    #expect(first.diagnostic?.id == "shape-mismatch")
    #expect(first.shown("a") == "1")
    #expect(first.shown("c") == nil)
    let cell = SourceFile(name: "<repl:2>", text: "print(a + 1)")
    var succeeded = false
    LargeStack.run { succeeded = Pipeline.run(cell, in: first.interpreter).succeeded }
    #expect(succeeded)
    #expect(first.output == "2\n")
  }
}
