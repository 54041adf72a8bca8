import GradusAutograd
import GradusLanguage
import GradusTensor

extension Builtins {
  static let creation: [Builtin] = [
    Builtin(
      creating: "param", "param(value)", "a trainable parameter holding a copy of value",
      example: "w = param([0.5, -1.0])"
    ) { args in
      try args.expect(1, names: ["dtype"], signature: "param(value)")
      let t = try args.tensor(0, "value")
      let dtype = args.named("dtype") == nil ? t.dtype : try args.interpreter.dtype(args)
      return CreationPlan(t.shape.sizes, dtype: dtype, isParameter: true) {
        .tensor(
          Tensor(try args.engine { try t.data.converted(to: dtype).copy() }, requiresGrad: true))
      }
    },
    Builtin(
      "tensor", "tensor(value, dtype: \"float32\")", "a constant tensor from numbers or a list",
      example: "tensor([1, 2, 3])"
    ) { args in
      try args.expect(1, names: ["dtype"], signature: "tensor(value)")
      let t = try args.tensor(0, "value")
      return .tensor(
        Tensor(try args.engine { try t.data.converted(to: args.interpreter.dtype(args)).copy() }))
    },
    filled("zeros", "zeros(sizes...)", "a tensor of zeros", example: "zeros(2, 3)", value: 0),
    filled("ones", "ones(sizes...)", "a tensor of ones", example: "ones(2, 3)", value: 1),
    filled(
      "full", "full(sizes..., value: v)", "a tensor filled with one value",
      example: "full(2, 2, value: 7)", value: nil),
    Builtin(
      creating: "eye", "eye(n)", "the n×n identity matrix", example: "eye(3)"
    ) { args in
      try args.expect(1, names: ["dtype"], signature: "eye(n)")
      let n = try args.int(0, "n")
      let dtype = try args.interpreter.dtype(args)
      let sizes = try args.interpreter.checkedSizes([n, n], at: args.span(of: 0))
      return CreationPlan(sizes, dtype: dtype) {
        .tensor(Tensor(try args.engine { try NDArray.eye(n, dtype: dtype) }))
      }
    },
    Builtin(
      creating: "arange", "arange(end) or arange(start, end, step)",
      "evenly spaced numbers below end",
      example: "arange(0, 1, 0.25)"
    ) { args in
      try args.expect(1, 3, names: ["dtype"], signature: "arange(start, end, step)")
      let i = args.interpreter
      let a = try i.number(args.positional[0], at: args.span(of: 0), what: "start")
      let (start, end) =
        args.count == 1
        ? (0, a) : (a, try i.number(args.positional[1], at: args.span(of: 1), what: "end"))
      let step =
        args.count == 3 ? try i.number(args.positional[2], at: args.span(of: 2), what: "step") : 1
      let dtype = try i.dtype(args)
      let n = try args.engine {
        try SizeArithmetic.stepCount(from: start, to: end, step: step, op: "arange")
      }
      return CreationPlan([n], dtype: dtype) {
        .tensor(
          Tensor(try args.engine { try NDArray.arange(start, end, step: step, dtype: dtype) }))
      }
    },
    Builtin(
      creating: "linspace", "linspace(start, end, n)",
      "n evenly spaced numbers from start to end inclusive",
      example: "linspace(0, 1, 5)"
    ) { args in
      try args.expect(3, names: ["dtype"], signature: "linspace(start, end, n)")
      let i = args.interpreter
      let a = try args.double(0, "start")
      let b = try args.double(1, "end")
      let n = try args.int(2, "n")
      guard n >= 0 else {
        throw i.error(.invalidValue, "n must not be negative", at: args.span(of: 2))
      }
      let dtype = try i.dtype(args)
      return CreationPlan([n], dtype: dtype) {
        // Check the size against the memory limit before building the values.
        _ = try args.engine { try Shape([n]) }
        let temporary = try i.temporary(n, of: Double.self, at: args.span)
        defer { withExtendedLifetime(temporary) {} }
        let values = (0..<n).map { n == 1 ? a : a + (b - a) * Double($0) / Double(n - 1) }
        return .tensor(
          Tensor(try args.engine { try NDArray(values, shape: Shape([n]), dtype: dtype) }))
      }
    },
    Builtin(
      creating: "randn", "randn(sizes..., seed: none)", "standard normal random numbers",
      example: "randn(3, 2, seed: 1)"
    ) { args in
      try args.expect(0, Int.max, names: ["seed", "dtype"], signature: "randn(3, 2, seed: 1)")
      let i = args.interpreter
      let sizes = try i.sizeList(args)
      let dtype = try i.dtype(args)
      _ = try i.seed(args)
      return random(sizes, dtype, args) { shape, g in
        try NDArray.randn(shape, dtype: dtype, using: &g)
      }
    },
    Builtin(
      creating: "rand", "rand(sizes..., seed: none)", "uniform random numbers in [0, 1)",
      example: "rand(2, 2, seed: 0)"
    ) { args in
      try args.expect(
        0, Int.max, names: ["seed", "dtype", "low", "high"], signature: "rand(2, 2, seed: 0)")
      let i = args.interpreter
      let sizes = try i.sizeList(args)
      let dtype = try i.dtype(args)
      _ = try i.seed(args)
      let low = try args.double(nil, "low", default: 0)
      let high = try args.double(nil, "high", default: 1)
      return random(sizes, dtype, args) { shape, g in
        try NDArray.rand(shape, low: low, high: high, dtype: dtype, using: &g)
      }
    },
    Builtin(
      creating: "randint", "randint(low, high, sizes..., seed: none)",
      "random whole numbers in [low, high)",
      example: "randint(0, 10, 5, seed: 0)"
    ) { args in
      try args.expect(2, Int.max, names: ["seed"], signature: "randint(0, 10, 5)")
      let i = args.interpreter
      let low = try args.int(0, "low")
      let high = try args.int(1, "high")
      guard low < high else {
        throw i.error(
          .invalidValue, "randint needs low < high, got \(low) and \(high)", at: args.span)
      }
      let sizes = try i.sizeList(args, from: 2)
      _ = try i.seed(args)
      return random(sizes, .float32, args) { shape, g in
        try NDArray.randint(shape, low..<high, using: &g)
      }
    },
    Builtin(
      creating: "randperm", "randperm(n, seed: none)", "a random ordering of 0..<n",
      example: "randperm(5, seed: 0)"
    ) { args in
      try args.expect(1, names: ["seed"], signature: "randperm(n)")
      let i = args.interpreter
      let n = try args.int(0, "n")
      guard n >= 0 else {
        throw i.error(.invalidValue, "n must not be negative", at: args.span(of: 0))
      }
      _ = try i.seed(args)
      return CreationPlan([n]) {
        _ = try args.engine { try Shape([n]) }
        // The permutation is a Swift array of Ints, made before the tensor: check it first.
        let temporary = try i.temporary(n, of: Int.self, at: args.span)
        defer { withExtendedLifetime(temporary) {} }
        let order = try i.withGenerator(args) { g in g.permutation(n) }
        return .tensor(
          Tensor(try args.engine { try NDArray(order.map(Double.init), shape: Shape([n])) }))
      }
    },
    like("zeros_like", "zeros with x's shape", example: "zeros_like(eye(2))", value: 0),
    like("ones_like", "ones with x's shape", example: "ones_like(eye(2))", value: 1),
    Builtin(
      creating: "tril", "tril(n) or tril(x)",
      "1 on and below the diagonal (a causal mask), or x with the upper part zeroed",
      example: "tril(3)"
    ) { args in
      try args.expect(1, 2, names: ["diagonal"], signature: "tril(n)")
      return try triangle(args, upper: false)
    },
    Builtin(
      creating: "triu", "triu(n) or triu(x)",
      "1 on and above the diagonal, or x with the lower part zeroed",
      example: "triu(3)"
    ) { args in
      try args.expect(1, 2, names: ["diagonal"], signature: "triu(n)")
      return try triangle(args, upper: true)
    },
    Builtin(
      "one_hot", "one_hot(indices, classes)", "rows of the identity picked by class index",
      example: "one_hot([0, 2], 3)"
    ) { args in
      try args.expect(2, signature: "one_hot(indices, classes)")
      let indices = try args.tensor(0, "indices")
      let classes = try args.int(1, "classes")
      return .tensor(Tensor(try args.engine { try NDArray.oneHot(indices.data, classes: classes) }))
    },
  ]

