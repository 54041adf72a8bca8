import GradusAutograd
import GradusLanguage
import GradusTensor

extension Interpreter {
  /// The engine's slice items for `x[…]` subscripts.
  func sliceItems(_ subscripts: [Subscript], in scope: Scope) throws -> [SliceItem] {
    try subscripts.map { entry in
      switch entry {
      case .index(let expr):
        return .index(try integer(evaluate(expr, in: scope), at: expr.span, what: "an index"))
      case .slice(let start, let stop, let step, _):
        func bound(_ e: Expr?) throws -> Int? {
          guard let e else { return nil }
          let v = try evaluate(e, in: scope)
          return v.isNone ? nil : try integer(v, at: e.span, what: "a slice bound")
        }
        return .range(start: try bound(start), stop: try bound(stop), step: try bound(step))
      }
    }
  }

  func index(_ container: Value, _ subscripts: [Subscript], base: Expr, span: Span, in scope: Scope)
    throws
    -> Value
  {
    switch container {
    case .tensor(let t):
      // `table[indices]` with a tensor of indices picks rows (an embedding lookup).
      let items: [SliceItem]
      if subscripts.count == 1, case .index(let expr) = subscripts[0] {
        let picked = try evaluate(expr, in: scope)
        if case .tensor(let indices) = picked, indices.data.rank >= 1 {
          return .tensor(try engine(span) { try t.indexSelect(indices.data) })
        }
        if case .list(let list) = picked {
          let indices = try asTensor(.list(list), at: expr.span, what: "the indices")
          return .tensor(try engine(span) { try t.indexSelect(indices.data) })
        }
        // The index is evaluated once: twice would repeat its effects, and nested indexes
        // would take time exponential in their depth.
        items = [.index(try integer(picked, at: expr.span, what: "an index"))]
      } else {
        items = try sliceItems(subscripts, in: scope)
      }
      do {
        return .tensor(try t.sliced(items))
      } catch {
        // An index out of range points at its own subscript.
        var at = span
        if case .index(_, _, _, let axis) = error, axis >= 0, axis < subscripts.count {
          at = subscripts[axis].span
        }
        throw tensorError(error, at: at)
      }
    case .list(let list):
      guard subscripts.count == 1 else {
        throw error(.typeMismatch, "a list takes one index", at: span)
      }
      switch subscripts[0] {
      case .index(let expr):
        let i = try integer(evaluate(expr, in: scope), at: expr.span, what: "a list index")
        let position = i < 0 ? i + list.items.count : i
        guard position >= 0 && position < list.items.count else {
          throw error(
            .invalidValue,
            "index \(i) is out of range for a list of \(counted(list.items.count, "item"))",
            at: expr.span)
        }
        return list.items[position]
      case .slice:
        let items = try sliceItems(subscripts, in: scope)
        guard case .range(let a, let b, let c) = items[0] else { return .none }
        let (first, count, step) = try engine(span) {
          try NDArray.resolve(a, b, c, size: list.items.count)
        }
        try reserve(count, of: Value.self, at: span)
        return .list(ListBox((0..<count).map { list.items[first + $0 * step] }))
      }
    case .range(let range):
      guard subscripts.count == 1, case .index(let expr) = subscripts[0] else {
        throw error(.typeMismatch, "a range takes one index", at: span)
      }
      let i = try integer(evaluate(expr, in: scope), at: expr.span, what: "an index")
      let position = i < 0 ? i + range.count : i
      guard position >= 0 && position < range.count else {
        throw error(
          .invalidValue,
          "index \(i) is out of range for a range of \(counted(range.count, "number"))",
          at: expr.span)
      }
      return .int(range.element(position))
    default:
      throw error(
        .typeMismatch, "\(container.kindWithArticle) cannot be indexed", at: span,
        highlights: [.init(base.span, container.kindName)])
    }
  }

  func field(_ value: Value, _ name: Identifier, base: Expr) throws -> Value {
    switch value {
    case .object(let instance):
      if let field = instance.field(name.name) { return field }
      if let method = instance.methods[name.name] { return .boundMethod(instance, method) }
      throw error(
        .unknownField, "`\(instance.type.name)` has no field `\(name.name)`", at: name.span,
        help: Suggest.didYouMean(
          Suggest.nearest(name.name, in: instance.fieldNames + Array(instance.methods.keys)))
          ?? "its fields are " + instance.fieldNames.map { "`\($0)`" }.joined(separator: ", "))
    case .tensor(let t):
      switch name.name {
      case "T": return .tensor(try engine(name.span) { try t.transposed() })
      case "shape": return .list(ListBox(t.shape.sizes.map { .int($0) }))
      case "ndim", "rank": return .int(t.data.rank)
      case "size", "numel": return .int(t.data.count)
      case "grad":
        guard let g = t.grad else { return .none }
        return .tensor(Tensor(g))
      case "data": return .tensor(Tensor(t.data))
      case "dtype": return try engine(name.span) { try .string(t.dtype.rawValue) }
      // The name it was first bound to, or its path in a model after `params(net)` (`fc1.W`).
      case "label":
        return try t.label.map { text in try engine(name.span) { try .string(text) } } ?? .none
      default:
        let known = ["T", "shape", "ndim", "size", "grad", "data", "dtype", "label"]
        throw error(
          .unknownField, "a tensor has no field `\(name.name)`", at: name.span,
          help: Suggest.didYouMean(Suggest.nearest(name.name, in: known))
            ?? "tensors have " + known.map { "`.\($0)`" }.joined(separator: ", "))
      }
    case .list(let list) where name.name == "count" || name.name == "length":
      return .int(list.items.count)
    default:
      throw error(
        .unknownField, "\(value.kindWithArticle) has no field `\(name.name)`", at: name.span,
        highlights: [.init(base.span, value.kindName)])
    }
  }

  /// Sets train/eval mode on a model and every model inside it.
  func setTraining(_ instance: ModelInstance, _ training: Bool) {
    var seen = Set<ObjectIdentifier>()
    var stack = [instance]
    while let next = stack.popLast() {
      guard seen.insert(ObjectIdentifier(next)).inserted else { continue }
      next.training = training
      if case .bool? = next.field("training") { next.setField("training", .bool(training)) }
      for (_, value) in next.fields {
        if case .object(let child) = value { stack.append(child) }
        if case .list(let list) = value {
          for item in list.items { if case .object(let child) = item { stack.append(child) } }
        }
      }
    }
  }
}
