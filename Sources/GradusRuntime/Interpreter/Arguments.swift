import GradusAutograd
import GradusLanguage
import GradusTensor

/// The evaluated arguments of one call, with their spans, and helpers that check each
/// argument's kind so a builtin's errors point at the argument that is wrong.
public struct Arguments {
  public var positional: [Value]
  /// Where each positional argument was written. Derived from the call's syntax when a message
  /// needs it, rather than collected into an array on every call.
  public var positionalSpans: [Span] {
    get {
      switch spanSource {
      case .syntax(let arguments): return arguments.filter { $0.label == nil }.map(\.value.span)
      case .given(let spans): return spans
      }
    }
    set { spanSource = .given(newValue) }
  }
  private var spanSource: SpanSource
  private enum SpanSource {
    case syntax([Argument])
    case given([Span])
  }
  public var named: [(name: String, value: Value, span: Span)]
  /// The whole call, `f(…)`.
  public let span: Span
  /// What was called and how it was written; `callee` names it for messages (computed only
  /// when a message needs it: calls are the evaluator's hottest path).
  let calleeValue: Value
  let calleeExpr: Expr?

  /// The callee's name, for messages.
  public var callee: String {
    switch calleeValue {
    case .builtin(let b): return b.name
    case .function(let f): return f.name
    case .modelType(let m): return m.name
    case .boundMethod(let o, let f): return "\(o.type.name).\(f.name)"
    case .object(let o): return o.type.name
    default:
      if let calleeExpr, case .name(let n) = calleeExpr.kind { return n }
      return "this"
    }
  }
  /// The interpreter making the call (builtins report errors and reach the session through it).
  let interpreter: Interpreter

  var count: Int { positional.count }

  init(
    positional: [Value], positionalSpans: [Span], named: [(name: String, value: Value, span: Span)],
    span: Span, calleeValue: Value, calleeExpr: Expr?, interpreter: Interpreter
  ) {
    self.positional = positional
    self.spanSource = .given(positionalSpans)
    self.named = named
    self.span = span
    self.calleeValue = calleeValue
    self.calleeExpr = calleeExpr
    self.interpreter = interpreter
  }

  /// The arguments of a call written in the source: spans come from `syntax` when needed.
  init(
    positional: [Value], syntax: [Argument], named: [(name: String, value: Value, span: Span)],
    span: Span, calleeValue: Value, calleeExpr: Expr?, interpreter: Interpreter
  ) {
    self.init(
      positional: positional, positionalSpans: [], named: named, span: span,
      calleeValue: calleeValue, calleeExpr: calleeExpr, interpreter: interpreter)
    spanSource = .syntax(syntax)
  }

  func span(of index: Int) -> Span {
    let spans = positionalSpans
    return index < spans.count ? spans[index] : span
  }

  /// The named argument `name`, if given.
  func named(_ name: String) -> Value? { named.first { $0.name == name }?.value }
  func namedSpan(_ name: String) -> Span { named.first { $0.name == name }?.span ?? span }

  /// Positional `index`, or named `name`, or nil.
  func value(_ index: Int?, _ name: String) -> Value? {
    if let index, index < positional.count { return positional[index] }
    return named(name)
  }

  func spanOf(_ index: Int?, _ name: String) -> Span {
    if let index, index < positional.count { return span(of: index) }
    return namedSpan(name)
  }

  /// Fails unless the call has between `min` and `max` positional arguments and only the
  /// listed names. `signature` is built only for the message: builtins interpolate it, and
  /// building it on every call cost seven string allocations.
  func expect(
    _ min: Int, _ max: Int? = nil, names: [String] = [], signature: @autoclosure () -> String
  ) throws {
    let most = max ?? min
    if positional.count < min || positional.count > most {
      let expected =
        min == most ? "\(min)" : (max == Int.max ? "at least \(min)" : "\(min) to \(most)")
      let plural = (min == most && min == 1) ? "argument" : "arguments"
      throw interpreter.error(
        .arity, "`\(callee)` takes \(expected) \(plural), got \(positional.count)", at: span,
        help: "call it as `\(signature())`")
    }
    for entry in named where !names.contains(entry.name) {
      throw interpreter.error(
        .arity, "`\(callee)` has no argument named `\(entry.name)`", at: entry.span,
        help: Suggest.didYouMean(Suggest.nearest(entry.name, in: names))
          ?? (names.isEmpty
            ? "call it as `\(signature())`"
            : "its named arguments are " + names.map { "`\($0)`" }.joined(separator: ", ")))
    }
  }

