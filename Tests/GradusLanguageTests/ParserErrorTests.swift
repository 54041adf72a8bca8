import Testing

@testable import GradusLanguage

@Suite("Parser: errors and recovery")
struct ParserErrorTests {
  /// (source, the diagnostic ids, the first message)
  @Test(arguments: [
    ("z = (x @ W + b", [DiagnosticID.unclosedDelimiter], "'(' was never closed"),
    ("x = [1, 2\ny = 3", [.unclosedDelimiter], "'[' was never closed"),
    ("x = f(a, b", [.unclosedDelimiter], "'(' was never closed"),
    ("if x { y = 1", [.unclosedDelimiter], "'{' was never closed"),
    ("x = [1, 2 3]", [.unexpectedToken], "expected `,` or `]` after a list element, found `3`"),
    ("f(1 2)", [.unexpectedToken], "expected `,` or `)` after an argument, found `2`"),
    (
      "x = (1 + 2]", [.mismatchedDelimiter], "mismatched closing delimiter: expected `)`, found `]`"
    ),
    ("x = )", [.unexpectedClosingDelimiter], "unexpected `)`"),
    ("}", [.unexpectedClosingDelimiter], "unexpected `}`"),
    ("x = ", [.expectedExpression], "expected an expression after `=`, found end of input"),
    ("x = in", [.expectedExpression], "expected an expression after `=`, found `in`"),
    ("    * 2", [.expectedExpression], "expected an expression, found `*`"),
    ("a = b\n.c", [.expectedExpression], "expected an expression, found `.`"),
    ("w = .5", [.expectedExpression], "expected an expression after `=`, found `.`"),
    ("x = 2.", [.unexpectedToken], "expected a field name after `.`, found end of input"),
    ("x[]", [.expectedExpression], "expected an index inside `[]`"),
    ("x = (a, b)", [.unexpectedToken], "`(a, b)` is not a value in Gradus"),
    ("x = 1 2", [.expectedStatementEnd], "expected end of statement, found `2`"),
    ("print x", [.expectedStatementEnd], "expected end of statement, found `x`"),
    ("if a { } x = 1", [.expectedStatementEnd], "expected end of statement, found `x`"),
    ("a < b < c", [.chainedComparison], "comparisons cannot be chained"),
    ("a == b != c", [.chainedComparison], "comparisons cannot be chained"),
    ("a...b...c", [.chainedRange], "ranges cannot be chained"),
    ("1 = x", [.invalidAssignmentTarget], "cannot assign to a literal"),
    ("f(x) + 1 = 3", [.invalidAssignmentTarget], "cannot assign to this expression"),
    ("self = 1", [.invalidAssignmentTarget], "cannot assign to `self`"),
    ("a = b = c", [.invalidAssignmentTarget], "assignments cannot be chained"),
    ("else { }", [.unexpectedToken], "`else` without an `if`"),
    ("if x = 1 { }", [.unexpectedToken], "expected `{` after the condition, found `=`"),
    (
      "for i in xs", [.unexpectedToken],
      "expected `{` to start the body of the `for` loop, found end of input"
    ),
    ("for i xs { }", [.unexpectedToken], "expected `in` after the loop variable, found `xs`"),
    ("fn (x) = 1", [.unexpectedToken], "expected a function name after `fn`, found `(`"),
    ("fn f x = 1", [.unexpectedToken], "expected `(` after `f`, found `x`"),
    ("fn f(x) x", [.unexpectedToken], "expected `=` or `{` after the parameters of `f`, found `x`"),
    ("fn f(1) = 1", [.unexpectedToken], "expected a parameter name, found `1`"),
    ("fn f(x, x) = 1", [.duplicateName], "parameter `x` appears twice"),
    ("fn f(a = 1, b) = 1", [.argumentOrder], "parameter `b` needs a default value"),
    ("fn f(lr: 0.1) = 1", [.unexpectedToken], "a default value is written with `=`"),
    ("f(a: 1, 2)", [.argumentOrder], "positional argument after a named one"),
    ("f(a: 1, a: 2)", [.duplicateName], "argument `a` is given twice"),
    ("f(x) = x * x", [.missingFn], "missing `fn` before the definition of `f`"),
    ("return 1", [.misplacedStatement], "`return` outside a function"),
    ("break", [.misplacedStatement], "`break` outside a loop"),
    ("fn f() { continue }", [.misplacedStatement], "`continue` outside a loop"),
    ("for i in xs { fn f() { break } }", [.misplacedStatement], "`break` outside a loop"),
    ("model M { return 1 }", [.misplacedStatement], "`return` outside a function"),
    (
      "fn f() { model M {} }", [.misplacedStatement], "a model can only be defined at the top level"
    ),
    ("model {}", [.unexpectedToken], "expected a model name after `model`, found `{`"),
  ])
  func syntaxErrors(source: String, ids: [DiagnosticID], message: String) {
    let diagnostics = Support.parse(source).diagnostics
    #expect(diagnostics.map(\.id) == ids, "\(Support.rendered(source))")
    #expect(diagnostics.first?.message == message)
    #expect(diagnostics.allSatisfy { $0.message.first?.isUppercase != true })
    #expect(diagnostics.allSatisfy { !$0.message.hasSuffix(".") })
  }

