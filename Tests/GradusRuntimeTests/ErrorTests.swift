import Foundation
import GradusLanguage
import Testing

/// Every row of QUALITY.md's table "Errors, by what a learner actually types", run through the
/// whole pipeline (parse, evaluate, render), with the plain rendering as a golden where the
/// layout matters.
@Suite("Errors a learner meets (QUALITY.md)")
struct ErrorTests {
  /// The sample in QUALITY.md: caret under `@`, both operands labelled with their shapes, the
  /// inner sizes named in the help.
  @Test func matmulOfMismatchedShapes() {
    let (diagnostic, run) = RuntimeHarness.diagnostic(
      "x = randn(2, 3)\nW = randn(4, 5)\nb = 0\n\n# shapes\n\nz = x @ W + b\n")
    #expect(diagnostic?.id == "shape-mismatch")
    #expect(
      run.rendered == """
        error: cannot multiply [2, 3] by [4, 5]
         --> test.grad:7:7
          |
        7 | z = x @ W + b
          |     - ^ - [4, 5]
          |     |
          |     [2, 3]
          = help: the inner sizes must match: 3 (columns of x) and 4 (rows of W)
        """)
  }

  @Test func matmulSuggestsATranspose() {
    let (diagnostic, _) = RuntimeHarness.diagnostic("x = ones(2, 3)\nW = ones(4, 3)\nx @ W")
    #expect(diagnostic?.message == "cannot multiply [2, 3] by [4, 3]")
    #expect(
      diagnostic?.help
        == "the inner sizes must match: 3 (columns of x) and 4 (rows of W); did you mean `x @ W.T`?"
    )
  }

  @Test func unclosedParenthesis() {
    let (diagnostic, run) = RuntimeHarness.diagnostic("z = (x @ W + b")
    #expect(diagnostic?.id == .unclosedDelimiter)
    #expect(diagnostic.map { run.text(of: $0.span) } == "(")
    #expect(
      run.rendered == """
        error: '(' was never closed
         --> test.grad:1:5
          |
        1 | z = (x @ W + b
          |     ^
          = help: add `)` to close it
        """)
  }

  @Test func shapesThatDoNotBroadcast() {
    let (diagnostic, run) = RuntimeHarness.diagnostic("a = ones(2, 3)\nb = ones(4)\nc = a + b")
    #expect(diagnostic?.id == "shape-mismatch")
    #expect(
      run.rendered == """
        error: shapes [2, 3] and [4] do not broadcast: the last sizes 3 and 4 differ and neither is 1
         --> test.grad:3:7
          |
        3 | c = a + b
          |     - ^ - [4]
          |     |
          |     [2, 3]
          = help: broadcasting lines shapes up from the right; each pair of sizes must be equal or 1
        """)
  }

  @Test func typoSuggestsTheNearestName() {
    let (diagnostic, run) = RuntimeHarness.diagnostic("loss = 0.5\nlossx")
    #expect(diagnostic?.id == "unknown-name")
    #expect(diagnostic?.message == "unknown name `lossx`")
    #expect(diagnostic?.help == "did you mean `loss`?")
    #expect(diagnostic.map { run.text(of: $0.span) } == "lossx")
  }

  @Test func layerWithTooFewArguments() {
    let (diagnostic, run) = RuntimeHarness.diagnostic("layer = Linear(10)")
    #expect(diagnostic?.id == "wrong-arguments")
    #expect(diagnostic?.message == "`Linear` takes 2 arguments (n_in, n_out), got 1")
    #expect(diagnostic?.help == "`n_out` is missing: call it as `Linear(n_in, n_out)`")
    #expect(diagnostic.map { run.text(of: $0.span) } == "Linear(10)")
  }

  @Test func gradientBeforeBackward() {
    let (diagnostic, run) = RuntimeHarness.diagnostic(
      "w = param([1.0, 2.0])\nloss = sum(w * w)\ngrad(w)")
    #expect(diagnostic?.id == "no-gradient")
    #expect(diagnostic?.message == "`w` has no gradient yet: call `backward(loss)` first")
    #expect(diagnostic.map { run.text(of: $0.span) } == "w")
  }

  @Test func pastedPythonLoop() {
    let (diagnostic, run) = RuntimeHarness.diagnostic("for i in range(10):\n    print(i)\n")
    #expect(diagnostic?.id == .pythonSyntax)
    #expect(
      run.rendered.hasPrefix(
        """
        error: this looks like Python; in Gradus write `for i in 0..<10 { … }`
         --> test.grad:1:10
          |
        1 | for i in range(10):
          |          ^^^^^^^^^^
        """))
    #expect(run.output.isEmpty)
  }

  @Test func raggedTensorLiteral() {
    let (diagnostic, run) = RuntimeHarness.diagnostic("x = [[1, 2], [3]]")
    #expect(diagnostic?.id == "ragged-literal")
    #expect(
      run.rendered == """
        error: ragged tensor literal: row 2 has 1 element, row 1 has 2
         --> test.grad:1:14
          |
        1 | x = [[1, 2], [3]]
          |      ------  ^^^
          |      |
          |      row 1
          = help: every row of a tensor needs the same length
        """)
  }

  @Test(arguments: [
    ("[[1, 2, 3], [4, 5]]", "ragged tensor literal: row 2 has 2 elements, row 1 has 3", "[4, 5]"),
    ("[[1, 2], [3, 4], [5]]", "ragged tensor literal: row 3 has 1 element, row 1 has 2", "[5]"),
    ("[1, [2, 3]]", "ragged tensor literal: row 2 has 2 elements, row 1 has a number", "[2, 3]"),
  ])
  func raggedRowsAreNamed(source: String, message: String, row: String) {
    let (diagnostic, run) = RuntimeHarness.diagnostic(source)
    #expect(diagnostic?.message == message)
    #expect(diagnostic.map { run.text(of: $0.span) } == row)
  }

  @Test func greekLettersAreOrdinaryNames() {
    #expect(
      RuntimeHarness.output("θ = 0.1\nα_1 = θ * 2\nŷ = α_1 + 1\n中文 = 3\nprint(θ, ŷ, 中文)")
        == "0.1000 1.2000 3")
  }

  /// Empty input, only comments, and 1 MB lines run quietly (no output, no error) and quickly.
  @Test(arguments: QuietInput.all)
  func quietInputs(_ input: QuietInput) {
    let source = input.source()
    let clock = ContinuousClock()
    var run: HarnessRun?
    let elapsed = clock.measure { run = RuntimeHarness.run(source) }
    #expect(run?.outcome.succeeded == true, "\(run?.rendered ?? "")")
    #expect(run?.trimmedOutput == input.expected)
    // Generous for a debug build (about a second for 1 MB); quadratic behaviour takes minutes.
    #expect(elapsed < .seconds(10), "took \(elapsed)")
  }
}

