import GradusAutograd
import GradusLanguage
import GradusTensor

extension Interpreter {
  func evaluateCall(_ calleeExpr: Expr, _ arguments: [Argument], span: Span, in scope: Scope) throws
    -> Value
  {
    // `net.train()` / `net.eval()` work on every model without being written in Gradus.
    if case .field(let base, let method) = calleeExpr.kind,
      method.name == "train" || method.name == "eval",
      arguments.isEmpty, case .object(let instance) = try evaluate(base, in: scope),
      instance.field(method.name) == nil, instance.methods[method.name] == nil
    {
      setTraining(instance, method.name == "train")
      return .none
    }
    let callee = try evaluate(calleeExpr, in: scope)
    if arguments.count == 1, arguments[0].label == nil, case .builtin(let builtin) = callee,
      let tensorBody = builtin.tensorBody, !runsPreludeSteps
    {
      return try callTensorBuiltin(
        builtin, tensorBody, calleeExpr, arguments, span: span, in: scope)
    }
    // Collected in locals and moved into `Arguments` once: appending through the struct made
    // the array's buffer look shared, and each append copied it.
    var positional = [Value]()
    positional.reserveCapacity(arguments.count)
    var named: [(name: String, value: Value, span: Span)] = []
    for argument in arguments {
      let value = try evaluate(argument.value, in: scope)
      if let label = argument.label {
        if named.contains(where: { $0.name == label.name }) {
          throw error(.arity, "the argument `\(label.name)` is given twice", at: argument.span)
        }
        named.append((label.name, value, argument.span))
      } else {
        positional.append(value)
      }
    }
    return try call(
      callee,
      Arguments(
        positional: positional, syntax: arguments, named: named, span: span, calleeValue: callee,
        calleeExpr: calleeExpr, interpreter: self))
  }

  /// `relu(x)`, `sum(x)`: a builtin of one tensor called with one tensor runs its
  /// `tensorBody` directly, without the `Arguments` a call builds (a third of the cost of such a
  /// call on a small tensor). Anything else, or an error, takes the general path, which gives
  /// the same result or the error message with its spans (the failed operation recorded
  /// nothing, so running it again there is safe).
  private func callTensorBuiltin(
    _ builtin: Builtin, _ tensorBody: @escaping @Sendable (Tensor) throws -> Tensor,
    _ calleeExpr: Expr,
    _ arguments: [Argument], span: Span, in scope: Scope
  ) throws -> Value {
    let value = try evaluate(arguments[0].value, in: scope)
    if case .tensor(let x) = value, !anomalyDetection {
      try checkInterrupt(span)
      if let result = try? tensorBody(x) { return .tensor(result) }
    }
    return try call(
      .builtin(builtin),
      Arguments(
        positional: [value], syntax: arguments, named: [], span: span,
        calleeValue: .builtin(builtin), calleeExpr: calleeExpr, interpreter: self))
  }

  /// Calls any callable value with evaluated arguments.
  func call(_ callee: Value, _ args: Arguments) throws -> Value {
    try checkInterrupt(args.span)
    switch callee {
    case .builtin(let builtin):
      if runsPreludeSteps, let definition = preludeDefinitions[builtin.name] {
        return try callFunction(definition, args, instance: nil)
      }
      if let plan = builtin.plan, makesShapeOnly(args) {
        return try shapeOnly(plan(args), at: args.span)
      }
      // A builtin's engine errors (a string over the memory budget, …) are shown at its call.
      return try engine(args.span) { try builtin.body(args) }
    case .function(let function):
      return try callFunction(function, args, instance: nil)
    case .boundMethod(let instance, let function):
      return try callFunction(function, args, instance: instance)
    case .modelType(let type):
      return try construct(type, args)
    case .object(let instance):
      guard let forward = instance.methods["forward"] else {
        throw error(
          .typeMismatch, "`\(instance.type.name)` has no `forward` method, so it cannot be called",
          at: args.span, help: "add `forward(x) = …` to `model \(instance.type.name)`")
      }
      return try callFunction(forward, args, instance: instance)
    default:
      let message =
        args.callee == "this"
        ? "\(callee.kindWithArticle) cannot be called"
        : "`\(args.callee)` is \(callee.kindWithArticle), not a function"
      var help: String?
      switch callee {
      case .int, .float, .tensor: help = "to multiply, write `*` between the factors: `a * (b + c)`"
      default: break
      }
      throw error(.typeMismatch, message, at: args.span, help: help)
    }
  }

  /// Binds arguments to parameters by position, then name, then default.
  private func bindParameters(
    _ parameters: [Parameter], _ args: Arguments, into scope: Scope, what: String,
    defaultsScope: () -> Scope
  ) throws {
    // Names and the signature are only needed for messages: computed there, since this runs on
    // every call of every function (and local closures capturing `args` copied it each time).
    if args.positional.count > parameters.count {
      let names = parameters.map(\.name.name)
      let signature = "\(args.callee)(\(names.joined(separator: ", ")))"
      throw error(
        .arity,
        "`\(args.callee)` takes \(countText(parameters)) (\(names.joined(separator: ", "))), got \(args.positional.count)",
        at: args.span, help: "call it as `\(signature)`")
    }
    for entry in args.named where !parameters.contains(where: { $0.name.name == entry.name }) {
      let names = parameters.map(\.name.name)
      throw error(
        .arity, "`\(args.callee)` has no parameter named `\(entry.name)`", at: entry.span,
        help: Suggest.didYouMean(Suggest.nearest(entry.name, in: names))
          ?? "its parameters are \(names.joined(separator: ", "))")
    }
    for (i, parameter) in parameters.enumerated() {
      let name = parameter.name.name
      if i < args.positional.count {
        if !args.named.isEmpty, args.named(name) != nil {
          throw error(
            .arity, "`\(name)` is given both by position and by name", at: args.namedSpan(name))
        }
        scope.defineArgument(name, at: i, args.positional[i])
      } else if let value = args.named(name) {
        scope.defineArgument(name, at: i, value)
      } else if let fallback = parameter.defaultValue {
        scope.defineArgument(name, at: i, try evaluate(fallback, in: defaultsScope()))
      } else {
        let names = parameters.map(\.name.name)
        let signature = "\(args.callee)(\(names.joined(separator: ", ")))"
        throw error(
          .arity,
          "`\(args.callee)` takes \(countText(parameters)) (\(names.joined(separator: ", "))), got \(args.positional.count + args.named.count)",
          at: args.span, help: "`\(name)` is missing: call it as `\(signature)`")
      }
    }
  }

