import GradusAutograd
import GradusLanguage
import GradusTensor

extension Interpreter {
  /// A value as a tensor for arithmetic with `like` (numbers become constants of its dtype).
  func tensorOperand(_ value: Value, like other: Tensor?) -> Tensor? {
    let dtype = other?.dtype ?? .float32
    switch value {
    case .tensor(let t): return t
    case .int(let n): return Tensor(NDArray(scalar: Double(n), dtype: dtype))
    case .float(let x): return Tensor(NDArray(scalar: x, dtype: dtype))
    case .bool(let b): return Tensor(NDArray(scalar: b ? 1 : 0, dtype: dtype))
    default: return nil
    }
  }

  func binary(
    _ op: BinaryOperator, _ a: Value, _ b: Value, lhs: Expr, rhs: Expr, operatorSpan: Span
  ) throws -> Value {
    switch (a, b) {
    case (.int(let x), .int(let y)):
      return try integerArithmetic(op, x, y, operatorSpan: operatorSpan)
    case (.int, .float), (.float, .int), (.float, .float):
      let x = try number(a, at: lhs.span, what: "operand")
      let y = try number(b, at: rhs.span, what: "operand")
      return .float(try floatArithmetic(op, x, y, operatorSpan: operatorSpan))
    case (.string(let x), .string(let y)) where op == .add:
      let bytes = try combinedCount(x.text.utf8.count, y.text.utf8.count, at: operatorSpan)
      try reserve(bytes, of: UInt8.self, at: operatorSpan)
      return try engine(operatorSpan) { try .string(x.text + y.text) }
    case (.list(let x), .list(let y)) where op == .add:
      let items = try combinedCount(x.items.count, y.items.count, at: operatorSpan)
      try reserve(items, of: Value.self, at: operatorSpan)
      return .list(ListBox(x.items + y.items))
    default:
      break
    }
    let ta: Tensor? = { if case .tensor(let t) = a { return t } else { return nil } }()
    let tb: Tensor? = { if case .tensor(let t) = b { return t } else { return nil } }()
    guard let x = tensorOperand(a, like: ta ?? tb), let y = tensorOperand(b, like: tb ?? ta) else {
      throw error(
        .typeMismatch,
        "cannot apply `\(op.symbol)` to \(a.kindWithArticle) and \(b.kindWithArticle)",
        at: operatorSpan,
        highlights: [.init(lhs.span, a.kindName), .init(rhs.span, b.kindName)])
    }
    do {
      let result: Tensor
      switch op {
      case .add: result = try x + y
      case .subtract: result = try x - y
      case .multiply: result = try x * y
      case .divide: result = try x / y
      case .power: result = try x.pow(y)
      case .matmul: result = try x.matmul(y)
      case .remainder:
        throw error(
          .typeMismatch, "`%` works on numbers, not tensors", at: operatorSpan,
          help:
            "`%` takes plain numbers (`7 % 3`, `7.5 % 2`): write `float(t) % m` for a one-element tensor"
        )
      }
      if anomalyDetection {
        try checkFinite(result, op: op.symbol, at: operatorSpan, inputs: [x, y])
      }
      return .tensor(result)
    } catch let failure as TensorError {
      throw operatorError(failure, op, x, y, lhs: lhs, rhs: rhs, operatorSpan: operatorSpan)
    }
  }

  /// Shape errors of `@` and broadcasting, with both operands' spans labelled by their shapes.
  private func operatorError(
    _ failure: TensorError, _ op: BinaryOperator, _ x: Tensor, _ y: Tensor, lhs: Expr, rhs: Expr,
    operatorSpan: Span
  ) -> any Error {
    let highlights: [Diagnostic.Highlight] = [
      .init(lhs.span, "\(x.shape)"), .init(rhs.span, "\(y.shape)"),
    ]
    func name(_ e: Expr, _ fallback: String) -> String {
      if case .name(let n) = e.kind { return n }
      return fallback
    }
    var help: String?
    switch failure {
    case .matmul:
      let k1 = x.data.rank >= 1 ? x.shape[x.data.rank - 1] : 0
      let k2 = y.data.rank >= 2 ? y.shape[y.data.rank - 2] : (y.data.rank == 1 ? y.shape[0] : 0)
      help =
        "the inner sizes must match: \(k1) (columns of \(name(lhs, "the left side"))) and \(k2) (rows of \(name(rhs, "the right side")))"
      if x.data.rank == 2 && y.data.rank == 2 && x.shape[0] == y.shape[0] {
        help! += "; did you mean `\(name(lhs, "a")).T @ \(name(rhs, "b"))`?"
      } else if x.data.rank == 2 && y.data.rank == 2 && x.shape[1] == y.shape[1] {
        help! += "; did you mean `\(name(lhs, "a")) @ \(name(rhs, "b")).T`?"
      }
    case .broadcast:
      help = "broadcasting lines shapes up from the right; each pair of sizes must be equal or 1"
    default:
      break
    }
    return tensorError(failure, at: operatorSpan, highlights: highlights, help: help)
  }

