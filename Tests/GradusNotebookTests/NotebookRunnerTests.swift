import GradusLanguage
import GradusNotebook
import GradusPictures
import GradusRuntime
import Testing

/// Running a file cell by cell: what each cell produced, in order, in one shared session.
struct NotebookRunnerTests {
  @Test func cellsShareOneSessionAndKeepTheirOwnOutputs() throws {
    let notebook = try ExportFixtures.notebook(ExportFixtures.pictures)
    let codeRuns = notebook.cells.compactMap { cell -> CellRun? in
      if case .code(_, let run) = cell { return run }
      return nil
    }
    #expect(codeRuns.count == 3)
    let succeeded = codeRuns.filter(\.succeeded).count
    #expect(succeeded == 3)
    // Cell 1: printed text, then the chart.
    guard case .text(let printed) = codeRuns[0].outputs.first else {
      Issue.record("the first output should be printed text: \(codeRuns[0].outputs)")
      return
    }
    #expect(printed.hasPrefix("final loss "))
    #expect(codeRuns[0].pictures.count == 1)
    // Cell 2 uses nothing from cell 1 but shows a value after its heatmap.
    #expect(codeRuns[1].outputs.count == 2)
    if case .value(let shown) = codeRuns[1].outputs.last { #expect(shown.hasPrefix("tensor([")) }
    // Cell 3 uses `w` from cell 1.
    #expect(codeRuns[2].pictures.count == 3)
    if case .graph(let graph) = codeRuns[2].pictures.last {
      #expect(graph.nodes.first?.name == "y")
      #expect(graph.nodes.contains { $0.name == "w" && $0.isParameter && $0.grad != nil })
    } else {
      Issue.record("the last picture should be the graph")
    }
    #expect(notebook.title == "Pictures & numbers")
  }

  @Test func aFailureStopsTheCellsAfterIt() throws {
    let notebook = try ExportFixtures.notebook(ExportFixtures.failing, name: "broken.grad")
    let code = notebook.cells.compactMap { cell -> (String, CellRun?)? in
      if case .code(let text, let run) = cell { return (text, run) }
      return nil
    }
    #expect(code.count == 3)
    #expect(code[0].1?.outputs == [.text("before\n")])
    #expect(code[1].0 == "b = a @ [[1.0, 2.0, 3.0]]")
    let failure = try #require(code[1].1?.failure)
    #expect(failure.rendered(style: .plain).hasPrefix("error: cannot multiply [2] by [1, 3]"))
    #expect(code[2].1 == nil)
    #expect(notebook.failure != nil)
  }

  @Test func syntaxErrorsStopBeforeAnythingRuns() {
    #expect(throws: NotebookError.self) { try ExportFixtures.notebook("print(\"hi\"\nx = (1 +") }
  }

  @Test func theSeedMakesRunsReproducible() throws {
    let text = "randn(3)"
    func shown(seed: UInt64) throws -> [CellOutput] {
      let notebook = try ExportFixtures.notebook(text, seed: seed)
      guard case .code(_, let run?) = notebook.cells.first else { return [] }
      return run.outputs
    }
    let first = try shown(seed: 7)
    #expect(first == (try shown(seed: 7)))
    #expect(first != (try shown(seed: 8)))
  }

  @Test func aRunnerRunsSingleCellsAndForwardsOutput() throws {
    final class Terminal: OutputSink {
      var text = ""
      var pictures = 0
      func write(_ text: String) { self.text += text }
      func show(_ value: Value, formatted: String) { text += formatted + "\n" }
      func picture(_ picture: Picture) { pictures += 1 }
    }
    let terminal = Terminal()
    var outputs: [[CellOutput]] = []
    var failures = 0
    LargeStack.run {
      guard let runner = try? NotebookRunner(seed: 0, forwardingTo: terminal) else { return }
      let source = SourceFile(
        name: "cells.grad", text: "n = 2\nprint(\"a\")\nprint(\"b\")\nn + 1\nhist([1, 2, 2])\nnope")
      let statements = Parser.parse(source).program.statements
      outputs.append(runner.run(Array(statements[0..<3]), source: source).outputs)
      let second = runner.run(Array(statements[3..<5]), source: source)
      outputs.append(second.outputs)
      if !runner.run(Array(statements[5...]), source: source).succeeded { failures += 1 }
    }
    // Consecutive prints are one text output; values and pictures keep their place.
    #expect(outputs.first == [.text("a\nb\n")])
    #expect(outputs.last?.count == 2)
    #expect(outputs.last?.first == .value("3"))
    #expect(failures == 1)
    #expect(terminal.text == "a\nb\n3\n")
    #expect(terminal.pictures == 1)
  }
}