  /// `zeros(2, 3)`, `ones(2, 3)`, `full(2, 3, value: 7)` (`value` nil: the named argument).
  private static func filled(
    _ name: String, _ signature: String, _ summary: String, example: String, value: Double?
  ) -> Builtin {
    let call = value == nil ? "\(name)(2, 2, value: 7)" : "\(name)(2, 3)"
    return Builtin(creating: name, signature, summary, example: example) { args in
      try args.expect(
        0, Int.max, names: value == nil ? ["value", "dtype"] : ["dtype"], signature: call)
      let sizes = try args.interpreter.sizeList(args)
      let fill = try value ?? args.double(nil, "value")
      let dtype = try args.interpreter.dtype(args)
      return CreationPlan(sizes, dtype: dtype) {
        let shape = try args.engine { try Shape(sizes) }
        return .tensor(
          Tensor(
            try args.engine {
              fill == 0
                ? try NDArray.zeros(shape, dtype: dtype)
                : try NDArray.full(shape, fill, dtype: dtype)
            }))
      }
    }
  }

  /// The plan of `randn`, `rand` and `randint`: `draw` fills a tensor of `sizes` from the
  /// call's generator (`seed:` or the session's).
  private static func random(
    _ sizes: [Int], _ dtype: DType, _ args: Arguments,
    draw: @escaping (Shape, inout RandomGenerator) throws -> NDArray
  ) -> CreationPlan {
    CreationPlan(sizes, dtype: dtype) {
      let shape = try args.engine { try Shape(sizes) }
      return .tensor(
        Tensor(
          try args.interpreter.withGenerator(args) { g in try args.engine { try draw(shape, &g) } })
      )
    }
  }

