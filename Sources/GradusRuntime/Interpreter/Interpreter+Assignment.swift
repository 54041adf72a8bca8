import GradusAutograd
import GradusLanguage
import GradusTensor

extension Interpreter {
  /// `target = value`. A name or field holding a parameter is a cell: assigning a tensor to it
  /// replaces the parameter's values in place (recording no graph) and keeps it a parameter.
  func assign(_ valueExpr: Expr, to target: Expr, in scope: Scope) throws {
    // A function's argument is the caller's value, not a cell of this function: `x = f(x)`
    // inside `forward(x)` rebinds the local name (as in Python) and never overwrites a
    // parameter the caller passed in. `x -= …` still updates a parameter in place.
    if case .name(let name) = target.kind {
      let slot = slots.slot(of: target)
      if isArgument(slot, named: name, in: scope) {
        let value = try evaluate(valueExpr, in: scope)
        bind(value, to: binding(for: slot, named: name, in: scope), named: name)
        return
      }
      // The common case, `name = value`: the place is found once, for reading its current
      // value and for storing the new one.
      let place = binding(for: slot, named: name, in: scope)
      let current = place.value
      let value: Value
      if case .tensor(let t)? = current, t.isParameter {
        value = try Autograd.withNoGrad { try evaluate(valueExpr, in: scope) }
      } else {
        value = try evaluate(valueExpr, in: scope)
      }
      if try storeIntoCell(value, current: current, target: target, valueSpan: valueExpr.span) {
        return
      }
      if case .tensor(let t) = value, t.label == nil { t.label = name }
      place.store(value)
      return
    }
    let current = try currentValue(of: target, in: scope)
    let value: Value
    if case .tensor(let t)? = current, t.isParameter {
      value = try Autograd.withNoGrad { try evaluate(valueExpr, in: scope) }
    } else {
      value = try evaluate(valueExpr, in: scope)
    }
    try store(value, to: target, current: current, in: scope, valueSpan: valueExpr.span)
  }

  /// `x += e` and friends; on a parameter `w -= lr * grad(w)` updates it in place.
  func compoundAssign(
    _ op: BinaryOperator, _ valueExpr: Expr, to target: Expr, operatorSpan: Span, in scope: Scope
  )
    throws
  {
    guard let current = try currentValue(of: target, in: scope) else {
      throw unknownName(target.span, in: scope, target: target)
    }
    if case .tensor(let t) = current, t.isParameter {
      let fusable = op == .add || op == .subtract
      let evaluated = try Autograd.withNoGrad {
        fusable
          ? try updateScaled(t, by: valueExpr, sign: op == .add ? 1 : -1, in: scope)
          : try evaluate(valueExpr, in: scope)
      }
      guard let delta = evaluated else { return }
      if op == .add || op == .subtract, let d = tensorOperand(delta, like: t) {
        try engine(operatorSpan) { try t.update(adding: d.data, scale: op == .add ? 1 : -1) }
        return
      }
      let result = try Autograd.withNoGrad {
        try binary(op, current, delta, lhs: target, rhs: valueExpr, operatorSpan: operatorSpan)
      }
      try store(result, to: target, current: current, in: scope, valueSpan: valueExpr.span)
      return
    }
    let delta = try evaluate(valueExpr, in: scope)
    if case .list(let list) = current, op == .add, case .list(let more) = delta {
      guard !more.items.contains(where: list.isReachable(from:)) else {
        throw error(.invalidValue, "a list cannot contain itself", at: valueExpr.span)
      }
      try reserve(more.items.count, of: Value.self, at: valueExpr.span)
      list.items += more.items
      return
    }
    let result = try binary(
      op, current, delta, lhs: target, rhs: valueExpr, operatorSpan: operatorSpan)
    try store(result, to: target, current: current, in: scope, valueSpan: valueExpr.span)
  }

  /// `p -= lr * g` as one fused in-place update, without a tensor for `lr * g`: the optimizer
  /// step of every training loop. Gives the same bits as the two-step form (`Float(lr) * g`
  /// rounds the same way in both), so it only applies when a number scales a tensor of the
  /// parameter's shape and type. Returns nil once the update is done, otherwise the value of
  /// `valueExpr` for the general path (so nothing is evaluated twice).
  private func updateScaled(_ parameter: Tensor, by valueExpr: Expr, sign: Double, in scope: Scope)
    throws -> Value?
  {
    guard case .binary(.multiply, let lhs, let rhs, let operatorSpan) = valueExpr.kind else {
      return try evaluate(valueExpr, in: scope)
    }
    let a = try evaluate(lhs, in: scope)
    let b = try evaluate(rhs, in: scope)
    let scale: Double
    let delta: Tensor
    switch (a, b) {
    case (.float(let x), .tensor(let t)), (.tensor(let t), .float(let x)): (scale, delta) = (x, t)
    case (.int(let n), .tensor(let t)), (.tensor(let t), .int(let n)):
      (scale, delta) = (Double(n), t)
    default: return try binary(.multiply, a, b, lhs: lhs, rhs: rhs, operatorSpan: operatorSpan)
    }
    guard delta.shape == parameter.shape && delta.dtype == parameter.dtype else {
      return try binary(.multiply, a, b, lhs: lhs, rhs: rhs, operatorSpan: operatorSpan)
    }
    try engine(operatorSpan) { try parameter.update(adding: delta.data, scale: sign * scale) }
    return nil
  }

