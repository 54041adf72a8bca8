import GradusLanguage
import GradusNotebook
import GradusTensor
import Testing

@testable import GradusKernel

@Suite struct NotebookFileTests {
  static let lesson = """
    #' # Squares
    #' The square of $x$ is $x^2$.
    print("hi")
    1 + 1
    plot(tensor([1.0, 4.0, 9.0]))
    #' A mistake:
    not_defined_anywhere
    """

  static func notebook(running: Bool) throws -> StrictJSON {
    let source = SourceFile(name: "squares.grad", text: lesson)
    let notebook = try Notebook.run(source, seed: 0, version: "test", running: running)
    return try StrictJSON.parse(Array(NotebookFile.render(notebook).utf8)[...])
  }

  static func cells(_ json: StrictJSON) -> [StrictJSON] {
    guard case .array(let cells)? = json["cells"] else { return [] }
    return cells
  }

  static func outputTypes(_ cell: StrictJSON) -> [String] {
    guard case .array(let outputs)? = cell["outputs"] else { return [] }
    return outputs.compactMap { $0["output_type"]?.string }
  }

  @Test func aRunLessonKeepsProseMathAndEveryOutput() throws {
    let json = try Self.notebook(running: true)
    #expect(json["nbformat"]?.int == 4 && json["nbformat_minor"]?.int == 5)
    #expect(json["metadata"]?["kernelspec"]?["name"]?.string == "gradus")
    let cells = Self.cells(json)
    #expect(
      cells.map { $0["cell_type"]?.string ?? "" } == ["markdown", "code", "markdown", "code"])
    #expect(cells.map { $0["id"]?.string ?? "" } == ["cell-1", "cell-2", "cell-3", "cell-4"])
    #expect(cells[0]["source"]?.string == "# Squares\nThe square of $x$ is $x^2$.")
    #expect(cells[1]["execution_count"]?.int == 1 && cells[3]["execution_count"]?.int == 2)
    #expect(Self.outputTypes(cells[1]) == ["stream", "execute_result", "display_data"])
    #expect(Self.outputTypes(cells[3]) == ["error"])
    guard case .array(let outputs)? = cells[1]["outputs"],
      case .array(let errors)? = cells[3]["outputs"]
    else { return }
    #expect(outputs[0]["text"]?.string == "hi\n")
    #expect(outputs[1]["data"]?["text/plain"]?.string == "2")
    #expect(outputs[2]["data"]?["image/svg+xml"]?.string?.hasPrefix("<svg") == true)
    #expect(outputs[2]["data"]?["text/plain"]?.string?.isEmpty == false)
    #expect(errors[0]["ename"]?.string == "Error")
    #expect(errors[0]["evalue"]?.string?.contains("not_defined_anywhere") == true)
  }

  @Test func anUnrunLessonHasNoOutputsAndNoCounts() throws {
    let cells = Self.cells(try Self.notebook(running: false))
    #expect(cells.count == 4)
    #expect(cells[1]["execution_count"] == .null)
    #expect(Self.outputTypes(cells[1]).isEmpty && Self.outputTypes(cells[3]).isEmpty)
    #expect(cells[1]["source"]?.string == "print(\"hi\")\n1 + 1\nplot(tensor([1.0, 4.0, 9.0]))")
  }
}