  /// `zeros_like(x)`, `ones_like(x)`.
  private static func like(_ name: String, _ summary: String, example: String, value: Double)
    -> Builtin
  {
    Builtin(creating: name, "\(name)(x)", summary, example: example) { args in
      try args.expect(1, signature: "\(name)(x)")
      let t = try args.tensor(0, "x")
      return CreationPlan(t.shape.sizes, dtype: t.dtype) {
        return .tensor(
          Tensor(try args.engine { try NDArray.full(t.shape, value, dtype: t.dtype) }))
      }
    }
  }

  /// `tril(3)` is a 3×3 mask; `tril(x)` keeps x's lower triangle (differentiably).
  private static func triangle(_ args: Arguments, upper: Bool) throws -> CreationPlan {
    let diagonal = try args.int(nil, "diagonal", default: 0)
    if case .tensor(let t) = args.positional[0], t.data.rank >= 2 {
      return CreationPlan(t.shape.sizes, dtype: t.dtype) {
        let x = try args.tensor(0)
        let r = x.data.rank
        let mask = try args.engine {
          try NDArray.triangle(
            rows: x.shape[r - 2], cols: x.shape[r - 1], diagonal: diagonal, upper: upper,
            dtype: x.dtype)
        }
        return .tensor(try args.engine { try x * Tensor(mask) })
      }
    }
    let rows = try args.int(0, "n")
    let cols = try args.int(1, "m", default: rows)
    let sizes = try args.interpreter.checkedSizes([rows, cols], at: args.span)
    return CreationPlan(sizes) {
      .tensor(
        Tensor(
          try args.engine {
            try NDArray.triangle(rows: rows, cols: cols, diagonal: diagonal, upper: upper)
          }))
    }
  }
}
