import GradusLanguage
import GradusRuntime

/// `:vars`, `:type`, `:shape` and `:grad`: looking at values without changing them.
extension REPLSession {
  func listVariables() -> Status {
    let names = userNames
    guard !names.isEmpty else {
      console.write("no names yet: assign one with `x = …`\n")
      return .succeeded
    }
    var rows = [["name", "kind", "shape", "parameters", "value"]]
    for name in names {
      guard let value = interpreter.value(of: name) else { continue }
      let summary = interpreter.summary(of: value)
      rows.append([
        name, summary.kind, summary.shape,
        summary.parameterCount > 0 ? "\(summary.parameterCount)" : "",
        summary.short.clipped(to: 40),
      ])
    }
    console.write(TextLayout.table(rows))
    return .succeeded
  }

  func describeType(_ argument: String, number: Int) -> Status {
    guard let value = evaluateExpression(argument, number: number, command: "type") else {
      return .failed
    }
    console.write(interpreter.typeDescription(of: value) + "\n")
    return .succeeded
  }

  func describeShape(_ argument: String, number: Int) -> Status {
    guard let value = evaluateExpression(argument, number: number, command: "shape") else {
      return .failed
    }
    switch interpreter.shape(of: value) {
    case .tensor(let shape): console.write("\(shape)\n")
    case .number: console.write("[] (a plain number)\n")
    case .list(let count):
      return fail(
        "a list has no shape; it has \(count) items",
        help: "tensor(\(argument)) makes a tensor of it")
    case .none(let kind):
      return fail("a \(kind) has no shape")
    }
    return .succeeded
  }

  func showGradient(_ argument: String, number: Int) -> Status {
    guard let value = evaluateExpression(argument, number: number, command: "grad") else {
      return .failed
    }
    switch interpreter.gradients(of: value) {
    case .tensor(let gradient):
      console.write(Self.labelled("grad(\(argument))", gradient))
    case .notAParameter:
      return fail("`\(argument)` is not a parameter, so it has no gradient")
    case .notYet:
      return fail("`\(argument)` has no gradient yet", help: "call `backward(loss)` first")
    case .noneYet:
      return fail("`\(argument)` has no gradients yet", help: "call `backward(loss)` first")
    case .noParameters:
      return fail("`\(argument)` has no parameters")
    case .parameters(let found):
      for parameter in found {
        let text = parameter.gradient ?? "no gradient (the loss does not depend on it)"
        console.write(Self.labelled(parameter.path, text))
      }
    case .notDifferentiable(let kind):
      return fail("a \(kind) has no gradient", help: "`:grad` takes a parameter or a model")
    }
    return .succeeded
  }

  /// `label: text`, or the label on its own line when the text has several.
  static func labelled(_ label: String, _ text: String) -> String {
    text.contains("\n") ? "\(label) =\n\(text)\n" : "\(label) = \(text)\n"
  }

  /// Evaluates the argument of a command as one expression in the session; reports any error
  /// and returns nil.
  func evaluateExpression(_ text: String, number: Int, command: String) -> Value? {
    guard !text.isEmpty else {
      _ = fail("`:\(command)` needs an expression, e.g. :\(command) x")
      return nil
    }
    switch Pipeline.evaluate(cellSource(text, number: number), in: interpreter) {
    case .value(let value): return value
    case .notAnExpression:
      _ = fail(
        "`:\(command)` takes one expression, not a statement", help: "for example :\(command) x")
    case .failed(let outcome): _ = report(outcome)
    }
    return nil
  }
}
