import Testing

/// `relu(x)`, `sum(x)` and the other builtins of one tensor skip building their arguments when
/// called with one tensor (`Builtin.tensorBody`). They must behave exactly like the general
/// path: the same values, the same trace, and the general path's messages for anything else.
@Suite struct TensorBuiltinCallTests {
  static let unary = ["exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu", "gelu", "norm"]
  static let reductions = ["sum", "mean", "max", "min"]

  @Test func oneTensorGivesWhatTheGeneralPathGives() {
    // The general path: reductions with an explicit `keep: false`, elementwise functions on a
    // list (converted to a tensor by the general path) of the same float32 values.
    var program = "x = tensor([0.5, -1.25, 2.0, 3.5], dtype: \"float32\")\n"
    program += "l = [0.5, -1.25, 2.0, 3.5]\n"
    for name in Self.reductions {
      program += "print(\(name)(x) == \(name)(x, keep: false))\n"
    }
    // `==` is elementwise: the count of equal elements (norm gives one element).
    for name in Self.unary {
      program +=
        "print(sum(\(name)(abs(x)) == \(name)(abs(tensor(l, dtype: \"float32\")))))\n"
    }
    let lines = RuntimeHarness.output(program).split(separator: "\n").map(String.init)
    #expect(lines.count == 13)
    #expect(lines.prefix(4).allSatisfy { $0 == "true" }, "\(lines)")
    #expect(lines.dropFirst(4).dropLast().allSatisfy { $0 == "4.0000" }, "\(lines)")
    #expect(lines.last == "1.0000", "\(lines)")
  }

  @Test func traceAndGradientsAreRecordedAsBefore() {
    let output = RuntimeHarness.output(
      """
      w = param([1.0, -2.0, 3.0])
      trace { y = sum(relu(w)) }
      backward(y)
      grad(w)
      """)
    #expect(output.contains("[1] relu: max(a, 0)   a (w) = [1.0000, -2.0000, 3.0000]"))
    #expect(output.contains("[2] sum: sum(a, axes: [0])"), "\(output)")
    #expect(output.hasSuffix("tensor([1.0000, 0.0000, 1.0000], shape: [3])"), "\(output)")
  }

  @Test func errorsAreTheGeneralPathsMessages() {
    let (tooMany, _) = RuntimeHarness.diagnostic("relu(1.0, 2.0)")
    #expect(tooMany?.message.contains("takes 1 argument") == true)
    let (notATensor, _) = RuntimeHarness.diagnostic("relu(\"a\")")
    #expect(notATensor != nil)
    // The operation fails on the fast path, and again on the general path, which reports it.
    let (empty, run) = RuntimeHarness.diagnostic("max(zeros(0))")
    #expect(empty?.message.contains("no elements") == true, "\(run.rendered)")
  }

  @Test func anomalyDetectionStillChecksTheResult() {
    let (diagnostic, run) = RuntimeHarness.diagnostic(
      "detect_anomaly {\n  y = log(tensor([-1.0]))\n}")
    #expect(diagnostic != nil, "\(run.rendered)")
    #expect(run.rendered.contains("log"), "\(run.rendered)")
  }
}
