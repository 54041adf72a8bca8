import GradusLanguage
import GradusRuntime
import Testing

/// What a front end (the REPL, later a Jupyter kernel) asks the runtime about a session:
/// answers in strings and numbers, for values made by running real code.
@Suite("runtime queries")
struct RuntimeQueryTests {
  static func session(_ code: String) throws -> Interpreter {
    let interpreter = try Interpreter(output: HarnessSink())
    let outcome = Pipeline.run(SourceFile(name: "setup.grad", text: code), in: interpreter)
    #expect(outcome.succeeded, "\(outcome.rendered(style: .plain))")
    return interpreter
  }

  static func value(_ name: String, in interpreter: Interpreter) throws -> Value {
    try #require(interpreter.value(of: name))
  }

  @Test func summariesListKindShapeAndParameters() throws {
    let session = try Self.session(
      "net = Linear(2, 3)\nxs = [\"a\", \"b\", \"c\"]\nt = zeros(4, 5)")
    let net = session.summary(of: try Self.value("net", in: session))
    #expect(net.kind == "Linear")
    #expect(net.parameterCount == 2 * 3 + 3)
    #expect(net.shape.isEmpty)
    let xs = session.summary(of: try Self.value("xs", in: session))
    #expect(xs.shape == "3 items")
    #expect(xs.parameterCount == 0)
    let t = session.summary(of: try Self.value("t", in: session))
    #expect(t.kind == "tensor")
    #expect(t.shape == "[4, 5]")
  }

  @Test func typesAndShapesAreDescribed() throws {
    let session = try Self.session("net = Linear(2, 3)\ny = net.W * 2\ns = \"abc\"")
    #expect(
      session.typeDescription(of: try Self.value("net", in: session))
        == "Linear (a model with 9 parameters)")
    #expect(
      session.typeDescription(of: try Self.value("y", in: session))
        == "tensor of shape [2, 3], float32, made by `mul`")
    #expect(
      session.typeDescription(of: try Self.value("s", in: session)) == "string of 3 characters")
    #expect(session.shape(of: try Self.value("y", in: session)) == .tensor("[2, 3]"))
    #expect(session.shape(of: .int(3)) == .number)
    #expect(session.shape(of: try Self.value("s", in: session)) == .none(kind: "string"))
  }

  @Test func gradientsAnswerBeforeAndAfterBackward() throws {
    let session = try Self.session("net = Linear(2, 1)\nx = ones(3, 2)")
    let net = try Self.value("net", in: session)
    #expect(session.gradients(of: net) == .noneYet)
    #expect(session.gradients(of: try Self.value("x", in: session)) == .notAParameter)
    #expect(session.gradients(of: try .string("w")) == .notDifferentiable(kind: "string"))
    _ = Pipeline.run(
      SourceFile(name: "step.grad", text: "backward(sum(net(x)))"), in: session)
    guard case .parameters(let found) = session.gradients(of: net) else {
      Issue.record("no gradients after backward")
      return
    }
    #expect(found.map(\.path) == ["W", "b"])
    #expect(found.allSatisfy { $0.gradient != nil })
    // Each of the 3 rows adds 1 to the bias's gradient.
    #expect(found[1].gradient?.contains("3.0000") == true)
  }

  @Test func fieldNamesWalkStoredFieldsOnly() throws {
    let session = try Self.session(
      "model Net() {\n  fc1 = Linear(2, 2)\n  forward(x) = fc1(x)\n}\nnet = Net()\nxs = [\"a\"]")
    let fields = try #require(session.fieldNames(after: ["net"]))
    #expect(fields.contains("fc1"))
    #expect(fields.contains("forward"))
    #expect(
      Set(try #require(session.fieldNames(after: ["net", "fc1"]))).isSuperset(of: ["W", "b"]))
    #expect(session.fieldNames(after: ["net", "fc1", "W", "T"]) == Interpreter.tensorFieldNames)
    #expect(session.fieldNames(after: ["xs"]) == Interpreter.listFieldNames)
    #expect(session.fieldNames(after: ["net", "nothing"]) == nil)
    #expect(session.fieldNames(after: ["undefined"]) == nil)
  }

  /// Doc lines for completion and inspection: a builtin's summary, the `#'` comment above a
  /// prelude or learner definition.
  @Test func documentationComesFromSummariesAndDocComments() throws {
    let session = try Self.session(
      "#' Doubles a number.\n#' Twice as much.\nfn double(x) = 2 * x\nfn bare(x) = x")
    let exp = try #require(Interpreter.builtins.first { $0.name == "exp" })
    #expect(session.documentation(of: "exp") == [exp.summary])
    #expect(session.documentation(of: "double") == ["Doubles a number.", "Twice as much."])
    let linear = try #require(session.documentation(of: "Linear"))
    #expect(linear.first?.hasPrefix("`Linear(n_in, n_out)` computes x @ W + b") == true)
    #expect(session.documentation(of: "bare") == nil)
    #expect(session.documentation(of: "undefined") == nil)
  }

  @Test func gradientRulesComeFromTheEngine() {
    #expect(Interpreter.gradientRule(of: "exp") == "y = exp(a), dy/da = exp(a)")
    #expect(Interpreter.gradientRule(of: "print") == nil)
  }

  @Test func theMemoryLimitIsReadAndSetThroughTheRuntime() {
    let saved = SessionLimits.memoryBytes
    defer { SessionLimits.memoryBytes = saved }
    #expect(SessionLimits.bytes(in: "2G") == 2 << 30)
    #expect(SessionLimits.bytes(in: "lots") == nil)
    SessionLimits.memoryBytes = 512 << 20
    #expect(SessionLimits.describe(bytes: SessionLimits.memoryBytes) == "512.0 MiB")
  }
}