  func tensor(_ index: Int?, _ name: String = "x") throws -> Tensor {
    guard let value = value(index, name) else {
      throw interpreter.error(.arity, "`\(callee)` needs the argument `\(name)`", at: span)
    }
    // The common case first: the message below is built before the call, and building it
    // (callee name, interpolation) cost about 1,400 instructions on every builtin call.
    if case .tensor(let t) = value { return t }
    return try interpreter.asTensor(
      value, at: spanOf(index, name), what: "`\(callee)`'s argument `\(name)`")
  }

  func int(_ index: Int?, _ name: String, default fallback: Int? = nil) throws -> Int {
    guard let value = value(index, name), !value.isNone else {
      if let fallback { return fallback }
      throw interpreter.error(.arity, "`\(callee)` needs the argument `\(name)`", at: span)
    }
    if case .int(let n) = value { return n }
    return try interpreter.integer(value, at: spanOf(index, name), what: "`\(name)`")
  }

  func optionalInt(_ index: Int?, _ name: String) throws -> Int? {
    guard let value = value(index, name), !value.isNone else { return nil }
    return try interpreter.integer(value, at: spanOf(index, name), what: "`\(name)`")
  }

  func double(_ index: Int?, _ name: String, default fallback: Double? = nil) throws -> Double {
    guard let value = value(index, name), !value.isNone else {
      if let fallback { return fallback }
      throw interpreter.error(.arity, "`\(callee)` needs the argument `\(name)`", at: span)
    }
    // Numbers first, as in `tensor`: the span and message cost more than the rest of a call
    // that reads a few numbers (an optimizer step's).
    if case .float(let x) = value { return x }
    if case .int(let n) = value { return Double(n) }
    return try interpreter.number(value, at: spanOf(index, name), what: "`\(name)`")
  }

  func bool(_ index: Int?, _ name: String, default fallback: Bool) throws -> Bool {
    guard let value = value(index, name), !value.isNone else { return fallback }
    if case .bool(let b) = value { return b }
    return try interpreter.truth(value, at: spanOf(index, name))
  }

  func string(_ index: Int?, _ name: String) throws -> String {
    guard let value = value(index, name) else {
      throw interpreter.error(.arity, "`\(callee)` needs the argument `\(name)`", at: span)
    }
    guard case .string(let s) = value else {
      throw interpreter.error(
        .typeMismatch, "`\(name)` must be a string, got \(value.kindName)", at: spanOf(index, name))
    }
    return s.text
  }

  /// `axis:` as an optional list of axes (an int, a list of ints, or none for all).
  func axes(_ index: Int?, _ name: String = "axis") throws -> [Int]? {
    guard let value = value(index, name), !value.isNone else { return nil }
    if case .list(let list) = value {
      return try list.items.map {
        try interpreter.integer($0, at: spanOf(index, name), what: "an axis")
      }
    }
    if case .tensor(let t) = value, t.data.rank == 1 {
      try interpreter.requireValues(t, "`\(name)`", at: spanOf(index, name))
      return try engine { try t.data.checkedValues() }.map {
        try interpreter.integer(.float($0), at: spanOf(index, name), what: "an axis")
      }
    }
    return [try interpreter.integer(value, at: spanOf(index, name), what: "`\(name)`")]
  }

  /// Runs engine code, reporting its errors at this call.
  func engine<R>(_ body: () throws -> R) throws -> R { try interpreter.engine(span, body) }
}

extension Interpreter {
  /// A value as a tensor: tensors as they are, numbers as 0-d constants, lists of numbers
  /// stacked.
  func asTensor(_ value: Value, at span: Span, what: String) throws -> Tensor {
    switch value {
    case .tensor(let t): return t
    case .int(let n): return Tensor(NDArray(scalar: Double(n)))
    case .float(let x): return Tensor(NDArray(scalar: x))
    case .bool(let b): return Tensor(NDArray(scalar: b ? 1 : 0))
    case .list(let list) where !list.items.isEmpty:
      let parts = try list.items.map { try asTensor($0, at: span, what: what) }
      if parts.contains(where: \.requiresGrad) {
        return try engine(span) { try Tensor.stack(parts, axis: 0) }
      }
      return Tensor(try engine(span) { try NDArray.stack(parts.map(\.data), axis: 0) })
    default:
      throw error(.typeMismatch, "\(what) must be a tensor, got \(value.kindWithArticle)", at: span)
    }
  }
}
