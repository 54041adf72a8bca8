import Testing

@testable import GradusLanguage

@Suite("Parser: statements and cells")
struct ParserStatementTests {
  @Test(arguments: [
    // Assignment.
    ("x = 1", "(= x 1)"),
    ("net.fc1.W = [[1]]", "(= (. (. net fc1) W) (list (list 1)))"),
    ("x[0] = 2", "(= (index x 0) 2)"),
    ("self.count = 0", "(= (. self count) 0)"),
    ("w += 1", "(+= w 1)"),
    ("w -= lr * grad(w)", "(-= w (* lr (call grad w)))"),
    ("w *= 2", "(*= w 2)"),
    ("w /= 2", "(/= w 2)"),
    ("(a, b) = f()", "(= (tuple a b) (call f))"),
    ("(a, b,) = pair", "(= (tuple a b) pair)"),
    ("(a) = 1", "(= a 1)"),
    // Separators and continuation.
    ("a = 1; b = 2", "(= a 1)\n(= b 2)"),
    ("a = 1;", "(= a 1)"),
    ("a = 1 +\n  2", "(= a (+ 1 2))"),
    ("a = x and\n  y", "(= a (and x y))"),
    ("a =\n  3", "(= a 3)"),
    ("a = 1\n-2", "(= a 1)\n(neg 2)"),
    ("f\n(x)", "f\nx"),
    // Functions.
    ("fn square(x) = x * x", "(fn square (x) (* x x))"),
    ("fn zero() = 0", "(fn zero () 0)"),
    ("fn f(x, lr = 0.01) = x - lr", "(fn f (x (= lr 0.01)) (- x lr))"),
    (
      "fn mse(p, y) { d = p - y; return mean(d ^ 2) }",
      "(fn mse (p y) (block (= d (- p y)) (return (call mean (^ d 2)))))"
    ),
    ("fn f() { return }", "(fn f () (block (return)))"),
    ("fn f(x)\n{\n  return x\n}", "(fn f (x) (block (return x)))"),
    (
      "fn outer() { fn inner() = 1\n return inner() }",
      "(fn outer () (block (fn inner () 1) (return (call inner))))"
    ),
    // Control flow.
    ("if a { b }", "(if a (block b))"),
    ("if a { b } else { c }", "(if a (block b) (else (block c)))"),
    (
      "if a { b } else if c { d } else { e }",
      "(if a (block b) (else-if c (block d)) (else (block e)))"
    ),
    ("if a {\n  b\n}\nelse {\n  c\n}", "(if a (block b) (else (block c)))"),
    ("if a {}", "(if a (block))"),
    ("for i in 1...100 { }", "(for i (... 1 100) (block))"),
    ("for i in 0..<n { x = x + i }", "(for i (..< 0 n) (block (= x (+ x i))))"),
    (
      "for (xb, yb) in batches(x, y, size: 16) { }",
      "(for (xb yb) (call batches x y size:16) (block))"
    ),
    ("while x > 0 { x -= 1 }", "(while (> x 0) (block (-= x 1)))"),
    (
      "while true { if done { break } else { continue } }",
      "(while true (block (if done (block (break)) (else (block (continue))))))"
    ),
    (
      "for i in xs { fn f() { for j in ys { break }; return 1 } }",
      "(for i xs (block (fn f () (block (for j ys (block (break))) (return 1)))))"
    ),
    // Scoped blocks.
    ("trace { z = x @ W + b }", "(scope trace (block (= z (+ (@ x W) b))))"),
    ("no_grad {\n  w -= 1\n}", "(scope no_grad (block (-= w 1)))"),
    ("detect_anomaly { backward(loss) }", "(scope detect_anomaly (block (call backward loss)))"),
    // Models.
    (
      "model MLP(n_in, n_hidden, n_out) {\n  fc1 = Linear(n_in, n_hidden)\n  fc2 = Linear(n_hidden, n_out)\n  forward(x) = fc2(relu(fc1(x)))\n}",
      "(model MLP (n_in n_hidden n_out) (= fc1 (call Linear n_in n_hidden)) (= fc2 (call Linear n_hidden n_out)) (fn forward (x) (call fc2 (call relu (call fc1 x)))))"
    ),
    (
      "model SGD(net, lr = 0.01) {\n  ps = params(net)\n  step() {\n    for p in ps { p -= lr * grad(p) }\n  }\n  fn zero_grad() = zero_grad(net)\n}",
      "(model SGD (net (= lr 0.01)) (= ps (call params net)) (fn step () (block (for p ps (block (-= p (* lr (call grad p))))))) (fn zero_grad () (call zero_grad net)))"
    ),
    ("model Empty {}", "(model Empty ())"),
    (
      "model Stack(n) {\n  layers = []\n  for i in 0..<n { append(layers, Linear(4, 4)) }\n  forward(x) {\n    for layer in layers { x = layer(x) }\n    return x\n  }\n}",
      "(model Stack (n) (= layers (list)) (for i (..< 0 n) (block (call append layers (call Linear 4 4)))) (fn forward (x) (block (for layer layers (block (= x (call layer x)))) (return x))))"
    ),
  ])
  func construct(source: String, expected: String) {
    #expect(Support.sexpr(source) == expected)
  }

