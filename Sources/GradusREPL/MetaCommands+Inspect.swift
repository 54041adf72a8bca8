import GradusAutograd
import GradusLanguage
import GradusRuntime
import GradusTensor

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
      var shape = ""
      switch value {
      case .tensor(let t): shape = "\(t.shape)"
      case .list(let list): shape = "\(list.items.count) items"
      default: break
      }
      let count = Self.parameters(in: value).reduce(0) { $0 &+ $1.tensor.data.count }
      rows.append([
        name, value.kindName, shape, count > 0 ? "\(count)" : "",
        interpreter.format.short(value).clipped(to: 40),
      ])
    }
    console.write(TextLayout.table(rows))
    return .succeeded
  }

  func describeType(_ argument: String, number: Int) -> Status {
    guard let value = evaluateExpression(argument, number: number, command: "type") else {
      return .failed
    }
    console.write(typeDescription(value) + "\n")
    return .succeeded
  }

  /// `parameter of shape [3, 4], float32`, `Linear (a model with 16 parameters)`, …
  func typeDescription(_ value: Value) -> String {
    switch value {
    case .tensor(let t):
      return "\(value.kindName) of shape \(t.shape), \(t.dtype.rawValue)"
        + (t.op.map { ", made by `\($0.name)`" } ?? "")
    case .object(let o):
      let count = Self.parameters(in: value).reduce(0) { $0 &+ $1.tensor.data.count }
      return "\(o.type.name) (a model with \(count) parameters)"
    case .list(let list):
      return "list of \(list.items.count) item\(list.items.count == 1 ? "" : "s")"
    case .range(let r):
      return "range of \(r.count) whole numbers"
    case .string(let s):
      return "string of \(s.count) character\(s.count == 1 ? "" : "s")"
    case .modelType, .function, .builtin, .boundMethod:
      return "\(value.kindName): \(interpreter.format.display(value))"
    case .none, .bool, .int, .float:
      return value.kindName
    }
  }

  func describeShape(_ argument: String, number: Int) -> Status {
    guard let value = evaluateExpression(argument, number: number, command: "shape") else {
      return .failed
    }
    switch value {
    case .tensor(let t): console.write("\(t.shape)\n")
    case .int, .float: console.write("[] (a plain number)\n")
    case .list(let list):
      return fail(
        "a list has no shape; it has \(list.items.count) items",
        help: "tensor(\(argument)) makes a tensor of it")
    default:
      return fail("a \(value.kindName) has no shape")
    }
    return .succeeded
  }

  func showGradient(_ argument: String, number: Int) -> Status {
    guard let value = evaluateExpression(argument, number: number, command: "grad") else {
      return .failed
    }
    let format = interpreter.format
    switch value {
    case .tensor(let t):
      guard let g = t.grad else {
        if !t.requiresGrad {
          return fail("`\(argument)` is not a parameter, so it has no gradient")
        }
        return fail("`\(argument)` has no gradient yet", help: "call `backward(loss)` first")
      }
      console.write(Self.labelled("grad(\(argument))", format.display(.tensor(Tensor(g)))))
    case .object, .list:
      let found = Self.parameters(in: value)
      guard !found.isEmpty else { return fail("`\(argument)` has no parameters") }
      guard found.contains(where: { $0.tensor.grad != nil }) else {
        return fail("`\(argument)` has no gradients yet", help: "call `backward(loss)` first")
      }
      for (path, t) in found {
        let text =
          t.grad.map { format.display(.tensor(Tensor($0))) }
          ?? "no gradient (the loss does not depend on it)"
        console.write(Self.labelled(path, text))
      }
    default:
      return fail(
        "a \(value.kindName) has no gradient", help: "`:grad` takes a parameter or a model")
    }
    return .succeeded
  }

  /// `label: text`, or the label on its own line when the text has several.
  static func labelled(_ label: String, _ text: String) -> String {
    text.contains("\n") ? "\(label) =\n\(text)\n" : "\(label) = \(text)\n"
  }

  /// Every parameter inside a value with its path (`fc1.W`), each once, in field order.
  static func parameters(in value: Value) -> [(path: String, tensor: Tensor)] { value.parameters }

  /// Evaluates the argument of a command as one expression in the session; reports any error
  /// and returns nil.
  func evaluateExpression(_ text: String, number: Int, command: String) -> Value? {
    guard !text.isEmpty else {
      _ = fail("`:\(command)` needs an expression, e.g. :\(command) x")
      return nil
    }
    let source = cellSource(text, number: number)
    let parsed = Parser.parse(source)
    if parsed.hasErrors {
      _ = report(.syntaxErrors(parsed.diagnostics, source))
      return nil
    }
    guard parsed.program.statements.count == 1,
      case .expression(let expr) = parsed.program.statements[0].kind
    else {
      _ = fail(
        "`:\(command)` takes one expression, not a statement", help: "for example :\(command) x")
      return nil
    }
    interpreter.interrupt.clear()
    do {
      return try interpreter.evaluate(expr, source: source)
    } catch let failure as RuntimeError {
      _ = report(.runtimeError(failure))
    } catch let stop as Interrupted {
      _ = report(.interrupted(stop))
    } catch {
      _ = fail("\(error)")
    }
    return nil
  }
}
