import GradusLanguage
import Testing

@testable import GradusRuntime

/// The resolver: which names it reports before a statement runs, and which it leaves to the
/// evaluator because something may still bind them.
@Suite("Resolver: names checked before they run")
struct ResolverTests {
  @Test func anUnknownNameStopsItsStatementBeforeAnyOfItRuns() {
    // `print` would run first if the statement started: it never does.
    let (diagnostic, run) = RuntimeHarness.diagnostic("print(\"before\", prnt(2))")
    #expect(diagnostic?.message == "unknown name `prnt`")
    #expect(diagnostic?.help == "did you mean `print`?")
    #expect(diagnostic.map { run.text(of: $0.span) } == "prnt")
    #expect(run.output == "")
  }

  @Test func aLoopOverATypoDoesNotStart() {
    let (diagnostic, run) = RuntimeHarness.diagnostic(
      "total = 0\nfor i in 0..<n_stpes {\n  print(i)\n  total += i\n}")
    #expect(diagnostic?.message == "unknown name `n_stpes`")
    #expect(run.output == "")
    #expect(run.shown("total") == "0")
  }

  @Test func codeAConditionMaySkipKeepsTheErrorForWhenItRuns() {
    // A loop body, a branch, the right side of `and`/`or`: reported when reached, if ever.
    #expect(RuntimeHarness.output("if false { undefined_name }\nfor i in 0..<0 { typo }\n1") == "1")
    let (diagnostic, run) = RuntimeHarness.diagnostic(
      "for i in 0..<3 {\n  print(i)\n  print(i * scael)\n}")
    #expect(diagnostic?.message == "unknown name `scael`")
    #expect(run.output == "0\n")
  }

  @Test func statementsBeforeTheErrorRunAndKeepTheirValues() {
    let (diagnostic, run) = RuntimeHarness.diagnostic("print(1)\na = 2\nprnt(a)\nb = 3")
    #expect(diagnostic?.message == "unknown name `prnt`")
    #expect(run.output == "1\n")
    #expect(run.shown("a") == "2")
    #expect(run.shown("b") == nil)
  }

  @Test func theFirstErrorInSourceOrderIsReported() {
    let (diagnostic, _) = RuntimeHarness.diagnostic("x = fisrt + secnd")
    #expect(diagnostic?.message == "unknown name `fisrt`")
  }

  @Test func aNameTheCellDefinesLaterIsARuntimeErrorAtItsUse() {
    // The resolver cannot know the order blocks run in, so this stays the evaluator's error.
    let (diagnostic, run) = RuntimeHarness.diagnostic("print(1)\nprint(later)\nlater = 2")
    #expect(diagnostic?.message == "unknown name `later`")
    #expect(run.output == "1\n")
  }

  @Test func namesBoundInBlocksAndLoopsAreKnownAfterThem() {
    let output = RuntimeHarness.output(
      "if true { inside = 1 }\nfor k in 0..<2 { }\n(p, q) = [3, 4]\nprint(inside, k, p, q)")
    #expect(output == "1 1 3.0000 4.0000")
  }

  @Test func functionBodiesMayUseGlobalsDefinedLater() {
    // As in the REPL, where the later definition is another cell.
    #expect(RuntimeHarness.output("fn f() = helper() + 1\nfn helper() = 41\nf()") == "42")
    let (diagnostic, run) = RuntimeHarness.diagnostic("fn f() = nowhere\nprint(0)\nf()")
    #expect(diagnostic?.message == "unknown name `nowhere`")
    #expect(run.output == "0\n")
  }

  @Test func modelBodiesAreResolvedWhenBuilt() {
    let (diagnostic, run) = RuntimeHarness.diagnostic(
      "model M() {\n  w = undefined_size\n}\nprint(\"declared\")\nm = M()")
    #expect(diagnostic?.message == "unknown name `undefined_size`")
    #expect(run.output == "declared\n")
  }

  @Test func selfOutsideAModelIsReportedBeforeRunning() {
    let (diagnostic, run) = RuntimeHarness.diagnostic("print(1)\nprint(2, self)")
    #expect(diagnostic?.message == "`self` is only defined inside a model")
    #expect(run.output == "1\n")
  }

  @Test func anUnknownBlockIsReportedBeforeItsBodyRuns() {
    let (diagnostic, run) = RuntimeHarness.diagnostic("tarce {\n  print(1)\n}")
    #expect(diagnostic?.message == "unknown block `tarce`")
    #expect(diagnostic?.help == "did you mean `trace`?")
    #expect(run.output == "")
  }

  @Test func suggestionsIncludeNamesOfEarlierStatementsAndCells() {
    let (diagnostic, _) = RuntimeHarness.diagnostic("learning_rate = 0.1\nx = learning_rat * 2")
    #expect(diagnostic?.help == "did you mean `learning_rate`?")
  }

  @Test func updatingAnUnknownNameIsReported() {
    let (diagnostic, run) = RuntimeHarness.diagnostic("print(1)\ncount += 1")
    #expect(diagnostic?.message == "unknown name `count`")
    #expect(diagnostic.map { run.text(of: $0.span) } == "count")
    #expect(run.output == "1\n")
  }

  @Test func aResolvedCellSeesTheSessionAsItIsWhenResolved() throws {
    let source = SourceFile(name: "cell", text: "y = x + 1")
    let statements = try Parser.parse(source).get().statements
    let (message, value) = LargeStackResult.run { () -> (String?, String?) in
      let interpreter = try! Interpreter(output: HarnessSink())
      let before = interpreter.resolve(statements, source: source).error?.diagnostic.message
      interpreter.define("x", .int(1))
      let after = interpreter.resolve(statements, source: source)
      try? interpreter.run(after)
      return (before, interpreter.value(of: "y").map { interpreter.format.display($0) })
    }
    #expect(message == "unknown name `x`")
    #expect(value == "2")
  }
}

/// Runs a body on the evaluator's large stack and returns its result.
enum LargeStackResult {
  static func run<R>(_ body: @escaping () -> R) -> R {
    var result: R?
    LargeStack.run { result = body() }
    return result!
  }
}
