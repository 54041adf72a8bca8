import GradusAutograd
import GradusLanguage
import GradusTensor

extension Interpreter {
  func evaluate(_ expr: Expr, in scope: Scope) throws -> Value {
    switch expr.kind {
    case .number(let literal):
      // Whole numbers below 2^53 are exact as doubles; only bigger ones re-read the text.
      if literal.isInteger {
        if Swift.abs(literal.value) < 9e15 { return .int(Int(literal.value)) }
        if let n = literal.integerValue { return .int(n) }
      }
      return .float(literal.value)
    case .string(let text):
      return .string(try engine(expr.span) { try StringBox(text, sharingProgramText: true) })
    case .bool(let b):
      return .bool(b)
    case .noneLiteral:
      return .none
    case .name(let name):
      if let value = read(expr, named: name, in: scope) { return value }
      throw unknownName(name, at: expr.span, in: scope)
    case .selfRef:
      if let value = selfValue(in: scope) { return value }
      throw error(.unknownName, "`self` is only defined inside a model", at: expr.span)
    case .list(let items):
      return try listLiteral(items, span: expr.span, in: scope)
    case .unary(let op, let operand, _):
      return try unary(op, evaluate(operand, in: scope), expr: expr)
    case .binary(let op, let lhs, let rhs, let operatorSpan):
      let a = try evaluate(lhs, in: scope)
      let b = try evaluate(rhs, in: scope)
      return try binary(op, a, b, lhs: lhs, rhs: rhs, operatorSpan: operatorSpan)
    case .comparison(let op, let lhs, let rhs, let operatorSpan):
      // `p.grad == none` (every optimizer step asks it of every parameter) without making a
      // tensor for the gradient only to compare it with none.
      let a: Value
      if op == .equal || op == .notEqual, case .noneLiteral = rhs.kind,
        case .field(let base, let field) = lhs.kind, field.name == "grad"
      {
        let object = try evaluate(base, in: scope)
        if case .tensor(let t) = object { return .bool((t.grad == nil) == (op == .equal)) }
        a = try self.field(object, field, base: base)
      } else {
        a = try evaluate(lhs, in: scope)
      }
      let b = try evaluate(rhs, in: scope)
      return try compare(op, a, b, lhs: lhs, rhs: rhs, operatorSpan: operatorSpan)
    case .logical(let op, let lhs, let rhs, _):
      let a = try truth(evaluate(lhs, in: scope), at: lhs.span)
      switch op {
      case .and: return .bool(a ? try truth(evaluate(rhs, in: scope), at: rhs.span) : false)
      case .or: return .bool(a ? true : try truth(evaluate(rhs, in: scope), at: rhs.span))
      }
    case .range(let lhs, let rhs, let closed, _):
      let start = try integer(evaluate(lhs, in: scope), at: lhs.span, what: "a range's start")
      let end = try integer(evaluate(rhs, in: scope), at: rhs.span, what: "a range's end")
      let range = RangeValue(start: start, end: end, closed: closed)
      guard range.countFits else {
        throw error(
          .invalidValue,
          "the range \(start)\(closed ? "..." : "..<")\(end) has more numbers than can be counted",
          at: expr.span)
      }
      return .range(range)
    case .call(let callee, let arguments):
      return try evaluateCall(callee, arguments, span: expr.span, in: scope)
    case .index(let base, let subscripts):
      return try index(
        evaluate(base, in: scope), subscripts, base: base, span: expr.span, in: scope)
    case .field(let base, let name):
      return try field(evaluate(base, in: scope), name, base: base)
    }
  }

  func selfValue(in scope: Scope) -> Value? {
    var current: Scope? = scope
    while let s = current {
      if let instance = s.model { return .object(instance) }
      current = s.parent
    }
    return nil
  }

  func unknownName(_ name: String, at span: Span, in scope: Scope) -> RuntimeError {
    RuntimeError(UnknownName.diagnostic(name, at: span, among: scope.visibleNames), source: source)
  }

  /// An integer from an int value, a whole float, or a one-element tensor holding one.
  func integer(_ value: Value, at span: Span, what: String) throws -> Int {
    switch value {
    case .int(let n): return n
    case .float(let x) where x == x.rounded() && Swift.abs(x) < 1e15: return Int(x)
    case .tensor(let t) where t.data.count == 1:
      try requireValues(t, what, at: span)
      let x = t.data.scalarValue
      if x == x.rounded() && Swift.abs(x) < 1e15 { return Int(x) }
    case .bool(let b): return b ? 1 : 0
    default: break
    }
    throw error(
      .typeMismatch, "\(what) must be a whole number, got \(format.short(value))", at: span)
  }

  /// A number from an int, float, bool or one-element tensor.
  func number(_ value: Value, at span: Span, what: String) throws -> Double {
    switch value {
    case .int(let n): return Double(n)
    case .float(let x): return x
    case .bool(let b): return b ? 1 : 0
    case .tensor(let t) where t.data.count == 1:
      try requireValues(t, what, at: span)
      return t.data.scalarValue
    default:
      throw error(.typeMismatch, "\(what) must be a number, got \(format.short(value))", at: span)
    }
  }