  private func integerArithmetic(_ op: BinaryOperator, _ x: Int, _ y: Int, operatorSpan: Span)
    throws
    -> Value
  {
    func checked(_ r: (partialValue: Int, overflow: Bool)) throws -> Value {
      if r.overflow {
        throw error(
          .invalidValue, "integer overflow in `\(op.symbol)`", at: operatorSpan,
          help: "write one operand as a decimal (`2.0`) to compute in floating point")
      }
      return .int(r.partialValue)
    }
    switch op {
    case .add: return try checked(x.addingReportingOverflow(y))
    case .subtract: return try checked(x.subtractingReportingOverflow(y))
    case .multiply: return try checked(x.multipliedReportingOverflow(by: y))
    case .divide:
      return .float(try floatArithmetic(.divide, Double(x), Double(y), operatorSpan: operatorSpan))
    case .remainder:
      guard y != 0 else { throw error(.invalidValue, "remainder by zero", at: operatorSpan) }
      // Int.min % -1 overflows in the division but its remainder is 0.
      let r = x.remainderReportingOverflow(dividingBy: y).partialValue
      return .int(r != 0 && (r < 0) != (y < 0) ? r + y : r)
    case .power:
      if y >= 0 {
        var result = 1
        for _ in 0..<Swift.min(y, 64) {
          let (p, overflow) = result.multipliedReportingOverflow(by: x)
          if overflow { return .float(numericPower(Double(x), Double(y))) }
          result = p
        }
        if y <= 64 || x == 0 || x == 1 { return .int(y > 64 && x == 0 ? 0 : result) }
      }
      return .float(numericPower(Double(x), Double(y)))
    case .matmul:
      throw error(
        .typeMismatch, "`@` multiplies tensors, not single numbers", at: operatorSpan,
        help: "use `*` for numbers")
    }
  }

  private func floatArithmetic(_ op: BinaryOperator, _ x: Double, _ y: Double, operatorSpan: Span)
    throws
    -> Double
  {
    switch op {
    case .add: return x + y
    case .subtract: return x - y
    case .multiply: return x * y
    case .divide: return x / y
    case .remainder: return x - (x / y).rounded(.down) * y
    case .power: return numericPower(x, y)
    case .matmul:
      throw error(
        .typeMismatch, "`@` multiplies tensors, not single numbers", at: operatorSpan,
        help: "use `*` for numbers")
    }
  }

  func unary(_ op: UnaryOperator, _ value: Value, expr: Expr) throws -> Value {
    switch (op, value) {
    case (.not, _): return .bool(!(try truth(value, at: expr.span)))
    case (.plus, .int), (.plus, .float), (.plus, .tensor): return value
    case (.negate, .int(let n)):
      guard n != Int.min else {
        throw error(.invalidValue, "integer overflow in `-`", at: expr.span)
      }
      return .int(-n)
    case (.negate, .float(let x)): return .float(-x)
    case (.negate, .tensor(let t)): return .tensor(try engine(expr.span) { try -t })
    default:
      throw error(
        .typeMismatch, "cannot apply `\(op.symbol)` to \(value.kindWithArticle)", at: expr.span)
    }
  }

  /// Comparisons give a bool for single numbers, and a 0/1 mask tensor elementwise otherwise.
  func compare(
    _ op: ComparisonOperator, _ a: Value, _ b: Value, lhs: Expr, rhs: Expr, operatorSpan: Span
  ) throws -> Value {
    func ordered(_ x: Double, _ y: Double) -> Bool {
      switch op {
      case .equal: return x == y
      case .notEqual: return x != y
      case .less: return x < y
      case .lessEqual: return x <= y
      case .greater: return x > y
      case .greaterEqual: return x >= y
      }
    }
    let scalarA = isSingleNumber(a)
    let scalarB = isSingleNumber(b)
    if scalarA && scalarB {
      for case .tensor(let t) in [a, b] { try requireValues(t, "a comparison", at: operatorSpan) }
      return .bool(
        ordered(
          try number(a, at: lhs.span, what: "operand"), try number(b, at: rhs.span, what: "operand")
        ))
    }
    let ta: Tensor? = { if case .tensor(let t) = a { return t } else { return nil } }()
    let tb: Tensor? = { if case .tensor(let t) = b { return t } else { return nil } }()
    if ta != nil || tb != nil, let x = tensorOperand(a, like: ta ?? tb),
      let y = tensorOperand(b, like: tb ?? ta)
    {
      let function: BinaryFunction
      switch op {
      case .equal: function = .equal
      case .notEqual: function = .notEqual
      case .less: function = .less
      case .lessEqual: function = .lessEqual
      case .greater: function = .greater
      case .greaterEqual: function = .greaterEqual
      }
      return .tensor(Tensor(try engine(operatorSpan) { try x.data.zip(y.data, function) }))
    }
    switch (op, a, b) {
    case (.equal, _, _): return .bool(identical(a, b))
    case (.notEqual, _, _): return .bool(!identical(a, b))
    case (_, .string(let x), .string(let y)):
      return .bool(ordered(x.text < y.text ? -1 : (x.text == y.text ? 0 : 1), 0))
    default:
      throw error(
        .typeMismatch,
        "cannot compare \(a.kindWithArticle) with \(b.kindWithArticle) using `\(op.symbol)`",
        at: operatorSpan)
    }
  }

  private func isSingleNumber(_ v: Value) -> Bool {
    switch v {
    case .int, .float, .bool: return true
    case .tensor(let t): return t.data.count == 1
    default: return false
    }
  }

  /// `==` for non-numbers: equal strings, both none, the same object.
  private func identical(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.none, .none): return true
    case (.string(let x), .string(let y)): return x.text == y.text
    case (.object(let x), .object(let y)): return x === y
    case (.list(let x), .list(let y)): return x === y
    default: return false
    }
  }
}
