import GradusAutograd
import GradusLanguage
import GradusTensor

extension Builtins {
  static let autograd: [Builtin] = [
    Builtin(
      "backward", "backward(loss, trace: false)",
      "fill grad(p) for every parameter the loss depends on", example: "backward(loss)"
    ) { args in
      try args.expect(1, names: ["trace", "gradient"], signature: "backward(loss)")
      let interpreter = args.interpreter
      let loss = try args.tensor(0, "loss")
      if loss.data.count == 1, !loss.data.isShapeOnly, !loss.data.scalarValue.isFinite {
        throw interpreter.nonFiniteLoss(loss, args)
      }
      let seed = try args.value(nil, "gradient").map {
        try interpreter.asTensor($0, at: args.namedSpan("gradient"), what: "`gradient`").data
      }
      let run = {
        // Not stopped halfway by Ctrl-C: that would leave some gradients accumulated and
        // others not. (The evaluator stops right after it instead.)
        do { try EngineInterrupt.polling({ false }) { try loss.backward(gradient: seed) } } catch {
          throw interpreter.backwardError(error, args)
        }
      }
      if try args.bool(nil, "trace", default: false) {
        try Autograd.withListener(BackwardTracer(interpreter: interpreter)) { try run() }
      } else if interpreter.anomalyDetection, let listener = Autograd.listener {
        try Autograd.withListener(listener) { try run() }
      } else {
        try run()
      }
      return .none
    },
    Builtin("grad", "grad(p)", "the gradient of p filled in by backward", example: "grad(w)") {
      args in
      try args.expect(1, signature: "grad(p)")
      let t = try args.tensor(0, "p")
      guard let g = t.grad else {
        let name = args.interpreter.source.text(of: args.span(of: 0))
        if !t.requiresGrad {
          throw args.interpreter.error(
            .noGradient, "`\(name)` is not a parameter, so it has no gradient",
            at: args.span(of: 0),
            help: "make it a parameter with `\(name) = param(…)` before computing the loss")
        }
        throw args.interpreter.error(
          .noGradient, "`\(name)` has no gradient yet: call `backward(loss)` first",
          at: args.span(of: 0),
          help: "gradients exist after `backward` of a loss that depends on `\(name)`")
      }
      return .tensor(Tensor(g))
    },
    Builtin(
      "zero_grad", "zero_grad(p or model)", "forget accumulated gradients",
      example: "zero_grad(net)"
    ) { args in
      try args.expect(1, signature: "zero_grad(p)")
      // One tensor, or an optimizer's list of them, needs no walk through models.
      switch args.positional[0] {
      case .tensor(let t):
        if t.isParameter { t.zeroGrad() }
        return .none
      case .list(let list):
        let tensors = list.items.compactMap { item -> Tensor? in
          if case .tensor(let t) = item { return t }
          return nil
        }
        if tensors.count == list.items.count {
          for t in tensors where t.isParameter { t.zeroGrad() }
          return .none
        }
      default:
        break
      }
      for p in try args.interpreter.parameters(in: args.positional[0], at: args.span(of: 0)) {
        p.1.zeroGrad()
      }
      return .none
    },
    Builtin(
      "gradcheck", "gradcheck(f, inputs...)",
      "compare backward's gradient of f with finite differences, side by side",
      example: "fn f(x) = sum(tanh(x))\ngradcheck(f, [0.5, -1.0])"
    ) { args in
      try args.expect(2, Int.max, names: ["eps"], signature: "gradcheck(f, x)")
      return try args.interpreter.gradientCheck(args)
    },
  ]
}