  private func countText(_ parameters: [Parameter]) -> String {
    let required = parameters.filter { $0.defaultValue == nil }.count
    let total = parameters.count
    let n = required == total ? "\(total)" : "\(required) to \(total)"
    return n + (total == 1 && required == 1 ? " argument" : " arguments")
  }

  /// Stops a call that would leave too little stack (see `stackFloor`).
  @inline(__always)
  private func checkStack(_ args: Arguments) throws {
    guard LargeStack.here() < stackFloor else { return }
    throw error(
      .recursionLimit,
      "calls nested too deeply for the evaluation stack (\(callDepth) levels)", at: args.span,
      help:
        "a function that calls itself needs a case that stops; deeply nested expressions make each level use more stack"
    )
  }

  /// Runs a user function (or method, with `instance`) in a fresh scope of locals.
  func callFunction(_ function: Function, _ args: Arguments, instance: ModelInstance?) throws
    -> Value
  {
    guard callDepth < maxCallDepth else {
      throw error(
        .recursionLimit, "calls nested deeper than \(maxCallDepth) levels", at: args.span,
        help:
          "a function that calls itself needs a case that stops; loops (`for`, `while`) don't nest")
    }
    try checkStack(args)
    callDepth += 1
    defer { callDepth -= 1 }
    // A method's frame holds the model it is called on: methods keep only the frame their
    // model was declared in, so a model and its methods form no reference cycle.
    let scope = Scope(parent: function.closure, layout: function.layout, instance: instance)
    // Defaults are evaluated where the function was defined (for a method: seeing the fields).
    try bindParameters(
      function.declaration.parameters, args, into: scope, what: function.name,
      defaultsScope: {
        instance.map { Scope(parent: function.closure, instance: $0, holdsFields: true) }
          ?? function.closure
      })
    let callerSource = source
    source = function.source
    defer { source = callerSource }
    do {
      switch function.declaration.body {
      case .expression(let expr):
        return try evaluate(expr, in: scope)
      case .block(let block):
        if case .returnValue(let value) = try execute(block, in: scope) { return value }
        return .none
      }
    } catch var failure as RuntimeError
      where failure.source.name != callerSource.name && failure.callStack.isEmpty
    {
      // An error inside the prelude (or another file) is shown where the learner's code called
      // it, with the inner location as a note.
      let inner = failure.source.location(of: failure.diagnostic.span.start)
      let innerText = failure.source.text(of: failure.diagnostic.span)
      failure.diagnostic.notes.append(
        "inside `\(args.callee)` (\(failure.source.name):\(inner.line)): `\(innerText)`")
      failure.diagnostic.span = args.span
      failure.diagnostic.highlights = []
      failure.callStack.append((args.callee, args.span, callerSource))
      failure.source = callerSource
      throw failure
    }
  }

  /// Builds a model: its parameters and every name its body assigns become fields; its
  /// methods see the fields by name.
  func construct(_ type: ModelType, _ args: Arguments) throws -> Value {
    guard callDepth < maxCallDepth else {
      throw error(
        .recursionLimit, "models nested deeper than \(maxCallDepth) levels", at: args.span)
    }
    try checkStack(args)
    callDepth += 1
    defer { callDepth -= 1 }
    let instance = ModelInstance(type: type)
    let scope = Scope(parent: type.closure, instance: instance, holdsFields: true)
    try bindParameters(
      type.declaration.parameters, args, into: scope, what: type.name,
      defaultsScope: { type.closure })
    let callerSource = source
    source = type.source
    defer { source = callerSource }
    for member in type.declaration.members {
      if case .function(let declaration) = member.kind {
        instance.methods[declaration.name.name] = Function(
          declaration: declaration, closure: type.closure, source: type.source,
          layout: functionLayout(of: member, declaration))
      }
    }
    do {
      for member in type.declaration.members {
        if case .function = member.kind { continue }
        _ = try execute(member, in: scope)
      }
    } catch var failure as RuntimeError
      where failure.source.name != callerSource.name && failure.callStack.isEmpty
    {
      let inner = failure.source.location(of: failure.diagnostic.span.start)
      failure.diagnostic.notes.append(
        "while building `\(type.name)` (\(failure.source.name):\(inner.line)): `\(failure.source.text(of: failure.diagnostic.span))`"
      )
      failure.diagnostic.span = args.span
      failure.diagnostic.highlights = []
      failure.callStack.append((type.name, args.span, callerSource))
      failure.source = callerSource
      throw failure
    }
    return .object(instance)
  }
}
