import GradusAutograd
import GradusLanguage
import GradusTensor

/// Prints each elementary operation inside `trace { }`: its formula, inputs and result.
final class ForwardTracer: AutogradListener {
  let interpreter: Interpreter
  private var step = 0

  init(interpreter: Interpreter) { self.interpreter = interpreter }

  func forward(op: Op, inputs: [Tensor], output: Tensor) {
    step += 1
    let format = interpreter.format
    let names = ["a", "b", "c", "d"]
    var parts = [String]()
    for (i, input) in inputs.prefix(4).enumerated() {
      let label = input.label.map { " (\($0))" } ?? ""
      parts.append("\(names[i])\(label) = \(describe(input, format))")
    }
    let line =
      "  [\(step)] \(op.name): \(op.formula)   \(parts.joined(separator: ", "))   → \(describe(output, format))\n"
    interpreter.output.write(line)
  }

  func backward(_ step: BackwardStep) {}

  private func describe(_ t: Tensor, _ format: ValueFormat) -> String {
    t.data.count <= 6 ? format.short(.tensor(t)) : "tensor of shape \(t.shape)"
  }
}

/// Prints each chain-rule step of `backward(loss, trace: true)`:
/// local derivative × upstream gradient = gradient.
final class BackwardTracer: AutogradListener {
  let interpreter: Interpreter
  private var step = 0

  init(interpreter: Interpreter) { self.interpreter = interpreter }

  func forward(op: Op, inputs: [Tensor], output: Tensor) {}

  func backward(_ s: BackwardStep) {
    step += 1
    let format = interpreter.format
    func show(_ a: NDArray) -> String {
      a.count <= 6 ? format.short(.tensor(Tensor(a))) : "tensor of shape \(a.shape)"
    }
    let output = s.output.label ?? s.op.name
    let input = s.input.label ?? (s.input.op?.name ?? "input \(s.inputIndex + 1)")
    let local = s.local.map { " = \(show($0))" } ?? ""
    let line =
      "  [\(step)] d\(output)/d\(input): local \(s.formula)\(local) × upstream \(show(s.upstream)) = \(show(s.gradient))\n"
    interpreter.output.write(line)
  }
}

/// Inside `detect_anomaly { }`: remembers the first operation whose output is NaN or ±∞.
final class AnomalyDetector: AutogradListener {
  let interpreter: Interpreter
  let span: Span
  var found: RuntimeError?

  init(interpreter: Interpreter, span: Span) {
    self.interpreter = interpreter
    self.span = span
  }

  func forward(op: Op, inputs: [Tensor], output: Tensor) {
    // A shape-only result (`analyze { }`) has no values to be NaN.
    guard found == nil, !output.data.isShapeOnly,
      output.data.containsElement(where: { !$0.isFinite })
    else { return }
    found = interpreter.anomaly(op: op.name, inputs: inputs.map(\.data), at: span, phase: "forward")
  }

  func backward(_ step: BackwardStep) {
    guard found == nil, !step.gradient.isShapeOnly,
      step.gradient.containsElement(where: { !$0.isFinite })
    else { return }
    found = interpreter.anomaly(
      op: step.op.name, inputs: [step.input.data, step.upstream], at: span, phase: "backward")
  }
}

extension Interpreter {
  /// The error naming an operation that produced NaN or ∞, with its inputs' ranges.
  func anomaly(op: String, inputs: [NDArray], at span: Span, phase: String) -> RuntimeError {
    let ranges = inputs.enumerated().map { (i, a) -> String in
      if a.isShapeOnly { return "input \(i + 1): shape \(a.shape), shape only" }
      // Read in place: the inputs may be as large as the budget allows.
      var (lowest, highest, bad) = (Double?.none, Double?.none, 0)
      a.forEachElement { x in
        if x.isFinite {
          lowest = Swift.min(lowest ?? x, x)
          highest = Swift.max(highest ?? x, x)
        } else {
          bad += 1
        }
      }
      let low = lowest.map(format.number) ?? "–"
      let high = highest.map(format.number) ?? "–"
      return "input \(i + 1): shape \(a.shape), range [\(low), \(high)]"
        + (bad > 0 ? ", \(bad) non-finite" : "")
    }
    return error(
      .nonFinite, "`\(op)` produced NaN or infinity (\(phase))", at: span, notes: ranges,
      help:
        "common causes: log of 0 or a negative number, division by 0, a learning rate too high, exploding gradients"
    )
  }

  /// In `detect_anomaly`, checks an operator's result right where it was written.
  func checkFinite(_ result: Tensor, op: String, at span: Span, inputs: [Tensor]) throws {
    if !result.data.isShapeOnly, result.data.containsElement(where: { !$0.isFinite }) {
      throw anomaly(op: op, inputs: inputs.map(\.data), at: span, phase: "forward")
    }
  }
}
