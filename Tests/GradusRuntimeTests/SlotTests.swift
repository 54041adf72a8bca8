import GradusLanguage
import Testing

@testable import GradusRuntime

/// The resolver's slots: which kind each name use gets (locals, closures, fields, top-level
/// names, the prelude), and that running through slots gives what the language promises
/// across cells, shadowing, recursion and errors.
@Suite("Slots: every name bound once, before it runs")
struct SlotTests {
  /// Runs cells one after another in one session; returns the interpreter, the parsed cells
  /// and everything printed.
  static func session(_ cells: [String]) -> (Interpreter, [[Stmt]], HarnessSink, [Pipeline.Outcome])
  {
    let sink = HarnessSink()
    var result: (Interpreter, [[Stmt]], [Pipeline.Outcome])?
    LargeStack.run {
      guard let interpreter = try? Interpreter(output: sink) else { return }
      var parsed = [[Stmt]]()
      var outcomes = [Pipeline.Outcome]()
      for (i, text) in cells.enumerated() {
        let source = SourceFile(name: "cell\(i + 1).grad", text: text)
        guard case .program(let program) = Pipeline.parse(source) else { continue }
        parsed.append(program.statements)
        outcomes.append(Pipeline.run(program.statements, of: source, in: interpreter))
      }
      result = (interpreter, parsed, outcomes)
    }
    guard let result else { fatalError("the prelude failed to load") }
    return (result.0, result.1, sink, result.2)
  }

  /// Every name node in the statements (bodies of functions and models included), in order.
  static func nameNodes(_ statements: [Stmt]) -> [(String, Expr)] {
    var found = [(String, Expr)]()
    func visit(_ expr: Expr) {
      if case .name(let name) = expr.kind { found.append((name, expr)) }
      expr.children.forEach(visit)
    }
    func visit(_ statement: Stmt) {
      switch statement.kind {
      case .expression(let e), .return(let e?): visit(e)
      case .assign(let t, let v), .compoundAssign(let t, _, let v, _):
        visit(t)
        visit(v)
      case .destructure(_, let v): visit(v)
      case .function(let d):
        d.parameters.compactMap(\.defaultValue).forEach(visit)
        switch d.body {
        case .expression(let e): visit(e)
        case .block(let b): b.statements.forEach(visit)
        }
      case .model(let d): d.members.forEach(visit)
      case .if(let s):
        for branch in s.branches {
          visit(branch.condition)
          branch.body.statements.forEach(visit)
        }
        s.elseBody?.statements.forEach(visit)
      case .for(let loop):
        visit(loop.iterable)
        loop.body.statements.forEach(visit)
      case .while(let c, let body):
        visit(c)
        body.statements.forEach(visit)
      case .scoped(_, let body): body.statements.forEach(visit)
      case .return(nil), .break, .continue: break
      }
    }
    statements.forEach(visit)
    return found
  }

  /// The slots of the uses of `name` in a cell, as short descriptions.
  static func slots(of name: String, in statements: [Stmt], _ interpreter: Interpreter)
    -> [String]
  {
    nameNodes(statements).filter { $0.0 == name }.map { describe(interpreter.slots.slot(of: $0.1)) }
  }

  static func describe(_ slot: Slot) -> String {
    switch slot {
    case .local(let i): return "local \(i)"
    case .enclosing(let depth, let i): return "enclosing \(depth) \(i)"
    case .global(_, let prelude): return prelude >= 0 ? "global (prelude)" : "global"
    case .prelude: return "prelude"
    case .field(let key, _, let prelude):
      return "field \(key.name)" + (prelude >= 0 ? " (prelude)" : "")
    case .byName: return "by name"
    }
  }

  @Test func eachKindOfNameGetsItsSlot() {
    let program = """
      scale = 2
      fn outer(a) {
        b = a * scale
        fn inner(c) = b + c + a
        return inner(1)
      }
      model Net(n) {
        fc = Linear(n, 1)
        forward(x) = relu(fc(x))
      }
      print(outer(3))
      """
    let (interpreter, cells, sink, outcomes) = Self.session([program])
    let allSucceeded = outcomes.allSatisfy { $0.succeeded }
    #expect(allSucceeded)
    #expect(sink.text == "10\n")
    let cell = cells[0]
    // `a` and `b` in `outer` are its slots 0 (the parameter) and 1; `inner` reads them as its
    // enclosing frame's slots.
    #expect(Self.slots(of: "a", in: cell, interpreter) == ["local 0", "enclosing 1 0"])
    #expect(Self.slots(of: "b", in: cell, interpreter) == ["local 1", "enclosing 1 1"])
    #expect(Self.slots(of: "c", in: cell, interpreter) == ["local 0"])
    #expect(Self.slots(of: "scale", in: cell, interpreter) == ["global", "global"])
    // In the model: `n` and `fc` are fields; `relu` is a field if the model had one, else the
    // prelude's; `Linear` in the body likewise.
    #expect(Self.slots(of: "fc", in: cell, interpreter) == ["field fc", "field fc"])
    #expect(Self.slots(of: "relu", in: cell, interpreter) == ["field relu (prelude)"])
    #expect(Self.slots(of: "Linear", in: cell, interpreter) == ["field Linear (prelude)"])
    #expect(Self.slots(of: "x", in: cell, interpreter) == ["local 0"])
    #expect(Self.slots(of: "print", in: cell, interpreter) == ["global (prelude)"])
  }

