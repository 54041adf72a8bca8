import Foundation
import GradusLanguage
import Testing

@testable import GradusRuntime

/// The one cell runner (`Pipeline`): how a cell ends and how that is reported, the same for
/// every front end.
@Suite("cell runner")
struct CellRunnerTests {
  static func cell(_ text: String) -> SourceFile { SourceFile(name: "cell.grad", text: text) }

  /// Every syntax error of a cell is reported at once, and nothing of it runs.
  @Test func syntaxErrorsAreAllReportedBeforeAnythingRuns() throws {
    let sink = HarnessSink()
    let interpreter = try Interpreter(output: sink)
    let outcome = Pipeline.run(
      Self.cell("print(\"ran\")\nx = (1 +\ny = 2\nz = [3,,]\n"), in: interpreter)
    guard case .syntaxErrors(let diagnostics, _) = outcome else {
      Issue.record("expected syntax errors, got \(outcome.rendered(style: .plain))")
      return
    }
    #expect(diagnostics.count == 2)
    #expect(outcome.errorCount == 2)
    #expect(sink.text.isEmpty)
    #expect(interpreter.value(of: "y") == nil)
    let rendered = outcome.rendered(style: .plain)
    #expect(rendered.contains("cell.grad:2:"))
    #expect(rendered.contains("cell.grad:4:"))
    #expect(rendered.hasSuffix("\n"))
  }

  /// A runtime error stops the cell where it happens; what ran before it stays.
  @Test func aRuntimeErrorStopsTheCellWhereItHappens() throws {
    let interpreter = try Interpreter(output: HarnessSink())
    let outcome = Pipeline.run(Self.cell("a = 1\nb = a + nope\nc = 3"), in: interpreter)
    guard case .runtimeError(let failure) = outcome else {
      Issue.record("expected a runtime error, got \(outcome.rendered(style: .plain))")
      return
    }
    #expect(failure.diagnostic.id == .unknownName)
    #expect(outcome.rendered(style: .plain).hasPrefix("error: unknown name `nope`"))
    #expect(interpreter.value(of: "a") != nil)
    #expect(interpreter.value(of: "c") == nil)
    #expect(Pipeline.run(Self.cell("c = a + 2"), in: interpreter).succeeded)
  }

  /// Ctrl-C stops a cell between two operations; a session's message says where and that the
  /// names stay, a program's says only that it was interrupted. The next cell runs.
  @Test func anInterruptStopsTheCellAndIsReportedPerFrontEnd() throws {
    let flag = InterruptFlag()
    let interpreter = try Interpreter(output: HarnessSink(), interrupt: flag)
    // If the interrupt were ignored, the step limit would end the loop with an error instead.
    interpreter.maxSteps = 50_000_000
    #expect(Pipeline.run(Self.cell("n = 0"), in: interpreter).succeeded)
    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { flag.raise() }
    let outcome = Pipeline.run(Self.cell("while true {\n  n += 1\n}"), in: interpreter)
    guard case .interrupted = outcome else {
      Issue.record("expected an interrupt, got \(outcome.rendered(style: .plain))")
      return
    }
    #expect(outcome.rendered(style: .plain) == "interrupted\n")
    let inSession = outcome.rendered(style: .plain, session: true)
    #expect(inSession.hasPrefix("interrupted at cell.grad:"))
    #expect(inSession.hasSuffix("; earlier names keep their values\n"))
    #expect(!flag.isRaised)
    #expect(Pipeline.run(Self.cell("n += 1"), in: interpreter).succeeded)
  }

  /// A Ctrl-C from before the cell started (pressed at a prompt, or between two lesson cells)
  /// does not stop it: the runner lowers the flag first, for every front end.
  @Test func aStaleInterruptDoesNotStopTheNextCell() throws {
    let flag = InterruptFlag()
    let interpreter = try Interpreter(output: HarnessSink(), interrupt: flag)
    flag.raise()
    #expect(Pipeline.run(Self.cell("for i in 0..<3 { y = i }"), in: interpreter).succeeded)
    flag.raise()
    guard case .value(let value) = Pipeline.evaluate(Self.cell("1 + 2"), in: interpreter) else {
      Issue.record("an expression after a stale interrupt failed")
      return
    }
    #expect(interpreter.format.display(value) == "3")
  }

  struct Unexpected: Error, CustomStringConvertible {
    var description: String { "the engine lost a tensor" }
  }

  /// An error the evaluator did not expect is an outcome of its own, shown as an internal error
  /// (not as a mistake in the learner's code), and the session goes on.
  @Test func anInternalErrorIsReportedAndTheSessionGoesOn() throws {
    let interpreter = try Interpreter(output: HarnessSink())
    let outcome = Pipeline.finish(in: interpreter) { throw Unexpected() }
    guard case .internalError = outcome else {
      Issue.record("expected an internal error, got \(outcome.rendered(style: .plain))")
      return
    }
    #expect(!outcome.succeeded)
    #expect(outcome.rendered(style: .plain) == "internal error: the engine lost a tensor\n")
    #expect(Pipeline.run(Self.cell("x = 1"), in: interpreter).succeeded)
  }

  /// One expression evaluates without showing anything; a statement is not one expression.
  @Test func anExpressionEvaluatesWithoutShowingItsValue() throws {
    let sink = HarnessSink()
    let interpreter = try Interpreter(output: sink)
    #expect(Pipeline.run(Self.cell("w = [1.0, 2.0]"), in: interpreter).succeeded)
    sink.text = ""
    guard case .value(let value) = Pipeline.evaluate(Self.cell("w * 2"), in: interpreter) else {
      Issue.record("w * 2 did not evaluate")
      return
    }
    #expect(interpreter.format.short(value) == "[2.0000, 4.0000]")
    #expect(sink.text.isEmpty)
    guard case .notAnExpression = Pipeline.evaluate(Self.cell("v = w"), in: interpreter) else {
      Issue.record("an assignment was taken for an expression")
      return
    }
    guard case .failed(.syntaxErrors) = Pipeline.evaluate(Self.cell("w +"), in: interpreter)
    else {
      Issue.record("a syntax error was not reported")
      return
    }
    guard case .failed(.runtimeError) = Pipeline.evaluate(Self.cell("nope"), in: interpreter)
    else {
      Issue.record("an unknown name was not reported")
      return
    }
  }

  /// `gradus check`'s pass: parses without running; the report ends in a newline so that a
  /// summary after it starts a line of its own.
  @Test func checkingParsesWithoutRunning() {
    #expect(Pipeline.check(Self.cell("x = undefined_but_fine_to_parse\n")).succeeded)
    let outcome = Pipeline.check(Self.cell("x = (1 +\ny = 2\n"))
    #expect(outcome.errorCount == 1)
    #expect(outcome.rendered(style: .plain).hasSuffix("= help: add `)` to close it\n"))
  }

  /// What a prompt asks before running: more lines needed, or nothing to run at all.
  @Test func aPromptKnowsWhenACellIsCompleteOrBlank() {
    #expect(Pipeline.needsMoreLines("for i in 0..<3 {"))
    #expect(Pipeline.needsMoreLines("x = 1 +"))
    #expect(!Pipeline.needsMoreLines("x = 1"))
    #expect(Pipeline.isBlank("\n# only a comment\n"))
    #expect(!Pipeline.isBlank("x"))
    #expect(!Pipeline.isBlank("x = )"))
  }
}