  /// Pasted Python: (source, message, help)
  @Test(
    arguments: [
      (
        "for i in range(10):\n    x = x + i",
        "this looks like Python; in Gradus write `for i in 0..<10 { … }`",
        "`a..<b` counts from a up to b - 1; `a...b` includes b"
      ),
      (
        "for i in range(2, n):\n    pass",
        "this looks like Python; in Gradus write `for i in 2..<n { … }`",
        "`a..<b` counts from a up to b - 1; `a...b` includes b"
      ),
      (
        "for x in xs:\n    print(x)", "this looks like Python; in Gradus write `for x in xs { … }`",
        "Gradus uses braces `{ … }` for blocks, not `:`"
      ),
      (
        "def f(x):\n    return x * 2", "this looks like Python; in Gradus write `fn f(x) { … }`",
        "functions start with `fn`, and their body goes in braces"
      ),
      (
        "def loss(p, y, lr=0.1):\n    return 1",
        "this looks like Python; in Gradus write `fn loss(p, y, lr=0.1) { … }`",
        "functions start with `fn`, and their body goes in braces"
      ),
      (
        "if x > 0:\n    y = 1",
        "this looks like Python; Gradus uses braces `{ … }` for blocks, not `:`",
        "write `if x > 0 {` and end the block with `}`"
      ),
      (
        "while x:\n    x -= 1",
        "this looks like Python; Gradus uses braces `{ … }` for blocks, not `:`",
        "write `while x {` and end the block with `}`"
      ),
      (
        "if a { } else:\n    b = 1",
        "this looks like Python; Gradus uses braces `{ … }` for blocks, not `:`",
        "write `else {` and end the block with `}`"
      ),
      (
        "fn f(x):\n    return x",
        "this looks like Python; Gradus uses braces `{ … }` for blocks, not `:`",
        "write `fn f(x) {` and end the block with `}`"
      ),
      (
        "elif x { }", "this looks like Python; in Gradus write `else if`",
        "`else if` follows the `}` that ends the `if` block"
      ),
      (
        "class Net(nn.Module):\n    def forward(self, x):\n        return x",
        "this looks like Python; in Gradus write `model Net(…) { … }`",
        "a model lists its parameters, builds its layers in the body, and defines `forward(x) = …`"
      ),
      (
        "import torch", "this looks like Python; Gradus has nothing to import",
        "the builtins (tensors, layers, losses, optimizers) are always available"
      ),
      ("x = 2 ** 3", "powers are written with `^`", "write `x ^ 2`"),
      ("ok = True", "`True` is written `true` in Gradus", nil),
      ("f(lr=0.1)", "named arguments are written with `:`", "write `lr: …`"),
      (
        "for i, x in pairs { }", "several loop variables go in parentheses",
        "write `for (i, x) in …`"
      ),
      ("if a && b { }", "use `and` to combine conditions", "write `a and b`"),
    ] as [(String, String, String?)])
  func pythonHints(source: String, message: String, help: String?) {
    let diagnostics = Support.parse(source).diagnostics
    #expect(diagnostics.count == 1, "\(Support.rendered(source))")
    #expect(diagnostics.first?.message == message)
    #expect(diagnostics.first?.help == help)
  }

  @Test func pythonElifContinuesTheIfStatement() {
    let result = Support.parse("if a { b } elif c { d } else { e }")
    #expect(result.diagnostics.map(\.id) == [.pythonSyntax])
    #expect(result.program.sexpr == "(if a (block b) (else-if c (block d)) (else (block e)))")
  }