  private func unknownName(_ span: Span, in scope: Scope, target: Expr) -> RuntimeError {
    if case .name(let name) = target.kind { return unknownName(name, at: span, in: scope) }
    return error(.unknownName, "nothing to update here yet", at: span)
  }

  /// What an assignment target holds now (nil for a new name).
  private func currentValue(of target: Expr, in scope: Scope) throws -> Value? {
    switch target.kind {
    case .name(let name):
      return binding(for: target, named: name, in: scope).value
    case .field(let base, let name):
      guard case .object(let instance) = try evaluate(base, in: scope) else { return nil }
      return instance.field(name.name)
    case .index:
      return nil
    default:
      return nil
    }
  }

  private func store(
    _ value: Value, to target: Expr, current: Value?, in scope: Scope, valueSpan: Span
  ) throws {
    if try storeIntoCell(value, current: current, target: target, valueSpan: valueSpan) { return }
    switch target.kind {
    case .name(let name):
      bind(value, to: binding(for: target, named: name, in: scope), named: name)
    case .field(let base, let name):
      let object = try evaluate(base, in: scope)
      guard case .object(let instance) = object else {
        throw error(
          .typeMismatch, "cannot set the field `\(name.name)` of \(object.kindWithArticle)",
          at: name.span,
          help: "only models have fields you can assign")
      }
      instance.setField(name.name, value)
    case .index(let base, let subscripts):
      try storeIndexed(value, base: base, subscripts, in: scope, span: target.span)
    default:
      throw error(.invalidAssignmentTarget, "cannot assign to this expression", at: target.span)
    }
  }

  /// A name or field holding a parameter is a cell: a tensor or number assigned to it replaces
  /// the parameter's values in place. Returns false if `current` is not such a cell (or the
  /// value is itself a parameter, which rebinds the name).
  private func storeIntoCell(_ value: Value, current: Value?, target: Expr, valueSpan: Span)
    throws -> Bool
  {
    if case .tensor(let cell)? = current, cell.isParameter, case .tensor(let new) = value,
      !new.isParameter
    {
      guard new.shape == cell.shape else {
        throw error(
          .shapeMismatch,
          "cannot assign a tensor of shape \(new.shape) to the parameter `\(target.sourceName(in: source))` of shape \(cell.shape)",
          at: valueSpan,
          help:
            "a parameter keeps its shape; to make a new one write `\(target.sourceName(in: source)) = param(…)`"
        )
      }
      try engine(valueSpan) { try cell.assign(new.data) }
      return true
    }
    if case .tensor(let cell)? = current, cell.isParameter,
      let number = tensorOperand(value, like: cell), !value.isTensor
    {
      try engine(valueSpan) { try cell.assign(number.data.broadcast(to: cell.shape).contiguous()) }
      return true
    }
    return false
  }

  /// Binds a name where it lands (a slot, a model's field); a tensor without a label takes
  /// the name.
  func bind(_ value: Value, to place: Scope.Binding, named name: String) {
    if case .tensor(let t) = value, t.label == nil { t.label = name }
    place.store(value)
  }

  /// `x[i] = v`: lists change in place; a parameter's values change in place; any other tensor
  /// name is rebound to a changed copy (tensors are values).
  private func storeIndexed(
    _ value: Value, base: Expr, _ subscripts: [Subscript], in scope: Scope, span: Span
  ) throws {
    let container = try evaluate(base, in: scope)
    switch container {
    case .list(let list):
      guard subscripts.count == 1, case .index(let indexExpr) = subscripts[0] else {
        throw error(.typeMismatch, "a list takes one index", at: span)
      }
      let i = try integer(evaluate(indexExpr, in: scope), at: indexExpr.span, what: "a list index")
      let position = i < 0 ? i + list.items.count : i
      guard position >= 0 && position < list.items.count else {
        throw error(
          .invalidValue,
          "index \(i) is out of range for a list of \(counted(list.items.count, "item"))",
          at: indexExpr.span)
      }
      guard !list.isReachable(from: value) else {
        throw error(.invalidValue, "a list cannot contain itself", at: span)
      }
      list.items[position] = value
    case .tensor(let t):
      let items = try sliceItems(subscripts, in: scope)
      guard let source = tensorOperand(value, like: t) else {
        throw error(.typeMismatch, "cannot store \(value.kindWithArticle) in a tensor", at: span)
      }
      if t.isParameter {
        let updated = try engine(span) { () throws -> NDArray in
          let copy = try t.data.copy()
          try source.data.broadcast(to: copy.sliced(items).shape).assign(into: copy.sliced(items))
          return copy
        }
        try engine(span) { try t.assign(updated) }
      } else {
        let copy = try engine(span) { () throws -> NDArray in
          let copy = try t.data.copy()
          try source.data.broadcast(to: copy.sliced(items).shape).assign(into: copy.sliced(items))
          return copy
        }
        try store(.tensor(Tensor(copy)), to: base, current: nil, in: scope, valueSpan: span)
      }
    default:
      throw error(
        .typeMismatch, "cannot assign into \(container.kindWithArticle) by index", at: span)
    }
  }
}

extension Value {
  var isTensor: Bool {
    if case .tensor = self { return true }
    return false
  }
}

extension Expr {
  /// The source text of this expression (for messages about assignment targets).
  func sourceName(in file: SourceFile) -> String { file.text(of: span) }
}
