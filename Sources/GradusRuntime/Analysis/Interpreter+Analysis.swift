import GradusAutograd
import GradusLanguage
import GradusTensor

/// `analyze { }`: runs model descriptions on shapes alone. Builtins that would allocate return
/// shape-only tensors; operations on them compute result shapes with the engine's own rules
/// (broadcasting, matmul) and count FLOPs. Nothing of the model's size is ever allocated.
extension Interpreter {
  func executeAnalysis(_ body: Block, in scope: Scope, span: Span) throws -> ControlFlow {
    let state = AnalysisState()
    let saved = analysis
    analysis = state
    defer { analysis = saved }
    let flow = try execute(body, in: scope)
    output.write(
      "analysed without allocating: \(grouped(state.matmulFLOPs)) matmul FLOPs, "
        + "\(grouped(state.elementwiseOps)) elementwise operations, largest tensor "
        + "\(grouped(state.largest)) elements (\(ByteCount(state.largest &* 4)) as float32)\n")
    return flow
  }

  /// `175181291520` → `175,181,291,520`.
  func grouped(_ n: Int) -> String {
    let digits = String(n)
    var result = ""
    for (i, c) in digits.reversed().enumerated() {
      if i > 0 && i % 3 == 0 { result.append(",") }
      result.append(c)
    }
    return String(result.reversed())
  }

  /// The shape of a value that can take part in shape-only arithmetic.
  func shapeOf(_ value: Value) -> [Int]? {
    switch value {
    case .abstract(let a): return a.shape
    case .tensor(let t): return t.shape.sizes
    case .int, .float, .bool: return []
    default: return nil
    }
  }

  func isAbstract(_ value: Value) -> Bool {
    if case .abstract = value { return true }
    return false
  }

  func makeAbstract(_ shape: [Int], parameter: Bool = false) -> Value {
    let a = AbstractTensor(shape, isParameter: parameter)
    analysis?.saw(a)
    return .abstract(a)
  }

  /// Shape arithmetic on shape-only tensors, reported at `span`: checked for overflow like the
  /// engine's, but not against the memory limit, since nothing of that size is allocated.
  func shapeOnly<R>(_ span: Span, _ body: () throws -> R) throws -> R {
    try engine(span) { try MemoryLimit.withMaxBytes(Int.max) { try body() } }
  }

  /// `a op b` where one side is shape-only.
  func abstractBinary(
    _ op: BinaryOperator, _ a: Value, _ b: Value, lhs: Expr, rhs: Expr, operatorSpan: Span
  ) throws
    -> Value
  {
    guard let sa = shapeOf(a), let sb = shapeOf(b) else {
      throw error(
        .typeMismatch, "cannot apply `\(op.symbol)` to a \(a.kindName) and a \(b.kindName)",
        at: operatorSpan)
    }
    if op == .matmul {
      let result = try matmulShape(sa, sb, at: operatorSpan, lhs: lhs, rhs: rhs)
      return makeAbstract(result)
    }
    let result = try shapeOnly(operatorSpan) { try broadcastShape(Shape(sa), Shape(sb)).sizes }
    let value = makeAbstract(result)
    if case .abstract(let t) = value { analysis?.add(&analysis!.elementwiseOps, t.count) }
    return value
  }

  /// The shape of `a @ b`, counting 2·m·n·k FLOPs per matrix in the batch.
  func matmulShape(_ a: [Int], _ b: [Int], at span: Span, lhs: Expr? = nil, rhs: Expr? = nil) throws
    -> [Int]
  {
    guard !a.isEmpty, !b.isEmpty else {
      throw error(.shapeMismatch, "`@` needs tensors with at least 1 dimension", at: span)
    }
    let a2 = a.count == 1 ? [1] + a : a
    let b2 = b.count == 1 ? b + [1] : b
    let (m, k) = (a2[a2.count - 2], a2[a2.count - 1])
    let (k2, n) = (b2[b2.count - 2], b2[b2.count - 1])
    guard k == k2 else {
      var highlights = [Diagnostic.Highlight]()
      if let lhs, let rhs {
        highlights = [
          .init(lhs.span, "[" + a.map(String.init).joined(separator: ", ") + "]"),
          .init(rhs.span, "[" + b.map(String.init).joined(separator: ", ") + "]"),
        ]
      }
      throw tensorError(
        .matmul(lhs: a, rhs: b), at: span, highlights: highlights,
        help: "the inner sizes must match: \(k) and \(k2)")
    }
    let batch = try shapeOnly(span) {
      try broadcastShape(Shape(Array(a2.dropLast(2))), Shape(Array(b2.dropLast(2)))).sizes
    }
    var result = batch + [m, n]
    let matrices = batch.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
    let flops = 2 &* matrices &* m &* n &* k
    if let analysis { analysis.add(&analysis.matmulFLOPs, flops) }
    if a.count == 1 { result.remove(at: result.count - 2) }
    if b.count == 1 { result.removeLast() }
    return result
  }

