import GradusAutograd
import GradusLanguage
import GradusTensor

#if canImport(Glibc)
  import Glibc
#endif

extension Builtins {
  /// sin and cos are used to build tables (positional encodings, data sets), not inside models,
  /// so they are not primitives: they compute values and carry no gradient.
  private static func constantFunction(_ name: String, _ f: @escaping @Sendable (Double) -> Double)
    -> Builtin
  {
    Builtin(
      name, "\(name)(x)", "\(name) of each element (no gradient: for tables and data)",
      example: "\(name)(pi / 2)"
    ) { args in
      try args.expect(1, signature: "\(name)(x)")
      let x = try args.tensor(0)
      if x.requiresGrad {
        throw args.interpreter.error(
          .noGradient, "`\(name)` has no gradient rule, and its argument needs one",
          at: args.span(of: 0),
          help: "use `\(name)` for tables and data; inside a model use tanh, sigmoid or relu")
      }
      return .tensor(Tensor(try args.engine { try x.data.map(values: f) }))
    }
  }

  static let trigonometry: [Builtin] = [
    constantFunction("sin") { Glibc.sin($0) },
    constantFunction("cos") { Glibc.cos($0) },
    Builtin(
      "set_grad", "set_grad(p, g)", "replace a parameter's gradient (used by gradient clipping)",
      example: "set_grad(w, grad(w) * 0.5)"
    ) { args in
      try args.expect(2, signature: "set_grad(p, g)")
      let p = try args.tensor(0, "p")
      let g = try args.tensor(1, "g")
      guard g.shape == p.shape else {
        throw args.interpreter.error(
          .shapeMismatch, "the gradient has shape \(g.shape) but the parameter has \(p.shape)",
          at: args.span(of: 1))
      }
      p.grad = try args.engine { try g.data.converted(to: p.dtype) }
      return .none
    },
  ]
}