  @Test func cellsSplitProseFromCode() throws {
    let text = """
      #' # Gradient descent
      #' We start from *x = 10*.
      x = param(10.0)
      lr = 0.2

      #' One step:
      x = x - lr * grad(x)
      #' The end.
      """
    let result = Support.parse(text)
    #expect(result.diagnostics.isEmpty)
    let cells = result.program.cells
    #expect(cells.count == 5)
    guard cells.count == 5,
      case .prose(let intro, let introSpan) = cells[0],
      case .code(let first, _) = cells[1],
      case .prose(let middle, _) = cells[2],
      case .code(let second, let secondSpan) = cells[3],
      case .prose(let end, _) = cells[4]
    else {
      Issue.record("unexpected cells: \(cells)")
      return
    }
    #expect(intro == "# Gradient descent\nWe start from *x = 10*.")
    #expect(result.program.source.text(of: introSpan).hasPrefix("#' # Gradient descent"))
    #expect(first.map(\.sexpr) == ["(= x (call param 10.0))", "(= lr 0.2)"])
    #expect(middle == "One step:")
    #expect(second.count == 1)
    #expect(result.program.source.text(of: secondSpan) == "x = x - lr * grad(x)")
    #expect(end == "The end.")
    #expect(result.program.statements.count == 3)
  }

  @Test func blankLineSeparatesProseCells() {
    let cells = Support.parse("#' one\n\n#' two\n#' three").program.cells
    #expect(cells.count == 2)
    if case .prose(let text, _) = cells.last { #expect(text == "two\nthree") }
  }

  @Test(arguments: [
    "", "\n\n", "# only a comment", "# one\n# two\n\n   # three\n", "#!/usr/bin/env gradus\n",
  ])
  func emptyPrograms(text: String) {
    let result = Support.parse(text)
    #expect(result.diagnostics.isEmpty)
    #expect(result.program.cells.isEmpty)
    #expect(result.program.statements.isEmpty)
  }

  @Test func parseCellForTheREPL() throws {
    let result = Parser.parseCell("x = 3\nx * 2", name: "<repl:1>")
    #expect(!result.hasErrors)
    #expect(result.program.source.name == "<repl:1>")
    #expect(result.program.sexpr == "(= x 3)\n(* x 2)")
    let program = try result.get()
    #expect(program.statements.count == 2)
  }

  @Test func getThrowsTheDiagnostics() {
    let result = Parser.parseCell("x = (")
    #expect(result.hasErrors)
    #expect(throws: DiagnosticError.self) { try result.get() }
  }

  @Test func modelMethodsAreListed() throws {
    let statement = try #require(
      Support.parse("model M { a = 1\n f(x) = x\n fn g() { return 2 } }").program.statements.first)
    guard case .model(let declaration) = statement.kind else {
      Issue.record("not a model")
      return
    }
    #expect(declaration.methods.map(\.name.name) == ["f", "g"])
    #expect(declaration.members.count == 3)
  }
}
