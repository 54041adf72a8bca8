import GradusLanguage
import GradusTensor
import Testing

@testable import GradusRuntime

/// Shape arithmetic that used to overflow and trap (sizes, strides, padding, counts), and
/// builtins whose `analyze { }` path skipped their argument checks: each is a Gradus error now.
@Suite("Shape arithmetic: overflow is an error; analyze checks arguments as outside")
struct ShapeOverflowTests {
  static let big = "9223372036854775807"

  /// Each of these trapped (or, with no elements, passed the byte limit and trapped later).
  static let overflows: [(String, String)] = [
    (
      "x = zeros(2, 0, \(big))\ny = x[:, :, 1:]",
      "the shape [2, 0, \(big)] spans more than the 1073741824 elements the memory limit allows, even though it holds none"
    ),
    (
      "x = concat([zeros(2, 0, \(big)), zeros(2, 0, \(big))], axis: 2)",
      "the shape [2, 0, \(big)] spans more than the 1073741824 elements the memory limit allows, even though it holds none"
    ),
    (
      "conv2d(ones(1, 1, 3, 3), ones(1, 1, 2, 2), padding: \(big))",
      "conv2d: the padding is too large to compute"
    ),
    (
      "conv2d(ones(1, 1, 3, 3), ones(1, 1, 2, 2), padding: 4611686018427387903)",
      "conv2d: the padded height is too large to compute"
    ),
    (
      "max_pool2d(ones(1, 1, 4, 4), 2, padding: \(big))",
      "max_pool2d: the padding is too large to compute"
    ),
    (
      "print(zeros(\(big), 0))",
      "the shape [\(big), 0] spans more than the 1073741824 elements the memory limit allows, even though it holds none"
    ),
    (
      "reshape(zeros(0), \(big), 0)",
      "the shape [\(big), 0] spans more than the 1073741824 elements the memory limit allows, even though it holds none"
    ),
    ("arange(0, 1e19)", "the shape [\(big)] has more elements than can be counted"),
    (
      "eye(\(big))",
      "the shape [\(big), \(big)] has more elements than can be counted"
    ),
    (
      "x = zeros(65536, 65536, 0)",
      "the shape [65536, 65536, 0] spans more than the 1073741824 elements the memory limit allows, even though it holds none"
    ),
    (
      "x = zeros(65536, 1, 0) + zeros(1, 65536, 0)",
      "the shape [65536, 65536, 0] spans more than the 1073741824 elements the memory limit allows, even though it holds none"
    ),
    (
      "analyze { reshape(zeros(4611686018427387904, 4), 2, -1) }",
      "the shape [4611686018427387904, 4] has more elements than can be counted"
    ),
  ]

  @Test(arguments: overflows)
  func overflowIsAnError(source: String, message: String) {
    let run = RuntimeHarness.run(source)
    #expect(run.diagnostic?.message == message, "\(run.rendered)")
    #expect(run.diagnostic?.id == .tensorLimit)
  }

  /// `arange` counts its numbers without `Int(_:)` of a Double: a range below the start is
  /// empty however far below, and an empty shape of modest sizes still works.
  @Test(arguments: [
    ("arange(0, -1e19)", "tensor([], shape: [0])"),
    ("arange(0, -1e300, 1e-300)", "tensor([], shape: [0])"),
    ("zeros(2, 0, 5)[:, :, 1:].shape", "[2, 0, 4]"),
    ("concat([zeros(2, 0), zeros(3, 0)]).shape", "[5, 0]"),
  ])
  func edgesThatFit(source: String, expected: String) {
    let run = RuntimeHarness.run(source)
    #expect(run.outcome.succeeded, "\(run.rendered)")
    #expect(run.trimmedOutput == expected)
  }

  /// Inside `analyze { }` creating builtins run the same argument binding and checks (their
  /// plan) as outside it, and other builtins their arity check: the same error, word for word.
  @Test(arguments: [
    "arange()", "randint(1)", "tril()", "arange(0, 10, 0)", "arange(0, sqrt(-1.0))",
    "zeros(-1)", "zeros(2, dtype: \"int7\")", "zeros(2, colour: 1)", "eye()", "eye(-3)",
    "linspace(0, 1)", "linspace(0, 1, -1)", "randn(2, seed: \"x\")", "randint(5, 1, 3)",
    "randperm(-1)", "full(2, 2)", "ones_like()", "tril(2, 3, 4)", "triu(3, diagonal: \"a\")",
    "rand(1, 2, 3, 4, 5, 6, 7, 8, 9)", "param()", "zeros([1, 2.5])",
    "sum(zeros(2, 3), 1, 2, 3)", "relu()", "reshape(zeros(4))", "transpose(zeros(2, 2), 0, 1, 2)",
    "matmul(zeros(2, 2))", "softmax(zeros(2), bogus: 1)", "softmax(zeros(2), axis: 5)",
    "transpose(zeros(2, 2), 0, 9)", "one_hot([1], (-9223372036854775807 - 1))",
    "permute(zeros(2, 3), 0, 0)", "unsqueeze(zeros(2), 7)",
  ])
  func analyzeChecksArgumentsAsOutside(call: String) {
    let outside = RuntimeHarness.run(call)
    let inside = RuntimeHarness.run("analyze { \(call) }")
    #expect(outside.diagnostic != nil, "\(call) should fail")
    #expect(inside.diagnostic?.message == outside.diagnostic?.message, "\(inside.rendered)")
    #expect(inside.diagnostic?.id == outside.diagnostic?.id)
  }

  /// Shape-only tensors of any size, as before: the limit bounds what is allocated, and
  /// `analyze { }` allocates nothing.
  @Test func analyzeStillDescribesHugeTensors() {
    let run = RuntimeHarness.run(
      "analyze {\n  x = zeros(100000, 100000, 100000)\n  y = x @ zeros(100000, 3)\n"
        + "  z = maximum(x + 1, 0)\n  print(y.shape, z.shape)\n}")
    #expect(run.outcome.succeeded, "\(run.rendered)")
    #expect(run.trimmedOutput.hasPrefix("[100000, 100000, 3] [100000, 100000, 100000]"))
  }
}