  /// Builtins on shape-only values, and builtins that would allocate inside `analyze { }`.
  /// Returns nil when the builtin should run normally. Either way the builtin's own argument
  /// checks run first: a creating builtin's plan (which binds and checks every argument) gives
  /// the shape, and any other builtin's body runs up to its arity check.
  func abstractCall(_ builtin: Builtin, _ args: Arguments) throws -> Value? {
    let anyAbstract =
      args.positional.contains(where: isAbstract) || args.named.contains { isAbstract($0.value) }
    if let plan = builtin.plan, analysis != nil || anyAbstract {
      let planned = try plan(args)
      return makeAbstract(planned.sizes, parameter: planned.isParameter)
    }
    guard anyAbstract else { return nil }
    let name = builtin.name
    guard let rule = shapeRule(name, args) else { throw noShapeRule(name, args) }
    try checkArity(of: builtin, args)
    return try rule()
  }

  /// What a builtin with a shape rule returns for shape-only arguments, or nil if it has none.
  private func shapeRule(_ name: String, _ args: Arguments) -> (() throws -> Value)? {
    let first = shapeOf(args.positional.first ?? .none) ?? []
    switch name {
    case "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "softplus", "log_sigmoid", "relu", "gelu",
      "detach", "sin", "cos",
      "layer_norm", "dropout", "softmax", "log_softmax", "clip", "clip_by_value", "clip_by_norm":
      return { [self] in
        if let axis = try args.optionalInt(nil, "axis") {
          _ = try abstractAxis(axis, rank: first.count, op: name, at: args)
        }
        let v = makeAbstract(first)
        if case .abstract(let t) = v { analysis?.add(&analysis!.elementwiseOps, t.count) }
        return v
      }
    case "maximum", "minimum", "pow", "where":
      return { [self] in
        var result = Shape()
        for value in args.positional {
          guard let s = shapeOf(value) else { continue }
          result = try shapeOnly(args.span) { try broadcastShape(result, Shape(s)) }
        }
        return makeAbstract(result.sizes)
      }
    case "norm", "cross_entropy":
      return { [self] in
        return makeAbstract([])
      }
    case "mse", "bce", "bce_with_logits", "check_loss_shapes":
      return { [self] in
        let target = shapeOf(args.positional.count > 1 ? args.positional[1] : .none) ?? []
        // check_loss_shapes names the prelude loss that called it in its third argument.
        let loss = name == "check_loss_shapes" ? try args.string(2, "loss") : name
        try engine(args.span) {
          try Tensor.checkLossShapes(Shape(first), Shape(target), loss: loss)
        }
        return name == "check_loss_shapes" ? Value.none : makeAbstract([])
      }
    case "sum", "mean", "max", "min", "argmax":
      return { [self] in
        let axes = try args.axes(nil) ?? Array(0..<first.count)
        let keep = try args.bool(nil, "keep", default: false)
        let normal = try axes.map { try abstractAxis($0, rank: first.count, op: name, at: args) }
        var result = [Int]()
        for (axis, size) in first.enumerated() {
          if normal.contains(axis) { if keep { result.append(1) } } else { result.append(size) }
        }
        return makeAbstract(result)
      }
    case "reshape":
      return { [self] in
        var sizes = [Int]()
        for i in 1..<args.count {
          if case .list(let list) = args.positional[i] {
            sizes += try list.items.map { try integer($0, at: args.span(of: i), what: "a size") }
          } else {
            sizes.append(try integer(args.positional[i], at: args.span(of: i), what: "a size"))
          }
        }
        return makeAbstract(try reshapeSizes(first, sizes, at: args.span))
      }
    case "flatten":
      return { [self] in
        let start = try args.int(nil, "start", default: 0)
        let at = try abstractAxis(start, rank: first.count, op: name, at: args)
        let merged = try engine(args.span) {
          try SizeArithmetic.product(first.dropFirst(at), op: "flatten", what: "the merged size")
        }
        return makeAbstract(Array(first.prefix(at)) + [merged])
      }
    case "transpose":
      return { [self] in
        var s = first
        let a = try args.int(1, "a", default: -2)
        let b = try args.int(2, "b", default: -1)
        guard s.count >= 2 else { return makeAbstract(s) }
        s.swapAt(
          try abstractAxis(a, rank: s.count, op: name, at: args),
          try abstractAxis(b, rank: s.count, op: name, at: args))
        return makeAbstract(s)
      }
    case "permute":
      return { [self] in
        let order = try (1..<args.count).map { try args.int($0, "axis") }
        guard Set(order).count == first.count, order.allSatisfy({ (0..<first.count).contains($0) })
        else {
          throw tensorError(
            .invalidArgument(
              op: "permute", message: "\(order) is not a permutation of the \(first.count) axes"),
            at: args.span)
        }
        return makeAbstract(order.map { first[$0] })
      }
    case "unsqueeze":
      return { [self] in
        var s = first
        let axis = try args.int(1, "axis")
        s.insert(1, at: try insertionAxis(axis, rank: s.count, args))
        return makeAbstract(s)
      }
    case "matmul":
      return { [self] in
        return makeAbstract(
          try matmulShape(first, shapeOf(args.positional[1]) ?? [], at: args.span))
      }
    case "embedding":
      return { [self] in
        let index = shapeOf(args.positional[1]) ?? []
        return makeAbstract(index + first.dropFirst())
      }
    case "shape":
      return { .list(ListBox(first.map { .int($0) })) }
    case "len":
      return { .int(first.first ?? 0) }
    case "backward", "zero_grad", "set_grad":
      return { Value.none }
    default:
      return nil
    }
  }