/// An input that must run quietly; its text is made when the test runs, so a megabyte of it is
/// not printed as the test's name.
struct QuietInput: Sendable, CustomTestStringConvertible {
  let kind: String
  let source: @Sendable () -> String
  let expected: String

  var testDescription: String { kind }

  static let megabyte = 1 << 20

  static let all: [QuietInput] = [
    QuietInput(kind: "empty", source: { "" }, expected: ""),
    QuietInput(kind: "only a comment", source: { "# just a comment" }, expected: ""),
    QuietInput(kind: "only blank lines", source: { "\n\n   \n\t\n" }, expected: ""),
    QuietInput(kind: "only prose", source: { "#' # A lesson with no code yet" }, expected: ""),
    QuietInput(
      kind: "a 1 MB comment", source: { "# " + String(repeating: "x", count: megabyte) },
      expected: ""),
    QuietInput(
      kind: "a 1 MB string",
      source: { "s = \"" + String(repeating: "a", count: megabyte) + "\"\nlen(s)" },
      expected: "\(megabyte)"),
    QuietInput(
      kind: "1 MB of data on one line",
      source: { "x = [" + String(repeating: "0.5, ", count: megabyte / 5) + "1]\nlen(x)" },
      expected: "\(megabyte / 5 + 1)"),
  ]
}
