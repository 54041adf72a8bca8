import Testing

/// One table per construct: each row is a program and the exact text it prints (bare
/// expressions show their value, as in `gradus run`).
@Suite("Evaluator: values and operators")
struct EvaluatorTests {
  func check(
    _ source: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      RuntimeHarness.output(source, sourceLocation: sourceLocation) == expected,
      sourceLocation: sourceLocation)
  }

  @Test(arguments: [
    ("3", "3"),
    ("-3", "-3"),
    ("1_000_000", "1000000"),
    ("0.5", "0.5000"),
    ("1e-3", "0.0010"),
    ("2.5e3", "2500.0000"),
    ("1e9", "1.0000e+09"),
    ("3.14159265", "3.1416"),
    ("\"loss\"", "loss"),
    (#""a\tb\u{3B8}""#, "a\tbθ"),
    ("true", "true"),
    ("false", "false"),
    ("print(none)", "none"),
    ("none", ""),
    ("θ = 0.1\nα_1 = θ * 2\nα_1", "0.2000"),
  ])
  func literals(source: String, expected: String) {
    check(source, expected)
  }

  @Test(arguments: [
    ("[1, 2, 3].shape", "[3]"),
    ("[[1, 2], [3, 4]].shape", "[2, 2]"),
    ("[[[1], [2]], [[3], [4]], [[5], [6]]].shape", "[3, 2, 1]"),
    ("[[1, 2],\n [3, 4],].shape", "[2, 2]"),
    ("param(2.0).shape", "[]"),
    ("[1, 2, 3]", "tensor([1.0000, 2.0000, 3.0000], shape: [3])"),
    ("[true, false]", "tensor([1.0000, 0.0000], shape: [2])"),
    ("v = [1, 2]\nstack([v, v * 2]).shape", "[2, 2]"),
    ("v = [1, 2]\nlen([v, v * 2])", "2"),
    ("[]", "[]"),
    ("[1, \"a\"]", "[1, \"a\"]"),
  ])
  func tensorLiterals(source: String, expected: String) {
    check(source, expected)
  }

  @Test(arguments: [
    ("l = []\nappend(l, 1)\nappend(l, \"two\")\nl", "[1, \"two\"]"),
    ("l = [1, \"a\", none]\nlen(l)", "3"),
    ("l = []\nlen(l)", "0"),
    ("l = [1, \"a\", 3]\nl[0]", "1"),
    ("l = [1, \"a\", 3]\nl[-1]", "3"),
    ("l = [1, \"a\", 3]\nl[1:]", "[\"a\", 3]"),
    ("l = [1, \"a\", 3]\nl[::-1]", "[3, \"a\", 1]"),
    ("l = [1, \"a\"]\nl[0] = 5\nl", "[5, \"a\"]"),
    ("l = []\nm = l\nappend(m, 1)\nlen(l)", "1"),
    ("l = [\"a\"]\nl += [\"b\"]\nl", "[\"a\", \"b\"]"),
    ("[\"a\"] + [\"b\", \"c\"]", "[\"a\", \"b\", \"c\"]"),
    ("len(\"θx\")", "2"),
    ("len(zeros(4, 2))", "4"),
    ("len(0..<5)", "5"),
  ])
  func lists(source: String, expected: String) {
    check(source, expected)
  }

  @Test(arguments: [
    ("x = [[1, 2, 3], [4, 5, 6]]\nx[0]", "tensor([1.0000, 2.0000, 3.0000], shape: [3])"),
    ("x = [[1, 2, 3], [4, 5, 6]]\nx[-1]", "tensor([4.0000, 5.0000, 6.0000], shape: [3])"),
    ("x = [[1, 2, 3], [4, 5, 6]]\nx[:, 1]", "tensor([2.0000, 5.0000], shape: [2])"),
    ("x = [[1, 2, 3], [4, 5, 6]]\nx[1, 2]", "6.0000"),
    ("x = [[1, 2, 3], [4, 5, 6]]\nx[0, 1:]", "tensor([2.0000, 3.0000], shape: [2])"),
    ("x = [[1, 2, 3], [4, 5, 6]]\nx[:, ::2].shape", "[2, 2]"),
    ("x = [[1, 2, 3], [4, 5, 6]]\nx[1:3].shape", "[1, 3]"),
    ("x = [10, 20, 30, 40]\nx[1:3]", "tensor([20.0000, 30.0000], shape: [2])"),
    ("x = [10, 20, 30]\nx[::-1]", "tensor([30.0000, 20.0000, 10.0000], shape: [3])"),
    ("x = [10, 20, 30]\nx[1] = 0\nx", "tensor([10.0000,  0.0000, 30.0000], shape: [3])"),
    (
      "table = [[1, 1], [2, 2], [3, 3]]\ntable[[2, 0]]",
      "tensor([[3.0000, 3.0000],\n        [1.0000, 1.0000]], shape: [2, 2])"
    ),
    ("(0..<5)[2]", "2"),
  ])
  func indexingAndSlicing(source: String, expected: String) {
    check(source, expected)
  }

  @Test(arguments: [
    ("2 * 3 + 4", "10"),
    ("2 + 3 * 4", "14"),
    ("(2 + 3) * 4", "20"),
    ("7 / 2", "3.5000"),
    ("6 / 3", "2.0000"),
    ("7 % 3", "1"),
    ("-7 % 3", "2"),
    ("7.5 % 2", "1.5000"),
    ("1 + 0.5", "1.5000"),
    ("\"a\" + \"b\"", "ab"),
    ("[1, 2] + [3, 4]", "tensor([4.0000, 6.0000], shape: [2])"),
    ("[1, 2] * 2", "tensor([2.0000, 4.0000], shape: [2])"),
    ("1 - [1, 2]", "tensor([ 0.0000, -1.0000], shape: [2])"),
    ("-[1, 2]", "tensor([-1.0000, -2.0000], shape: [2])"),
    (
      "[[1, 2], [3, 4]] * [10, 100]",
      "tensor([[ 10.0000, 200.0000],\n        [ 30.0000, 400.0000]], shape: [2, 2])"
    ),
    (
      "[[1], [2]] + [10, 20]",
      "tensor([[11.0000, 21.0000],\n        [12.0000, 22.0000]], shape: [2, 2])"
    ),
    ("([[1, 2], [3, 4]] @ [[1], [1]]).shape", "[2, 1]"),
    ("ones(2, 3) @ ones(3)", "tensor([3.0000, 3.0000], shape: [2])"),
    (
      "[[1, 2], [3, 4]] / [[2, 2], [4, 4]]",
      "tensor([[0.5000, 1.0000],\n        [0.7500, 1.0000]], shape: [2, 2])"
    ),
  ])
  func arithmeticAndBroadcasting(source: String, expected: String) {
    check(source, expected)
  }

  /// `^` binds tightest and is right-associative; prefix minus binds looser than `^`.
  @Test(arguments: [
    ("2 ^ 10", "1024"),
    ("2 ^ 3 ^ 2", "512"),
    ("(2 ^ 3) ^ 2", "64"),
    ("-2 ^ 2", "-4"),
    ("(-2) ^ 2", "4"),
    ("2 ^ -1", "0.5000"),
    ("2 * 3 ^ 2", "18"),
    ("x = 3\n-x^2 + 1", "-8"),
    ("2 ^ 64", "1.8447e+19"),
    ("[1, 2, 3] ^ 2", "tensor([1.0000, 4.0000, 9.0000], shape: [3])"),
  ])
  func powerPrecedence(source: String, expected: String) {
    check(source, expected)
  }

  /// Single numbers compare to a bool; tensors compare elementwise to a 0/1 mask.
  @Test(arguments: [
    ("1 < 2", "true"),
    ("2 <= 1", "false"),
    ("2 == 2.0", "true"),
    ("3 != 3", "false"),
    ("2 > 1.5", "true"),
    ("1 >= 1", "true"),
    ("sum([1, 2]) == 3", "true"),
    ("\"a\" == \"a\"", "true"),
    ("\"a\" < \"b\"", "true"),
    ("none == none", "true"),
    ("1 == none", "false"),
    ("[1.5, 2, 3] > 2", "tensor([0.0000, 0.0000, 1.0000], shape: [3])"),
    ("[1, 2] == [1, 3]", "tensor([1.0000, 0.0000], shape: [2])"),
    (
      "[[1, 5], [7, 2]] <= [2, 5]",
      "tensor([[1.0000, 1.0000],\n        [0.0000, 1.0000]], shape: [2, 2])"
    ),
  ])
  func comparisons(source: String, expected: String) {
    check(source, expected)
  }

  @Test(arguments: [
    ("not true", "false"),
    ("not 0", "true"),
    ("true and false", "false"),
    ("false or true", "true"),
    ("1 < 2 and 2 < 3", "true"),
    ("not 1 < 2 or 3 > 2", "true"),
    ("false and undefined_name", "false"),
    ("true or undefined_name", "true"),
    ("l = []\nnot l", "true"),
    ("if \"\" { print(1) } else { print(2) }", "2"),
  ])
  func logic(source: String, expected: String) {
    check(source, expected)
  }

  @Test(arguments: [
    ("1...3", "1...3"),
    ("0..<3", "0..<3"),
    ("list(1...3)", "[1, 2, 3]"),
    ("list(0..<3)", "[0, 1, 2]"),
    ("list(5...4)", "[]"),
    ("n = 4\nlist(0..<n-1)", "[0, 1, 2]"),
    ("len(1...10)", "10"),
  ])
  func ranges(source: String, expected: String) {
    check(source, expected)
  }
}