  private func noShapeRule(_ name: String, _ args: Arguments) -> RuntimeError {
    error(
      .typeMismatch, "`\(name)` cannot run on shape-only tensors", at: args.span,
      help: "inside `analyze { }` only shapes exist; compute values outside the block")
  }

  /// A possibly negative axis of a shape-only tensor, checked as the engine checks it.
  private func abstractAxis(_ axis: Int, rank: Int, op: String, at args: Arguments) throws -> Int {
    let normal = axis < 0 ? axis &+ rank : axis
    guard normal >= 0 && normal < rank else {
      throw tensorError(.axis(op: op, axis: axis, rank: rank), at: args.span)
    }
    return normal
  }

  /// Shape-only calls skip the builtin's body, but not its argument checks: the body runs up
  /// to its `expect` (arity and argument names), which then stops it.
  private func checkArity(of builtin: Builtin, _ args: Arguments) throws {
    var probe = args
    probe.stopsAfterArityCheck = true
    do { _ = try builtin.body(probe) } catch is ArityChecked {}
  }

  private func reshapeSizes(_ from: [Int], _ sizes: [Int], at span: Span) throws -> [Int] {
    func product(_ values: [Int]) throws -> Int {
      try engine(span) { try SizeArithmetic.product(values, op: "reshape", what: "the size") }
    }
    let total = try product(from)
    var sizes = try checkedSizes(sizes.map { $0 == -1 ? 0 : $0 }, at: span).enumerated().map {
      sizes[$0.offset] == -1 ? -1 : $0.element
    }
    if let hole = sizes.firstIndex(of: -1) {
      let known = try product(sizes.enumerated().filter { $0.offset != hole }.map(\.element))
      guard known > 0, total % known == 0 else {
        throw tensorError(.reshape(from: from, to: sizes), at: span)
      }
      sizes[hole] = total / known
    }
    guard try product(sizes) == total else {
      throw tensorError(.reshape(from: from, to: sizes), at: span)
    }
    return sizes
  }

  /// `x[…]` on a shape-only tensor.
  func abstractIndex(_ a: AbstractTensor, _ subscripts: [Subscript], in scope: Scope, span: Span)
    throws -> Value
  {
    let items: [SliceItem]
    if subscripts.count == 1, case .index(let expr) = subscripts[0] {
      // Evaluated once (see `index`): twice would repeat effects and cost exponential time.
      let picked = try evaluate(expr, in: scope)
      if let s = shapeOf(picked), !s.isEmpty { return makeAbstract(s + a.shape.dropFirst()) }
      items = [.index(try integer(picked, at: expr.span, what: "an index"))]
    } else {
      items = try sliceItems(subscripts, in: scope)
    }
    var result = [Int]()
    for (axis, size) in a.shape.enumerated() {
      let item = axis < items.count ? items[axis] : SliceItem.all
      switch item {
      case .index: continue
      case .range(let from, let to, let by):
        result.append(try engine(span) { try NDArray.resolve(from, to, by, size: size).1 })
      }
    }
    return makeAbstract(result)
  }

  /// Every shape-only parameter in a model, with its path.
  func abstractParameters(in value: Value) -> [(String, AbstractTensor)] {
    value.parameterLeaves.compactMap { path, leaf in
      if case .abstract(let a) = leaf { return (path, a) }
      return nil
    }
  }
}