extension Interpreter {
  /// A loss that became NaN or ∞ (usually mid-training): say so, list the usual causes, and show
  /// how large the gradients were on the step before.
  func nonFiniteLoss(_ loss: Tensor, _ args: Arguments) -> RuntimeError {
    var leaves = [Tensor]()
    var seen = Set<ObjectIdentifier>()
    var stack = [loss]
    while let node = stack.popLast() {
      guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
      if node.isParameter { leaves.append(node) }
      stack += node.inputs.map(\.tensor)
    }
    let squares = leaves.compactMap(\.grad).filter { !$0.isShapeOnly }.map { gradient in
      var sum = 0.0
      gradient.forEachElement { sum += $0 * $0 }
      return sum
    }
    var notes = [String]()
    if !squares.isEmpty {
      notes.append(
        "gradient norm of the \(squares.count) parameters from the previous step: \(format.number(squares.reduce(0, +).squareRoot()))"
      )
    }
    let name = source.text(of: args.span(of: 0))
    return error(
      .nonFinite, "the loss `\(name)` is \(format.number(loss.data.scalarValue))",
      at: args.span(of: 0), notes: notes,
      help:
        "usual causes: a learning rate too high (try 10× smaller), log of 0 (add a small epsilon), exploding gradients (clip them with clip_grad_norm); wrap the step in `detect_anomaly { }` to find the first bad operation"
    )
  }

  func backwardError(_ failure: any Error, _ args: Arguments) -> any Error {
    guard let failure = failure as? BackwardError else { return failure }
    let name = source.text(of: args.span(of: 0))
    switch failure {
    case .nonScalar(let shape):
      return error(
        .shapeMismatch,
        "`backward` needs a single number, but `\(name)` has shape [\(shape.map(String.init).joined(separator: ", "))]",
        at: args.span(of: 0), help: "reduce it first, e.g. `backward(mean(\(name)))`")
    case .noGradient:
      return error(
        .noGradient, "`\(name)` does not depend on any parameter", at: args.span(of: 0),
        help: "make the weights parameters with `param(…)` (or use a layer such as `Linear`)")
    case .staleGraph(let label, let op):
      let which = label.map { "`\($0)`" } ?? "a parameter"
      return error(
        .staleGraph, "\(which) was changed after `\(name)` was computed (it fed `\(op)`)",
        at: args.span(of: 0),
        help: "compute the loss again after updating parameters, then call backward")
    case .tensor(let t):
      return tensorError(t, at: args.span)
    }
  }

  /// `gradcheck(f, x, …)`: prints each input's analytic and numeric gradients side by side.
  func gradientCheck(_ args: Arguments) throws -> Value {
    let f = args.positional[0]
    let inputs = try (1..<args.count).map { try args.tensor($0, "x").data }
    let eps = try args.double(nil, "eps", default: 1e-6)
    // Engine errors (a copy that does not fit in the budget, or an allocation of the backward
    // pass) point at the call; the function's own errors pass through as they are.
    let results: [GradientCheckResult]
    do {
      results = try args.engine {
        try GradientCheck.check(inputs: inputs, epsilon: eps) { tensors in
          var inner = args
          inner.positional = tensors.map { .tensor($0) }
          inner.positionalSpans = Array(args.positionalSpans.dropFirst())
          inner.named = []
          let value = try self.call(f, inner)
          return try self.asTensor(value, at: args.span, what: "the function's result")
        }
      }
    } catch BackwardError.tensor(let failure) {
      throw tensorError(failure, at: args.span)
    }
    var allPass = true
    for (k, result) in results.enumerated() {
      let pass = result.passes()
      allPass = allPass && pass
      output.write(
        "input \(k + 1): analytic vs numeric (max abs error \(format.number(result.maxAbsoluteError)))\n"
      )
      for (a, n) in zip(result.analytic.values, result.numeric.values) {
        output.write("  \(format.number(a))  \(format.number(n))\n")
      }
      output.write(
        pass ? "  ✓ within atol 1e-5, rtol 1e-3\n" : "  ✗ outside atol 1e-5, rtol 1e-3\n")
    }
    return .bool(allPass)
  }

  /// Every parameter in a value with its path: a parameter, a model (recursively), a list.
  func parameters(in value: Value, at span: Span) throws -> [(String, Tensor)] {
    switch value {
    case .tensor, .object, .list: return value.parameters.map { ($0.path, $0.tensor) }
    default:
      throw error(.typeMismatch, "\(value.kindWithArticle) has no parameters", at: span)
    }
  }
}