  /// Runs engine code, turning its typed errors into diagnostics at `span`.
  @inline(__always)
  func engine<R>(_ span: Span, _ body: () throws -> R) throws -> R {
    do { return try body() } catch let failure as TensorError {
      throw tensorError(failure, at: span)
    }
  }

  /// The diagnostic for an engine error, or `Interrupted` when Ctrl-C stopped a long operation.
  func tensorError(
    _ failure: TensorError, at span: Span, highlights: [Diagnostic.Highlight] = [],
    help: String? = nil
  )
    -> any Error
  {
    if case .interrupted = failure {
      interrupt.clear()
      return Interrupted(span: span, source: source)
    }
    var hint = help
    switch failure {
    case .allocationLimit, .extentLimit:
      hint = hint ?? "use smaller sizes, or " + MemoryLimit.howToRaise
    case .memoryInUse:
      hint = hint ?? MemoryLimit.howToFreeOrRaise
    default: break
    }
    let id: DiagnosticID
    switch failure {
    case .allocationLimit, .memoryInUse, .extentLimit, .sizeOverflow, .overflow: id = .tensorLimit
    case .invalidArgument, .index, .axis: id = .invalidValue
    default: id = .shapeMismatch
    }
    var message = failure.description
    if case .index(let op, let index, let size, let axis) = failure {
      message = "index \(index) is out of range for axis \(axis) of size \(size)"
      if op != "index" { message += " in `\(op)`" }
    }
    return error(id, message, at: span, highlights: highlights, help: hint)
  }

  /// `[1, 2, 3]` is a tensor, `[]` an empty list, `[net1, net2]` a list: numbers and tensors of
  /// equal shape stack into a tensor; anything else makes a list.
  func listLiteral(_ items: [Expr], span: Span, in scope: Scope) throws -> Value {
    let values = try items.map { try evaluate($0, in: scope) }
    if values.isEmpty { return .list(ListBox()) }
    // Plain numbers (the common case, and a pasted line of data): one array, no stacking.
    var numbers = [Double]()
    numbers.reserveCapacity(values.count)
    for value in values {
      switch value {
      case .int(let n): numbers.append(Double(n))
      case .float(let x): numbers.append(x)
      case .bool(let b): numbers.append(b ? 1 : 0)
      default: break
      }
    }
    if numbers.count == values.count {
      let array = try engine(span) { try NDArray(numbers, shape: Shape([numbers.count])) }
      return .tensor(Tensor(array))
    }
    // A literal is a tensor when its elements are numbers (single-number tensors included) or
    // rows written as bracket literals themselves: `[[1, 2], [3, 4]]`, `[x1, x2]`. An element
    // that is a computed tensor with dimensions (`[x, y]`, `[w, b]`), a model, a string or a
    // list makes a list instead; `stack` joins computed tensors explicitly.
    let numeric = zip(values, items).allSatisfy { value, item in
      switch value {
      case .int, .float, .bool: return true
      case .tensor(let t):
        if case .list = item.kind { return true }
        return t.data.count == 1 && t.data.rank == 0
      default: return false
      }
    }
    guard numeric else { return .list(ListBox(values)) }
    var parts = [Tensor]()
    for (value, item) in zip(values, items) {
      switch value {
      case .int(let n): parts.append(Tensor(NDArray(scalar: Double(n))))
      case .float(let x): parts.append(Tensor(NDArray(scalar: x)))
      case .bool(let b): parts.append(Tensor(NDArray(scalar: b ? 1 : 0)))
      case .tensor(let t):
        if let first = parts.first, first.shape != t.shape {
          throw raggedError(items, values, at: item.span, span: span)
        }
        parts.append(t)
      default: break
      }
      if let first = parts.first, let last = parts.last, first.shape != last.shape {
        throw raggedError(items, values, at: item.span, span: span)
      }
    }
    if parts.contains(where: \.requiresGrad) {
      return .tensor(try engine(span) { try Tensor.stack(parts, axis: 0) })
    }
    return .tensor(Tensor(try engine(span) { try NDArray.stack(parts.map(\.data), axis: 0) }))
  }

  private func raggedError(_ items: [Expr], _ values: [Value], at rowSpan: Span, span: Span)
    -> RuntimeError
  {
    /// "1 element", "2 elements", "shape [2, 3]", "a number"; `bare` drops the noun for rank 1.
    func size(_ v: Value, bare: Bool) -> String {
      guard case .tensor(let t) = v, t.data.rank > 0 else { return "a number" }
      if t.data.rank > 1 { return "shape \(t.shape)" }
      let n = t.shape[0]
      return bare ? "\(n)" : "\(n) element" + (n == 1 ? "" : "s")
    }
    let index = items.firstIndex { $0.span == rowSpan } ?? 0
    let here = size(values[index], bare: false)
    let first = size(values[0], bare: here.hasSuffix("element") || here.hasSuffix("elements"))
    return error(
      .raggedLiteral, "ragged tensor literal: row \(index + 1) has \(here), row 1 has \(first)",
      at: rowSpan, highlights: [.init(items[0].span, "row 1")],
      help: "every row of a tensor needs the same length")
  }
}
