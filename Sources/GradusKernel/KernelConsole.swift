import GradusPictures
import GradusREPL

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

  init(outbox: ZMQSocket, builder: MessageBuilder) {
    self.outbox = outbox
    self.builder = builder
  }

  /// Starts the outputs of `request`'s cell.
  func begin(parent: [UInt8], muted: Bool) {
    self.parent = parent
    self.muted = muted
    errors = ""
  }

  /// Printed text goes to the I/O thread as it is printed, which gathers it into `stream`
  /// messages (`StreamBatcher`): only that thread can send it after 0.1 s while a cell computes.
  func write(_ text: String) {
    guard !muted else { return }
    outbox.send([KernelEndpoints.printed, parent ?? [], Array(text.utf8)])
  }

  func writeError(_ text: String) {
    guard !muted else { return }
    errors += text
  }

  func showValue(_ formatted: String, cell: Int) {
    guard !muted else { return }
    publish(
      "execute_result",
      .object([
        ("execution_count", .int(cell)), ("data", .object([("text/plain", .string(formatted))])),
        ("metadata", .object([])),
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