  @Test func pythonLiteralsParseAsGradusLiterals() {
    let result = Support.parse("x = [True, False, None]")
    #expect(result.diagnostics.count == 3)
    #expect(result.program.sexpr == "(= x (list true false none))")
    #expect(
      result.diagnostics.first?.fixIts == [.init(span: Span(start: 5, end: 9), replacement: "true")]
    )
  }

  @Test func threeErrorsInOneFileGiveThreeDiagnostics() {
    let source = """
      x = (1 + 2
      y = 3 +* 4
      z = [1, 2
      w = 5
      fn ok(a) = a
      """
    let result = Support.parse(source)
    #expect(
      result.diagnostics.map(\.id) == [.unclosedDelimiter, .expectedExpression, .unclosedDelimiter])
    #expect(
      result.diagnostics.map { result.program.source.location(of: $0.span.start).line } == [
        1, 2, 3,
      ])
    // The good statements around the bad ones are kept.
    #expect(result.program.sexpr == "(= w 5)\n(fn ok (a) a)")
  }

  @Test func recoveryInsideBlocksKeepsTheBlock() {
    let source = """
      for i in 0..<3 {
        a = (1 +
        b = 2
        c = 3 3
        e = 5
      }
      d = 4
      """
    let result = Support.parse(source)
    #expect(result.diagnostics.map(\.id) == [.unclosedDelimiter, .expectedStatementEnd])
    #expect(result.program.sexpr == "(for i (..< 0 3) (block (= e 5)))\n(= d 4)")
  }

  @Test func mismatchedCloserInsideABlockRecoversAtTheBrace() {
    let result = Support.parse("if x { y = (1 + 2 }\nz = 1")
    #expect(result.diagnostics.map(\.id) == [.mismatchedDelimiter])
    #expect(result.program.sexpr == "(if x (block))\n(= z 1)")
  }

  @Test func brokenHeaderSkipsItsWholeBlock() {
    let result = Support.parse("if x y {\n  a = 1\n  b = 2\n}\nc = 3")
    #expect(result.diagnostics.count == 1)
    #expect(result.program.sexpr == "(= c 3)")
  }

  @Test func pythonBodyIsSkippedWithItsHeader() {
    let source = "for i in range(3):\n    total = total + i\n    return total\nprint(total)"
    let result = Support.parse(source)
    #expect(result.diagnostics.count == 1)
    #expect(result.program.sexpr == "(call print total)")
  }

  @Test func lexicalErrorsAreNotEchoedByTheParser() {
    let result = Support.parse("x = $\ny = 1 ? 2")
    #expect(result.diagnostics.map(\.id) == [.invalidCharacter, .invalidCharacter])
  }

  @Test func onlyTheInnermostUnclosedBlockIsReported() {
    let result = Support.parse("for i in xs {\n  if x {\n    y = 1\nz = 2")
    #expect(result.diagnostics.map(\.id) == [.unclosedDelimiter])
    #expect(result.program.source.location(of: result.diagnostics[0].span.start) == (2, 8))
  }

  @Test func manyErrorsAreCapped() {
    let source = Array(repeating: "x = )", count: 500).joined(separator: "\n")
    let diagnostics = Support.parse(source).diagnostics
    #expect(diagnostics.filter { $0.severity == .error }.count == 100)
    #expect(diagnostics.last?.id == .tooManyErrors)
    #expect(diagnostics.last?.message == "too many errors; stopped after 100")
  }

  @Test func strayClosingBracesAreCappedToo() {
    let diagnostics = Support.parse(String(repeating: "}\n", count: 10_000)).diagnostics
    #expect(diagnostics.count == 101)
    #expect(diagnostics.last?.id == .tooManyErrors)
  }

  @Test func callHintForPythonTwoPrint() {
    let diagnostic = Support.parse("print x").diagnostics.first
    #expect(diagnostic?.help == "to call `print`, put its arguments in parentheses: `print(x)`")
  }

  @Test func chainedComparisonSuggestsAnd() {
    let diagnostic = Support.parse("0 < x <= 1").diagnostics.first
    #expect(diagnostic?.help == "write `0 < x and x <= 1`")
  }

  @Test func goldenPythonForLoop() {
    #expect(
      Support.rendered("for i in range(10):\n    print(i)") == """
        error: this looks like Python; in Gradus write `for i in 0..<10 { … }`
         --> test.grad:1:10
          |
        1 | for i in range(10):
          |          ^^^^^^^^^^
          = help: `a..<b` counts from a up to b - 1; `a...b` includes b
        """)
  }

  @Test func goldenMismatchedDelimiter() {
    #expect(
      Support.rendered("x = f(1, [2, 3)") == """
        error: mismatched closing delimiter: expected `]`, found `)`
         --> test.grad:1:15
          |
        1 | x = f(1, [2, 3)
          |          -    ^
          |          |
          |          unclosed `[`
        """)
  }
}
