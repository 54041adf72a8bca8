import GradusRuntime
import Testing

@testable import GradusREPL

@Suite("REPL: meta commands")
struct MetaCommandTests {
  @Test func unknownCommandsSuggestTheNearest() throws {
    let (session, console) = try Support.session()
    #expect(session.submit(":vras") == .failed)
    #expect(console.errors.contains("unknown command `:vras`; did you mean `:vars`?"))
    #expect(session.submit(":explian y = 1") == .failed)
    #expect(console.errors.contains("did you mean `:explain`?"))
  }

  @Test func varsListsKindsShapesAndParameters() throws {
    let (session, console) = try Support.session()
    session.submit("net = Linear(3, 2)")
    session.submit("w = param(zeros(4))")
    session.submit("xs = [1, \"a\"]")
    session.submit("5")
    let table = Support.output(of: ":vars", in: session, console)
    let lines = table.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("name  kind") == true)
    #expect(lines.contains { $0.hasPrefix("net ") && $0.contains("Linear") && $0.contains(" 8 ") })
    #expect(lines.contains { $0.hasPrefix("w ") && $0.contains("parameter") && $0.contains("[4]") })
    #expect(lines.contains { $0.hasPrefix("xs ") && $0.contains("2 items") })
    // The session's own names stay out of the table.
    #expect(!lines.contains { $0.hasPrefix("_ ") || $0.hasPrefix("Out ") })
  }

  @Test(arguments: [
    ("param(ones(2, 3))", "parameter of shape [2, 3], float32"),
    ("param(ones(2)) + 1", "tensor of shape [2], float32, made by `add`"),
    ("ones(2) + 1", "tensor of shape [2], float32"),
    ("Linear(2, 3)", "Linear (a model with 9 parameters)"),
    ("Linear", "model description: model Linear(n_in, n_out)"),
    ("[1, \"a\"]", "list of 2 items"),
    ("0..<4", "range of 4 whole numbers"),
    ("3", "int"),
    ("relu", "builtin: builtin relu(x)"),
  ])
  func type(expression: String, description: String) throws {
    let (session, console) = try Support.session()
    #expect(Support.output(of: ":type \(expression)", in: session, console) == description + "\n")
  }

  @Test func shapeOfTensorsAndWhatHasNone() throws {
    let (session, console) = try Support.session()
    #expect(Support.output(of: ":shape zeros(2, 3, 4)", in: session, console) == "[2, 3, 4]\n")
    #expect(session.submit(":shape relu") == .failed)
    #expect(console.errors.contains("a builtin has no shape"))
    #expect(session.submit(":shape x = 1") == .failed)
    #expect(console.errors.contains("takes one expression"))
  }

  @Test func gradOfAParameterAndOfAModel() throws {
    let (session, console) = try Support.session()
    session.submit("net = Linear(2, 1)")
    #expect(session.submit(":grad net") == .failed)
    #expect(console.errors.contains("has no gradients yet"))
    session.submit("backward(sum(net(ones(3, 2))))")
    let text = Support.output(of: ":grad net", in: session, console)
    #expect(text.contains("W =\ntensor([[3.0000],\n"))
    #expect(text.contains("b = tensor([3.0000], shape: [1])"))
    #expect(
      Support.output(of: ":grad net.b", in: session, console)
        == "grad(net.b) = tensor([3.0000], shape: [1])\n")
    #expect(session.submit(":grad ones(2)") == .failed)
    #expect(console.errors.contains("is not a parameter"))
  }

  @Test func graphDrawsTheOperationsThatMadeATensor() throws {
    let (session, console) = try Support.session()
    session.submit("w = param(tensor([1.0, 2.0]))")
    session.submit("loss = sum(w * w)")
    let tree = Support.output(of: ":graph loss", in: session, console)
    #expect(tree.hasPrefix("loss = sum  []  5.0000\n"))
    #expect(tree.contains("mul  [2]"))
    #expect(session.submit(":graph") == .failed)
  }

  @Test func explainTracesOneStatementAndTraceOnTracesEveryCell() throws {
    let (session, console) = try Support.session()
    let explained = Support.output(
      of: ":explain y = relu(tensor([-1.0, 2.0]))", in: session, console)
    #expect(explained.contains("[1] relu: max(a, 0)"))
    #expect(Support.output(of: "z = relu(tensor([1.0]))", in: session, console) == "")
    #expect(
      Support.output(of: ":trace on", in: session, console) == "tracing of every operation is on\n")
    #expect(
      Support.output(of: "z = relu(tensor([1.0]))", in: session, console).contains("[1] relu"))
    session.submit(":trace off")
    #expect(session.submit(":trace maybe") == .failed)
  }

  @Test func seedRestartsTheRandomNumbers() throws {
    let (session, console) = try Support.session()
    session.submit(":seed 11")
    let first = Support.output(of: "randn(3)", in: session, console)
    session.submit(":seed 11")
    let second = Support.output(of: "randn(3)", in: session, console)
    #expect(first.dropFirst("Out[2]:".count) == second.dropFirst("Out[4]:".count))
    #expect(session.submit(":seed many") == .failed)
  }

  @Test func sourceShowsPreludeAndUserDefinitionsAsWritten() throws {
    let (session, console) = try Support.session()
    let linear = Support.output(of: ":source Linear", in: session, console)
    #expect(linear.hasPrefix("#' `Linear(n_in, n_out)`"))
    #expect(linear.contains("model Linear(n_in, n_out) {\n"))
    #expect(linear.hasSuffix("}\n"))
    session.submit("model Tiny(n) {\n  fc = Linear(n, 1)\n  forward(x) = fc(x)\n}")
    #expect(
      Support.output(of: ":source Tiny", in: session, console)
        == "model Tiny(n) {\n  fc = Linear(n, 1)\n  forward(x) = fc(x)\n}\n")
    #expect(
      Support.output(of: ":source relu", in: session, console).contains(
        "`relu` is a primitive of the engine"))
    #expect(session.submit(":source Linaer") == .failed)
    #expect(console.errors.contains("did you mean `Linear`?"))
  }

  @Test func historyListsThisSessionsInputs() throws {
    let (session, console) = try Support.session()
    session.submit("a = 1")
    session.submit("model M() {\n  forward(x) = x\n}")
    #expect(
      Support.output(of: ":history", in: session, console)
        == "1: a = 1\n2: model M() {\n     forward(x) = x\n   }\n3: :history\n")
  }

  @Test func saveWithNothingToSaveSaysSo() throws {
    let (session, console) = try Support.session()
    #expect(session.submit(":save /tmp/never-written.grad") == .failed)
    #expect(console.errors.contains("nothing to save yet"))
  }

  @Test func commandsThatNeedAnArgumentSayWhich() throws {
    let (session, console) = try Support.session()
    for command in [
      ":explain", ":time", ":type", ":shape", ":grad", ":graph", ":source", ":load", ":save",
    ] {
      console.clear()
      #expect(session.submit(command) == .failed, "\(command)")
      #expect(console.errors.hasPrefix("error: "), "\(command)")
    }
  }
}
