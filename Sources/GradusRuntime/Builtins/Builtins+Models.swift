import GradusAutograd
import GradusLanguage
import GradusTensor

extension Builtins {
  static let models: [Builtin] = [
    Builtin(
      "params", "params(model)", "every parameter of a model, labelled with its path (fc1.W, …)",
      example: "params(Linear(2, 3))"
    ) { args in
      try args.expect(1, signature: "params(model)")
      let found = try args.interpreter.parameters(in: args.positional[0], at: args.span(of: 0))
      for (path, t) in found where !path.isEmpty { t.label = path }
      return .list(ListBox(found.map { .tensor($0.1) }))
    },
    Builtin(
      "count_params", "count_params(model)", "how many numbers a model learns",
      example: "count_params(Linear(10, 20))"
    ) { args in
      try args.expect(1, signature: "count_params(model)")
      let found = try args.interpreter.parameters(in: args.positional[0], at: args.span(of: 0))
      // Checked: shape-only models (`analyze { }`) can be any size.
      return .int(
        try args.engine {
          try SizeArithmetic.sum(
            found.map(\.1.data.count), op: "count_params", what: "the number of parameters")
        })
    },
    Builtin(
      "summary", "summary(model)", "a table of a model's parameters: path, shape, count",
      example: "summary(Linear(10, 20))"
    ) { args in
      try args.expect(1, signature: "summary(model)")
      let interpreter = args.interpreter
      let found = try interpreter.parameters(in: args.positional[0], at: args.span(of: 0))
      let rows =
        found.map { ($0.0, "\($0.1.shape)", $0.1.data.count, $0.1.dtype.size) }
      let table = try args.engine { try interpreter.summaryTable(args.positional[0], rows) }
      interpreter.output.write(table)
      return .none
    },
  ]
}

extension Interpreter {
  /// The text of `summary(net)`.
  /// The totals are checked: a shape-only model (`analyze { }`) can be any size.
  func summaryTable(_ value: Value, _ found: [(String, String, Int, Int)]) throws(TensorError)
    -> String
  {
    let title: String
    if case .object(let o) = value { title = o.type.name } else { title = value.kindName }
    let rows = found.map { (path, shape, count, _) in
      (path.isEmpty ? "(value)" : path, shape, count)
    }
    let w0 = max(9, rows.map(\.0.count).max() ?? 0)
    let w1 = max(5, rows.map(\.1.count).max() ?? 0)
    func pad(_ s: String, _ w: Int) -> String {
      s + String(repeating: " ", count: max(0, w - s.count))
    }
    func lpad(_ s: String, _ w: Int) -> String {
      String(repeating: " ", count: max(0, w - s.count)) + s
    }
    let total = try SizeArithmetic.sum(
      rows.map(\.2), op: "summary", what: "the number of parameters")
    var bytes = 0
    for (_, _, count, size) in found {
      let each = try SizeArithmetic.multiply(count, size, op: "summary", what: "the memory")
      bytes = try SizeArithmetic.add(bytes, each, op: "summary", what: "the memory")
    }
    let w2 = max(10, self.grouped(total).count)
    var text = "\(title)\n"
    let grouped = { (n: Int) in self.grouped(n) }
    text += pad("parameter", w0) + "  " + pad("shape", w1) + "  " + lpad("count", w2) + "\n"
    text += String(repeating: "─", count: w0 + w1 + w2 + 4) + "\n"
    for row in rows {
      text += pad(row.0, w0) + "  " + pad(row.1, w1) + "  " + lpad(grouped(row.2), w2) + "\n"
    }
    text += String(repeating: "─", count: w0 + w1 + w2 + 4) + "\n"
    text += pad("total", w0) + "  " + pad("", w1) + "  " + lpad(grouped(total), w2) + "\n"
    text += "memory: \(ByteCount(bytes)) of parameters\n"
    return text
  }
}
