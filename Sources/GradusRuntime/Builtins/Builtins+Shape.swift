import GradusAutograd
import GradusLanguage
import GradusTensor

extension Builtins {
  /// Tensors from a list argument (`concat([a, b])`) or from several arguments.
  private static func tensorList(_ args: Arguments) throws -> [Tensor] {
    if args.count == 1, case .list(let list) = args.positional[0] {
      return try list.items.map {
        try args.interpreter.asTensor($0, at: args.span(of: 0), what: "each item")
      }
    }
    return try (0..<args.count).map { try args.tensor($0, "x\($0 + 1)") }
  }

  static let shaping: [Builtin] = [
    Builtin(
      "reshape", "reshape(x, sizes...)", "the same elements in a new shape (one size may be -1)",
      example: "reshape(arange(6), 2, 3)"
    ) { args in
      try args.expect(2, Int.max, signature: "reshape(x, 2, 3)")
      let x = try args.tensor(0)
      var sizes = [Int]()
      for i in 1..<args.count {
        if case .list(let list) = args.positional[i] {
          sizes += try list.items.map {
            try args.interpreter.integer($0, at: args.span(of: i), what: "a size")
          }
        } else {
          sizes.append(
            try args.interpreter.integer(args.positional[i], at: args.span(of: i), what: "a size"))
        }
      }
      return .tensor(try args.engine { try x.reshaped(sizes) })
    },
    Builtin(
      "flatten", "flatten(x, start: 0)", "all axes from start on merged into one",
      example: "flatten(ones(2, 3, 4), start: 1)"
    ) { args in
      try args.expect(1, names: ["start"], signature: "flatten(x, start: 1)")
      let x = try args.tensor(0)
      let start = try args.int(nil, "start", default: 0)
      let axis = try args.engine { try x.data.axis(start, op: "flatten") }
      return .tensor(try args.engine { try x.reshaped(Array(x.shape.sizes.prefix(axis)) + [-1]) })
    },
    Builtin(
      "transpose", "transpose(x, a: -2, b: -1)", "swap two axes (x.T swaps the last two)",
      example: "transpose(eye(2))"
    ) { args in
      try args.expect(1, 3, signature: "transpose(x, 0, 1)")
      let x = try args.tensor(0)
      let a = try args.int(1, "a", default: -2)
      let b = try args.int(2, "b", default: -1)
      return .tensor(try args.engine { try x.transposed(a, b) })
    },
    Builtin(
      "permute", "permute(x, axes...)", "reorder the axes",
      example: "permute(ones(2, 3, 4), 2, 0, 1)"
    ) { args in
      try args.expect(2, Int.max, signature: "permute(x, 2, 0, 1)")
      let x = try args.tensor(0)
      let order = try (1..<args.count).map { try args.int($0, "axis") }
      return .tensor(try args.engine { try x.permuted(order) })
    },
    Builtin(
      "unsqueeze", "unsqueeze(x, axis)", "insert an axis of size 1", example: "unsqueeze([1, 2], 0)"
    ) { args in
      try args.expect(2, signature: "unsqueeze(x, axis)")
      let x = try args.tensor(0)
      let axis = try args.int(1, "axis")
      var sizes = x.shape.sizes
      sizes.insert(1, at: try args.interpreter.insertionAxis(axis, rank: sizes.count, args))
      return .tensor(try args.engine { try x.reshaped(sizes) })
    },
    Builtin(
      "concat", "concat([a, b, ...], axis: 0)", "join tensors along an existing axis",
      example: "concat([ones(2), zeros(2)])"
    ) { args in
      try args.expect(1, Int.max, names: ["axis"], signature: "concat([a, b], axis: 0)")
      let parts = try tensorList(args)
      let axis = try args.int(nil, "axis", default: 0)
      guard !parts.isEmpty else {
        throw args.interpreter.error(.invalidValue, "nothing to concatenate", at: args.span)
      }
      return .tensor(try args.engine { try Tensor.concat(parts, axis: axis) })
    },
    Builtin(
      "stack", "stack([a, b, ...], axis: 0)", "join equally shaped tensors along a new axis",
      example: "stack([ones(2), zeros(2)])"
    ) { args in
      try args.expect(1, Int.max, names: ["axis"], signature: "stack([a, b], axis: 0)")
      let parts = try tensorList(args)
      let axis = try args.int(nil, "axis", default: 0)
      guard !parts.isEmpty else {
        throw args.interpreter.error(.invalidValue, "nothing to stack", at: args.span)
      }
      return .tensor(try args.engine { try Tensor.stack(parts, axis: axis) })
    },
    Builtin(
      "gather", "gather(x, axis, index)", "PyTorch's gather: pick elements along an axis",
      example: "gather([[1, 2], [3, 4]], 1, [[1], [0]])"
    ) { args in
      try args.expect(3, signature: "gather(x, axis, index)")
      let x = try args.tensor(0)
      let axis = try args.int(1, "axis")
      let index = try args.tensor(2, "index")
      return .tensor(try args.engine { try x.gather(axis: axis, index: index.data) })
    },
    Builtin(
      "matmul", "matmul(a, b)", "matrix product (also written a @ b)",
      example: "matmul(eye(2), [[1, 2], [3, 4]])"
    ) { args in
      try args.expect(2, signature: "matmul(a, b)")
      return .tensor(try args.engine { try args.tensor(0, "a").matmul(args.tensor(1, "b")) })
    },
    Builtin("shape", "shape(x)", "the sizes of x's axes, as a list", example: "shape(ones(2, 3))") {
      args in
      try args.expect(1, signature: "shape(x)")
      return .list(ListBox(try args.tensor(0).shape.sizes.map { .int($0) }))
    },
  ]
}

extension Interpreter {
  /// Where `unsqueeze(x, axis)` inserts its axis into a shape of `rank` sizes (shared with
  /// shape-only tensors in `analyze { }`, so both give the same error).
  func insertionAxis(_ axis: Int, rank: Int, _ args: Arguments) throws -> Int {
    let at = axis < 0 ? axis &+ rank &+ 1 : axis
    guard at >= 0 && at <= rank else {
      throw error(.invalidValue, "axis \(axis) is out of range", at: args.span(of: 1))
    }
    return at
  }
}
