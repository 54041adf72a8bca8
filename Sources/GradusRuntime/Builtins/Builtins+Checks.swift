import GradusLanguage

extension Builtins {
  /// The vocabulary of exercise checks (`exercises/*/check.grad`). Outside a check they say so.
  static let checks: [Builtin] = [
    Builtin(
      "expect", "expect(expression, tol: 1e-4, cell: none, mistakes: [])",
      "in an exercise check: the learner's value of `expression` must match the reference's",
      example: "expect(\"dw1\", tol: 1e-5, mistakes: [[\"2 * expected\", \"did you drop the ½?\"]])"
    ) { args in
      try args.expect(
        1, names: ["tol", "cell", "mistakes"],
        signature: "expect(expression, tol:, cell:, mistakes:)")
      let session = try args.interpreter.checkSession(args)
      let expression = try args.string(0, "expression")
      let tol = try args.double(nil, "tol", default: 1e-4)
      let cell = try args.optionalString("cell")
      switch session.mode {
      case .recording:
        let value = try args.interpreter.evaluateCheck(expression)
        let mistakes = try args.interpreter.mistakes(args, expected: value, session: session)
        session.record(.init(expression: expression, value: value, mistakes: mistakes))
      case .comparing:
        guard let reference = session.nextRecorded(for: expression) else {
          session.addFailure(expression, ["the check took another path than for the reference"])
          return .none
        }
        let got = Result { try args.interpreter.evaluateCheck(expression) }
        session.add(
          CheckComparison(format: args.interpreter.format, tol: tol).compare(
            expression, got: got, reference: reference, cell: cell))
      }
      return .none
    },
    Builtin(
      "expect_true", "expect_true(expression, message, cell: none)",
      "in an exercise check: `expression` must be true for the learner's code (explore exercises)",
      example: "expect_true(\"final_loss(lr) > 100\", \"the loss did not grow at this rate\")"
    ) { args in
      try args.expect(2, names: ["cell"], signature: "expect_true(expression, message, cell:)")
      let session = try args.interpreter.checkSession(args)
      let expression = try args.string(0, "expression")
      let message = try args.string(1, "message")
      let cell = try args.optionalString("cell")
      let holds = Result { try args.interpreter.evaluateCheck(expression) }
      switch session.mode {
      case .recording:
        if case .success(let value) = holds, value.isTrue {
          session.record(.init(expression: expression, value: .bool(true), mistakes: []))
        } else {
          session.noteReferenceProblem("the reference solution fails `\(expression)`")
          session.record(.init(expression: expression, value: .bool(false), mistakes: []))
        }
      case .comparing:
        _ = session.nextRecorded(for: expression)
        session.add(CheckComparison.truth(expression, holds, message: message, cell: cell))
      }
      return .none
    },
  ]
}

extension Value {
  /// `true`, a nonzero number, or a tensor whose entries are all nonzero.
  var isTrue: Bool {
    guard let numbers = NumericValue(self), !numbers.values.isEmpty else { return false }
    return numbers.values.allSatisfy { $0 != 0 }
  }
}

extension Interpreter {
  func checkSession(_ args: Arguments) throws -> CheckSession {
    guard let checkSession else {
      throw error(
        .invalidValue, "`\(args.callee)` works only inside an exercise check", at: args.span,
        help: "`:check` in the REPL, or `gradus exercise ID --check`, runs an exercise's check")
    }
    return checkSession
  }

  /// Evaluates one expression written as text (`"grad(w1)"`) among the session's names.
  func evaluateCheck(_ text: String) throws -> Value {
    let source = SourceFile(name: "<check: \(text)>", text: text)
    let program = try Parser.parse(source).get()
    guard program.statements.count == 1, case .expression(let expr) = program.statements[0].kind
    else {
      throw error(
        .invalidValue, "a check expects one expression, not `\(text)`", at: Span(start: 0, end: 0))
    }
    return try evaluate(expr, source: source)
  }

  /// The `mistakes:` pairs [expression, message], each expression evaluated in the reference
  /// with `expected` bound to the reference's value.
  func mistakes(_ args: Arguments, expected: Value, session: CheckSession) throws -> [(
    value: Value, message: String
  )] {
    guard case .list(let list)? = args.named("mistakes") else { return [] }
    define("expected", expected)
    var result: [(value: Value, message: String)] = []
    for item in list.items {
      guard case .list(let pair) = item, pair.items.count == 2,
        case .string(let expression) = pair.items[0], case .string(let message) = pair.items[1]
      else {
        throw error(
          .invalidValue, "each mistake is [\"expression\", \"message\"]",
          at: args.namedSpan("mistakes"))
      }
      result.append((try evaluateCheck(expression.text), message.text))
    }
    return result
  }
}
