import GradusAutograd
import GradusLanguage
import GradusTensor

/// How a statement finished: normally, or by `break`, `continue` or `return`.
enum ControlFlow {
  case normal
  case breakLoop
  case continueLoop
  case returnValue(Value)
}

extension Interpreter {
  func execute(_ statement: Stmt, in scope: Scope) throws -> ControlFlow {
    switch statement.kind {
    case .expression(let expr):
      _ = try evaluate(expr, in: scope)
    case .assign(let target, let value):
      try assign(value, to: target, in: scope)
    case .compoundAssign(let target, let op, let value, let operatorSpan):
      try compoundAssign(op, value, to: target, operatorSpan: operatorSpan, in: scope)
    case .destructure(let targets, let value):
      let items = try unpack(evaluate(value, in: scope), count: targets.count, at: value.span)
      let places = bindings(of: statement, names: targets, in: scope)
      for (place, (target, item)) in zip(places, zip(targets, items)) {
        bind(item, to: place, named: target.name)
      }
    case .function(let declaration):
      let layout = functionLayout(of: statement, declaration)
      define(
        statement, declaration.name,
        .function(
          Function(declaration: declaration, closure: scope, source: source, layout: layout)),
        in: scope)
    case .model(let declaration):
      define(
        statement, declaration.name,
        .modelType(ModelType(declaration: declaration, closure: scope, source: source)),
        in: scope)
    case .if(let statement):
      for branch in statement.branches
      where try truth(evaluate(branch.condition, in: scope), at: branch.condition.span) {
        return try execute(branch.body, in: scope)
      }
      if let elseBody = statement.elseBody { return try execute(elseBody, in: scope) }
    case .for(let loop):
      return try executeFor(loop, statement, in: scope)
    case .while(let condition, let body):
      while try truth(evaluate(condition, in: scope), at: condition.span) {
        try checkInterrupt(statement.span)
        switch try execute(body, in: scope) {
        case .breakLoop: return .normal
        case .returnValue(let value): return .returnValue(value)
        case .normal, .continueLoop: continue
        }
      }
    case .return(let expr):
      return .returnValue(try expr.map { try evaluate($0, in: scope) } ?? .none)
    case .break:
      return .breakLoop
    case .continue:
      return .continueLoop
    case .scoped(let name, let body):
      return try executeScoped(name, body, in: scope)
    }
    return .normal
  }

  func execute(_ block: Block, in scope: Scope) throws -> ControlFlow {
    for statement in block.statements {
      let flow = try execute(statement, in: scope)
      if anomalyDetection { try stopAtAnomaly(after: statement) }
      if case .normal = flow { continue }
      return flow
    }
    return .normal
  }

  /// Inside `detect_anomaly { }`: if the statement just run made a NaN or infinity that only the
  /// autograd listener saw (a backward pass, a composite builtin), stop here, so that nothing
  /// runs after it (an optimizer step with a NaN gradient), pointing at the statement's line.
  private func stopAtAnomaly(after statement: Stmt) throws {
    guard let detector = Autograd.listener as? AnomalyDetector, var found = detector.found else {
      return
    }
    detector.found = nil
    let line = source.lineRange(source.line(containing: statement.span.start))
    found.diagnostic.span = Span(
      start: statement.span.start, end: Swift.min(statement.span.end, line.upperBound))
    found.source = source
    throw found
  }

  private func executeFor(_ loop: ForStmt, _ statement: Stmt, in scope: Scope) throws
    -> ControlFlow
  {
    let iterable = try evaluate(loop.iterable, in: scope)
    let count = try iterationCount(iterable, at: loop.iterable.span)
    let names = loop.pattern.names
    // Where the loop variables land, found once for the whole loop: a slot stays where it is.
    let places = bindings(of: statement, names: names, in: scope)
    for i in 0..<count {
      try checkInterrupt(loop.iterable.span)
      let item = try element(of: iterable, at: i, span: loop.iterable.span)
      switch loop.pattern {
      case .name(let name):
        bind(item, to: places[0], named: name.name)
      case .tuple(let names):
        let parts = try unpack(item, count: names.count, at: loop.iterable.span)
        for (place, (name, part)) in zip(places, zip(names, parts)) {
          bind(part, to: place, named: name.name)
        }
      }
      switch try execute(loop.body, in: scope) {
      case .breakLoop: return .normal
      case .returnValue(let value): return .returnValue(value)
      case .normal, .continueLoop: continue
      }
    }
    return .normal
  }

