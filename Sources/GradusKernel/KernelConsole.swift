import GradusPictures
import GradusREPL
import GradusRuntime

/// The console of the kernel's session: what a cell prints, shows and draws becomes iopub
/// messages (`stream`, `execute_result`, `display_data`) whose parent is the request being
/// run. Used by the execution thread only, through the outbox socket that thread owns.
final class KernelConsole: RichConsole {
  private let outbox: ZMQSocket
  private let builder: MessageBuilder
  /// The header of the request whose outputs these are.
  private var parent: [UInt8]?
  /// A silent execute shows nothing.
  var muted = false
  /// Errors and warnings of the cell; the execution thread decides whether they are its error.
  private(set) var errors = ""
  /// The text of the last value the cell showed, for the history's outputs.
  private(set) var lastShownText: String?
  /// How values print now (a cell can change their decimals), for tensors' tables.
  var valueFormat: () -> ValueFormat = { ValueFormat() }

  init(outbox: ZMQSocket, builder: MessageBuilder) {
    self.outbox = outbox
    self.builder = builder
  }

  /// Starts the outputs of `request`'s cell.
  func begin(parent: [UInt8], muted: Bool) {
    self.parent = parent
    self.muted = muted
    errors = ""
    lastShownText = nil
  }

  /// Printed text goes to the I/O thread as it is printed, which gathers it into `stream`
  /// messages (`StreamBatcher`): only that thread can send it after 0.1 s while a cell computes.
  func write(_ text: String) {
    guard !muted else { return }
    outbox.send([KernelEndpoints.printed, parent ?? [], Array(text.utf8)])
  }

  /// Kept even when muted: a silent cell's reply still says what went wrong.
  func writeError(_ text: String) {
    errors += text
  }

  /// A tensor shows as a table too (`text/html`); front ends that cannot show HTML, and
  /// `Out[n]` in the history, use the text.
  func showValue(_ value: Value, formatted: String, cell: Int) {
    lastShownText = formatted
    guard !muted else { return }
    var data: [(String, JSONOut)] = [("text/plain", .string(formatted))]
    if case .tensor(let tensor) = value, let table = TensorTable.html(tensor, format: valueFormat())
    {
      data.append(("text/html", .string(table)))
    }
    publish(
      "execute_result",
      .object([
        ("execution_count", .int(cell)), ("data", .object(data)), ("metadata", .object([])),
      ]))
  }

  func showPicture(_ picture: Picture, drawn: String) {
    guard !muted else { return }
    // text/plain too: a notebook run elsewhere (untrusted) shows only that in JupyterLab.
    let data = JSONOut.object([
      ("image/svg+xml", .string(SVGPictureRenderer.render(picture))),
      ("text/plain", .string(drawn)),
    ])
    publish("display_data", .object([("data", data), ("metadata", .object([]))]))
  }

  func stream(_ name: String, _ text: String) {
    publish("stream", .object([("name", .string(name)), ("text", .string(text))]))
  }

  func publish(_ type: String, _ content: JSONOut) {
    outbox.send(
      [Array("iopub".utf8)] + builder.publication(type: type, content: content, parent: parent))
  }
}