  @Test func thePreludesCodeReadsThePreludesSlots() throws {
    let (interpreter, _, _, _) = Self.session([])
    let mse = try #require(interpreter.preludeDefinition(of: "mse"))
    let body = Stmt(.function(mse.declaration), span: mse.declaration.name.span)
    let kinds = Set(Self.nameNodes([body]).map { Self.describe(interpreter.slots.slot(of: $0.1)) })
    // Its parameters are locals, `mean` is the prelude's; the learner's names never enter.
    #expect(kinds == ["local 0", "local 1", "prelude"])
  }

  @Test func aGlobalRedefinedInALaterCellIsSeenByEarlierFunctions() {
    let (_, _, sink, outcomes) = Self.session([
      "fn f() = relu(k)", "k = -2\nprint(f())", "fn relu(x) = 100 + x\nk = 5\nprint(f())",
    ])
    let allSucceeded = outcomes.allSatisfy { $0.succeeded }
    #expect(allSucceeded)
    // First the prelude's `relu`; then the learner's, which the earlier `f` now calls.
    #expect(sink.text == "0.0000\n105\n")
  }

  @Test func aFailedCellKeepsTheNamesItBoundAndSlotsStayValid() {
    let (interpreter, _, sink, outcomes) = Self.session([
      "a = 1\nb = a + nope_missing", "fn g() = a + later\na = 10\nprint(g())",
      "later = 5\nprint(g())",
    ])
    #expect(!outcomes[0].succeeded)
    #expect(!outcomes[1].succeeded)
    #expect(outcomes[1].rendered(style: .plain).contains("unknown name `later`"))
    #expect(outcomes[2].succeeded)
    #expect(sink.text == "15\n")
    #expect(interpreter.userNames == ["a", "g", "later"])
  }

  @Test func aLocalShadowsAGlobalOnlyOnceItIsAssigned() {
    let output = RuntimeHarness.output(
      """
      x = 1
      fn f() {
        before = x
        x = 2
        return before * 10 + x
      }
      print(f(), x)
      fn g(x) = x * 10
      print(g(3), x)
      """)
    // Reading `x` before the function assigns it reads the global, as before slots.
    #expect(output == "12 1\n30 1")
  }

  @Test func recursionGetsAFrameForEachCall() {
    let output = RuntimeHarness.output(
      """
      fn fact(n) {
        if n <= 1 { return 1 }
        rest = fact(n - 1)
        return n * rest
      }
      print(fact(10))
      """)
    #expect(output == "3628800")
  }

  @Test func closuresSeeTheirFunctionsFrameAfterItChanges() {
    let output = RuntimeHarness.output(
      """
      fn counter() {
        count = 0
        fn peek() = count
        count = 3
        return peek
      }
      p = counter()
      print(p())
      """)
    #expect(output == "3")
  }

  @Test func methodsAssignFieldsAndLocals() {
    let output = RuntimeHarness.output(
      """
      model Acc(start) {
        total = start
        add(v) {
          total = total + v
          scratch = v * 2
          return scratch
        }
      }
      a = Acc(1)
      print(a.add(2), a.add(3), a.total)
      """)
    // `total` is a field, so the method updates it; `scratch` is the method's own local.
    #expect(output == "4 6 6")
  }

  @Test func loopVariablesAndUnpackedNamesLandInTheirSlots() {
    let output = RuntimeHarness.output(
      """
      fn sums(n) {
        total = 0
        for i in 0..<n { total += i }
        (a, b) = [total, i]
        return a * 10 + b
      }
      print(sums(4))
      for j in 0..<3 { }
      print(j)
      """)
    #expect(output == "63.0000\n2")
  }

  @Test func anUnknownNameStillFailsBeforeItsStatementRuns() {
    let (diagnostic, run) = RuntimeHarness.diagnostic(
      "print(\"first\")\nfn f() = 1\ny = f() + undefined_y")
    #expect(diagnostic?.message == "unknown name `undefined_y`")
    #expect(run.output == "first\n")
    // Inside a function it is the evaluator's error, with the same suggestion.
    let (inner, _) = RuntimeHarness.diagnostic("total = 1\nfn f() = totl + 1\nf()")
    #expect(inner?.message == "unknown name `totl`")
    #expect(inner?.help == "did you mean `total`?")
  }

  @Test func identityMapFindsEveryKeyAcrossGrowth() {
    var map = IdentityMap<Expr, Int>()
    let nodes = (0..<1000).map {
      Expr(.number(NumberLiteral(text: "\($0)")), span: Span(start: 0, end: 1))
    }
    for (i, node) in nodes.enumerated() { map[node] = i }
    #expect(nodes.enumerated().allSatisfy { map[$0.element] == $0.offset })
    map[nodes[7]] = -7
    #expect(map[nodes[7]] == -7)
    #expect(map[Expr(.noneLiteral, span: Span(start: 0, end: 1))] == nil)
  }
}
