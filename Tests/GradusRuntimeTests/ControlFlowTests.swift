import Testing

/// Loops, conditionals, scopes and functions, each as a table of programs and their output.
@Suite("Evaluator: control flow, scopes and functions")
struct ControlFlowTests {
  func check(
    _ source: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      RuntimeHarness.output(source, sourceLocation: sourceLocation) == expected,
      sourceLocation: sourceLocation)
  }

  @Test(arguments: [
    ("s = 0\nfor i in 1...3 { s += i }\ns", "6"),
    ("for i in 0..<3 { print(i) }", "0\n1\n2"),
    ("for i in 5...4 { print(\"never\") }\nprint(\"done\")", "done"),
    ("for w in [\"a\", \"b\"] { print(w) }", "a\nb"),
    ("for r in [[1, 2], [3, 4]] { print(sum(r)) }", "3.0000\n7.0000"),
    ("for (a, b) in [[1, 2], [3, 4]] { print(a + b) }", "3.0000\n7.0000"),
    ("for i in 0..<3 { last = i }\nlast", "2"),
    ("for i in 0..<3 { }\ni", "2"),
    (
      "for i in 1...10 {\n  if i % 2 == 0 { continue }\n  if i > 5 { break }\n  print(i)\n}",
      "1\n3\n5"
    ),
    (
      "for i in 0..<2 {\n  for j in 0..<3 {\n    if j == 1 { break }\n    print(i, j)\n  }\n}",
      "0 0\n1 0"
    ),
  ])
  func forLoops(source: String, expected: String) {
    check(source, expected)
  }

  @Test(arguments: [
    ("n = 0\nwhile n < 5 { n += 1 }\nn", "5"),
    ("n = 10\nwhile n < 5 { n += 1 }\nn", "10"),
    (
      "n = 0\nwhile true {\n  n += 1\n  if n % 2 == 0 { continue }\n  if n > 6 { break }\n  print(\"odd\", n)\n}\nn",
      "odd 1\nodd 3\nodd 5\n7"
    ),
  ])
  func whileLoops(source: String, expected: String) {
    check(source, expected)
  }

  @Test(arguments: [
    ("if 1 < 2 { print(\"yes\") }", "yes"),
    ("if 1 > 2 { print(\"yes\") }\nprint(\"after\")", "after"),
    ("if false { print(1) } else { print(2) }", "2"),
    (
      "x = 0\nif x > 0 {\n  print(\"pos\")\n} else if x < 0 {\n  print(\"neg\")\n}\nelse {\n  print(\"zero\")\n}",
      "zero"
    ),
    (
      "x = -3\nif x > 0 { print(\"pos\") } else if x < 0 { print(\"neg\") } else { print(\"zero\") }",
      "neg"
    ),
    (
      "if sum([1, 1]) > 1 { print(\"one-element tensors are conditions\") }",
      "one-element tensors are conditions"
    ),
  ])
  func conditionals(source: String, expected: String) {
    check(source, expected)
  }

  /// As in Python: a function body has its own scope; `if`, `for` and `while` blocks do not;
  /// assigning a global's name inside a function makes a local.
  @Test(arguments: [
    ("if true { inside = 1 }\ninside", "1"),
    ("for i in 0..<1 { made = \"in loop\" }\nmade", "in loop"),
    ("n = 0\nwhile n < 1 { n += 1\n seen = n }\nseen", "1"),
    ("g = 1\nfn set_g() {\n  g = 2\n  return g\n}\nprint(set_g())\ng", "2\n1"),
    ("g = 1\nfn read_g() = g + 10\nread_g()", "11"),
    ("g = 1\nfn later() = g\ng = 5\nlater()", "5"),
    ("fn f(x) {\n  x = x + 1\n  return x\n}\nx = 10\nprint(f(1))\nx", "2\n10"),
    ("fn f() {\n  if true { y = 3 }\n  return y\n}\nf()", "3"),
  ])
  func scopes(source: String, expected: String) {
    check(source, expected)
  }

  @Test func aFunctionsLocalsAreNotVisibleOutside() {
    let (diagnostic, _) = RuntimeHarness.diagnostic(
      "fn f() {\n  hidden = 5\n  return hidden\n}\nf()\nhidden")
    #expect(diagnostic?.id == "unknown-name")
    #expect(diagnostic?.message == "unknown name `hidden`")
  }

  @Test(arguments: [
    ("fn square(x) = x * x\nsquare(3)", "9"),
    ("fn mse(p, y) {\n  d = p - y\n  return mean(d ^ 2)\n}\nmse([1, 2], [1, 4])", "2.0000"),
    ("fn add(a, b = 10) = a + b\nadd(1)", "11"),
    ("fn add(a, b = 10) = a + b\nadd(1, 2)", "3"),
    ("fn add(a, b = 10) = a + b\nadd(1, b: 3)", "4"),
    ("fn add(a, b = 10) = a + b\nadd(b: 4, a: 1)", "5"),
    ("k = 2\nfn scaled(x, by = k * 3) = x * by\nscaled(1)", "6"),
    ("fn fact(n) {\n  if n <= 1 { return 1 }\n  return n * fact(n - 1)\n}\nfact(10)", "3628800"),
    ("fn fib(n) {\n  if n < 2 { return n }\n  return fib(n - 1) + fib(n - 2)\n}\nfib(15)", "610"),
    ("fn nothing() {\n  x = 1\n}\nprint(nothing())", "none"),
    ("fn bare() {\n  return\n}\nprint(bare())", "none"),
    (
      "fn early(x) {\n  for i in 0..<10 {\n    if i == x { return i * 100 }\n  }\n  return -1\n}\nprint(early(3))\nearly(20)",
      "300\n-1"
    ),
    ("fn apply(f, x) = f(x)\nfn twice(v) = 2 * v\napply(twice, 4)", "8"),
    ("fn pair() = [1, \"b\"]\n(a, b) = pair()\nprint(a)\nb", "1\nb"),
  ])
  func functions(source: String, expected: String) {
    check(source, expected)
  }

  @Test func deepButBoundedRecursionRuns() {
    // 900 nested calls (the limit is 1,000) run on the evaluator's large stack.
    check("fn down(n) {\n  if n == 0 { return 0 }\n  return 1 + down(n - 1)\n}\ndown(900)", "900")
  }
}
