import GradusNotebook
import GradusPictures

/// A lesson or program as a Jupyter notebook (nbformat 4.5): prose as Markdown cells (formulas
/// stay `$…$`, which Jupyter renders), code as code cells for the Gradus kernel, and, for a
/// notebook that was run, each cell's outputs as the kernel would have sent them.
public enum NotebookFile {
  /// How the text fallback of a picture is drawn, in a notebook and by the kernel alike: 80
  /// columns, as the exporters lay out values (a notebook has no terminal width to follow).
  public static let drawing = RenderOptions(width: 80, colour: .none, unicode: true)

  /// The notebook's JSON text. Cell ids are numbered, not random, so that exporting the same
  /// file twice gives the same notebook.
  public static func render(_ notebook: Notebook) -> String {
    var cells: [JSONOut] = []
    var executionCount = 0
    for cell in notebook.cells {
      let id = JSONOut.string("cell-\(cells.count + 1)")
      switch cell {
      case .prose(let markdown):
        cells.append(
          .object([
            ("cell_type", .string("markdown")), ("id", id), ("metadata", .object([])),
            ("source", .string(markdown.trimmingNewlines())),
          ]))
      case .code(let code, let run):
        if code.isEmpty && (run?.outputs.isEmpty ?? true) && (run?.succeeded ?? true) { continue }
        var count = JSONOut.null
        if run != nil {
          executionCount += 1
          count = .int(executionCount)
        }
        cells.append(
          .object([
            ("cell_type", .string("code")), ("id", id), ("execution_count", count),
            ("metadata", .object([])), ("outputs", .array(run.map { outputs($0, count) } ?? [])),
            ("source", .string(code)),
          ]))
      }
    }
    let metadata = JSONOut.object([
      (
        "kernelspec",
        .object([
          ("name", .string("gradus")), ("display_name", .string("Gradus")),
          ("language", .string("gradus")),
        ])
      ),
      (
        "language_info",
        .object([
          ("name", .string("gradus")), ("version", .string(notebook.version)),
          ("mimetype", .string("text/x-gradus")), ("file_extension", .string(".grad")),
        ])
      ),
    ])
    let document = JSONOut.object([
      ("cells", .array(cells)), ("metadata", metadata), ("nbformat", .int(4)),
      ("nbformat_minor", .int(5)),
    ])
    return String(decoding: document.bytes, as: UTF8.self) + "\n"
  }

  /// A cell's outputs as the kernel sends them: printed text as one stream per run of prints,
  /// values as results, pictures as SVG with their plain text drawing, a failure as an error.
  private static func outputs(_ run: CellRun, _ count: JSONOut) -> [JSONOut] {
    var outputs: [JSONOut] = run.outputs.map { output in
      switch output {
      case .text(let text):
        return .object([
          ("output_type", .string("stream")), ("name", .string("stdout")), ("text", .string(text)),
        ])
      case .value(let formatted):
        return .object([
          ("output_type", .string("execute_result")), ("execution_count", count),
          ("data", .object([("text/plain", .string(formatted))])), ("metadata", .object([])),
        ])
      case .picture(let picture):
        let data = JSONOut.object([
          ("image/svg+xml", .string(SVGPictureRenderer.render(picture))),
          ("text/plain", .string(TerminalPictureRenderer.render(picture, options: drawing))),
        ])
        return .object([
          ("output_type", .string("display_data")), ("data", data), ("metadata", .object([])),
        ])
      }
    }
    if let failure = run.failure {
      var interrupted = false
      if case .interrupted = failure { interrupted = true }
      let error = ErrorReport(failure.rendered(style: .plain), interrupted: interrupted)
      outputs.append(.object([("output_type", .string("error"))] + error.members))
    }
    return outputs
  }
}

/// A failed cell as Jupyter's `error`: a name, the first line, and the whole rendered
/// diagnostic as the traceback, one line per item.
struct ErrorReport {
  let lines: [String]
  let interrupted: Bool

  init(_ rendered: String, interrupted: Bool) {
    var lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    while lines.last?.isEmpty == true { lines.removeLast() }
    self.lines = lines
    self.interrupted = interrupted
  }

  var members: [(String, JSONOut)] {
    [
      ("ename", .string(interrupted ? "Interrupted" : "Error")),
      ("evalue", .string(lines.first ?? "")), ("traceback", .array(lines.map { .string($0) })),
    ]
  }
}

extension String {
  fileprivate func trimmingNewlines() -> String {
    var text = Substring(self)
    while text.first == "\n" { text.removeFirst() }
    while text.last == "\n" { text.removeLast() }
    return String(text)
  }
}
