import GradusAutograd
import GradusLanguage
import GradusTensor

extension Builtins {
  /// A one-argument function of a tensor, applied elementwise.
  private static func unary(
    _ name: String, _ summary: String, _ example: String,
    _ f: @escaping @Sendable (Tensor) throws -> Tensor
  ) -> Builtin {
    Builtin(name, "\(name)(x)", summary, example: example, tensorBody: f) { args in
      try args.expect(1, signature: "\(name)(x)")
      let x = try args.tensor(0)
      let result = try args.engine { try f(x) }
      if args.interpreter.anomalyDetection {
        try args.interpreter.checkFinite(result, op: name, at: args.span, inputs: [x])
      }
      return .tensor(result)
    }
  }

  static let elementwise: [Builtin] = [
    unary("exp", "e to the power x, elementwise", "exp(1.0)") { try $0.exp() },
    unary("log", "natural logarithm, elementwise", "log(2.718)") { try $0.log() },
    unary("sqrt", "square root, elementwise", "sqrt(2.0)") { try $0.sqrt() },
    unary("abs", "absolute value, elementwise", "abs([-1, 2])") { try $0.abs() },
    unary("tanh", "hyperbolic tangent, elementwise", "tanh(0.8814)") { try $0.tanh() },
    unary("sigmoid", "1 / (1 + exp(-x)), elementwise (finite gradient at any x)", "sigmoid(0.0)") {
      try $0.sigmoid()
    },
    unary("softplus", "log(1 + exp(x)), a smooth relu, elementwise", "softplus(0.0)") {
      try $0.softplus()
    },
    unary("log_sigmoid", "log(sigmoid(x)) computed stably, elementwise", "log_sigmoid(-100.0)") {
      try $0.logSigmoid()
    },
    unary("relu", "max(x, 0), elementwise", "relu([-1, 2])") { try $0.relu() },
    unary("gelu", "x·Φ(x) (tanh approximation), elementwise", "gelu(1.0)") { try $0.gelu() },
    unary("detach", "the same values with no history (gradients stop here)", "detach(x)") {
      $0.detached()
    },
    unary("norm", "the Euclidean length √Σx² (its gradient at 0 is 0)", "norm([3, 4])") {
      try $0.norm()
    },
    Builtin(
      "maximum", "maximum(a, b)", "the larger of a and b, elementwise (NaN if either is NaN)",
      example: "maximum([1, 5], [3, 2])"
    ) { args in
      try args.expect(2, signature: "maximum(a, b)")
      return .tensor(try args.engine { try args.tensor(0, "a").maximum(args.tensor(1, "b")) })
    },
    Builtin(
      "minimum", "minimum(a, b)", "the smaller of a and b, elementwise (NaN if either is NaN)",
      example: "minimum([1, 5], [3, 2])"
    ) { args in
      try args.expect(2, signature: "minimum(a, b)")
      return .tensor(try args.engine { try args.tensor(0, "a").minimum(args.tensor(1, "b")) })
    },
    Builtin(
      "pow", "pow(x, y)", "x to the power y, elementwise (also written x ^ y)",
      example: "pow(2, [1, 2, 3])"
    ) { args in
      try args.expect(2, signature: "pow(x, y)")
      return .tensor(try args.engine { try args.tensor(0).pow(args.tensor(1, "y")) })
    },
    Builtin(
      "where", "where(mask, a, b)", "a where mask is nonzero, b elsewhere",
      example: "where([1, 0], [1, 2], [3, 4])"
    ) { args in
      try args.expect(3, signature: "where(mask, a, b)")
      let mask = try args.tensor(0, "mask")
      return .tensor(
        try args.engine { try Tensor.select(mask.data, args.tensor(1, "a"), args.tensor(2, "b")) })
    },
    Builtin(
      "clip", "clip(x, low, high)", "x limited to [low, high], elementwise",
      example: "clip([-2, 0.5, 3], -1, 1)"
    ) { args in
      try args.expect(3, signature: "clip(x, low, high)")
      let x = try args.tensor(0)
      let low = args.interpreter.tensorOperand(args.positional[1], like: x)
      let high = args.interpreter.tensorOperand(args.positional[2], like: x)
      guard let low, let high else {
        throw args.interpreter.error(
          .typeMismatch, "`clip` needs numbers for low and high", at: args.span)
      }
      return .tensor(try args.engine { try x.clamp(low, high) })
    },
  ]

  /// `sum(x, axis: 1, keep: true)` and friends.
  private static func reduction(_ kind: Reduction, _ summary: String) -> Builtin {
    let name = kind.rawValue
    return Builtin(
      name, "\(name)(x, axis: none, keep: false)", summary,
      example: "\(name)([[1, 2], [3, 4]], axis: 0)", tensorBody: { try $0.reduce(kind) }
    ) { args in
      try args.expect(1, names: ["axis", "keep"], signature: "\(name)(x, axis: 1, keep: true)")
      if kind == .max || kind == .min, case .list(let list) = args.positional[0] {
        return try plainExtreme(list, kind == .max, args)
      }
      let x = try args.tensor(0)
      let axes = try args.axes(nil)
      let keep = try args.bool(nil, "keep", default: false)
      return .tensor(try args.engine { try x.reduce(kind, axes: axes, keep: keep) })
    }
  }

  /// `max` of a list of plain numbers.
  private static func plainExtreme(_ list: ListBox, _ isMax: Bool, _ args: Arguments) throws
    -> Value
  {
    let numbers = try list.items.map {
      try args.interpreter.number($0, at: args.span(of: 0), what: "an item")
    }
    guard let best = isMax ? numbers.max() : numbers.min() else {
      throw args.interpreter.error(.invalidValue, "the list is empty", at: args.span(of: 0))
    }
    return .float(best)
  }

  static let reductions: [Builtin] = [
    reduction(.sum, "sum of elements, over all or some axes"),
    reduction(.mean, "mean of elements, over all or some axes"),
    reduction(.max, "largest element, over all or some axes"),
    reduction(.min, "smallest element, over all or some axes"),
    Builtin(
      "argmax", "argmax(x, axis: none, keep: false)",
      "position of the largest element (of the first NaN, if any)",
      example: "argmax([1, 5, 3])"
    ) { args in
      try args.expect(1, names: ["axis", "keep"], signature: "argmax(x, axis: -1)")
      let x = try args.tensor(0)
      let axis = try args.optionalInt(nil, "axis")
      let keep = try args.bool(nil, "keep", default: false)
      let result = try args.engine { try x.data.argmax(axis: axis, keep: keep) }
      // A shape-only position stays a tensor: used as an index it is an error that says why.
      if result.rank == 0 && !result.isShapeOnly { return .int(Int(result.scalarValue)) }
      return .tensor(Tensor(result))
    },
  ]
}