  /// How many items a `for` loop visits.
  func iterationCount(_ value: Value, at span: Span) throws -> Int {
    switch value {
    case .range(let range): return range.count
    case .list(let list): return list.items.count
    case .int(let n): return Swift.max(0, n)
    case .tensor(let t) where t.data.rank >= 1: return t.shape[0]
    default:
      throw error(
        .typeMismatch, "cannot loop over \(value.kindWithArticle)", at: span,
        help: "loop over a range (`0..<n`, `1...n`), a list, or a tensor's rows")
    }
  }

  /// The `i`-th item of something `for` can loop over (ranges, lists, tensor rows).
  func element(of value: Value, at i: Int, span: Span) throws -> Value {
    switch value {
    case .range(let range): return .int(range.element(i))
    case .list(let list): return list.items[i]
    case .int: return .int(i)
    case .tensor(let t): return .tensor(try engine(span) { try t.sliced([.index(i)]) })
    default: return .none
    }
  }

  /// Splits a list (or a tensor's rows) into exactly `count` values for `(a, b) = …`.
  func unpack(_ value: Value, count: Int, at span: Span) throws -> [Value] {
    let items: [Value]
    switch value {
    case .list(let list): items = list.items
    case .tensor(let t) where t.data.rank >= 1:
      items = try (0..<t.shape[0]).map { i in
        .tensor(try engine(span) { try t.sliced([.index(i)]) })
      }
    default:
      throw error(
        .typeMismatch, "cannot unpack \(value.kindWithArticle) into \(count) names", at: span)
    }
    guard items.count == count else {
      throw error(.typeMismatch, "expected \(count) values to unpack, got \(items.count)", at: span)
    }
    return items
  }

  /// Whether a condition holds: booleans, numbers, one-element tensors, non-empty lists.
  func truth(_ value: Value, at span: Span) throws -> Bool {
    switch value {
    case .bool(let b): return b
    case .int(let n): return n != 0
    case .float(let x): return x != 0
    case .none: return false
    case .string(let s): return !s.text.isEmpty
    case .list(let list): return !list.items.isEmpty
    case .tensor(let t):
      guard t.data.count == 1 else {
        throw error(
          .typeMismatch, "a tensor of shape \(t.shape) is neither true nor false", at: span,
          help: "compare one number, or use `sum(mask) > 0` to ask whether any element holds")
      }
      try requireValues(t, "a condition", at: span)
      return t.data.scalarValue != 0
    default: return true
    }
  }

  /// `trace { }`, `no_grad { }`, `detect_anomaly { }`.
  private func executeScoped(_ name: Identifier, _ body: Block, in scope: Scope) throws
    -> ControlFlow
  {
    switch name.name {
    case "no_grad":
      return try Autograd.withNoGrad { try execute(body, in: scope) }
    case "trace":
      let tracer = ForwardTracer(interpreter: self)
      return try Autograd.withListener(tracer) { try execute(body, in: scope) }
    case "trace_steps":
      // As `trace`, but a fused builtin runs its prelude definition, so its steps show.
      let saved = runsPreludeSteps
      runsPreludeSteps = true
      defer { runsPreludeSteps = saved }
      let tracer = ForwardTracer(interpreter: self)
      return try Autograd.withListener(tracer) { try execute(body, in: scope) }
    case "analyze":
      return try executeAnalysis(body, in: scope, span: name.span)
    case "detect_anomaly":
      let saved = anomalyDetection
      anomalyDetection = true
      defer { anomalyDetection = saved }
      let detector = AnomalyDetector(interpreter: self, span: name.span)
      let flow = try Autograd.withListener(detector) { try execute(body, in: scope) }
      if let found = detector.found { throw found }
      return flow
    default:
      throw RuntimeError(ScopedBlock.unknownBlockDiagnostic(name), source: source)
    }
  }
}
