import GradusPictures
import GradusREPL

#if canImport(Glibc)
  import Glibc
#endif

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
  /// Printed text not yet sent: one message per `print` in a 2,000-step loop would make
  /// 2,000 outputs in a saved notebook. Sent at 10 KB, after 0.1 s, and before anything else.
  private var pending = ""
  private var lastSent = KernelConsole.seconds()
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
    pending = ""
    lastSent = Self.seconds()
  }

  func write(_ text: String) {
    guard !muted else { return }
    pending += text
    if pending.utf8.count >= 10_000 || Self.seconds() - lastSent >= 0.1 { flush() }
  }

  func writeError(_ text: String) {
    guard !muted else { return }
    errors += text
  }

  func showValue(_ formatted: String, cell: Int) {
    guard !muted else { return }
    flush()
    publish(
      "execute_result",
      .object([
        ("execution_count", .int(cell)), ("data", .object([("text/plain", .string(formatted))])),
        ("metadata", .object([])),
      ]))
  }

  func showPicture(_ picture: Picture, drawn: String) {
    guard !muted else { return }
    flush()
    // text/plain too: a notebook run elsewhere (untrusted) shows only that in JupyterLab.
    let data = JSONOut.object([
      ("image/svg+xml", .string(SVGPictureRenderer.render(picture))),
      ("text/plain", .string(drawn)),
    ])
    publish("display_data", .object([("data", data), ("metadata", .object([]))]))
  }

  /// Sends the printed text held back, as one `stream` message.
  func flush() {
    lastSent = Self.seconds()
    guard !pending.isEmpty else { return }
    stream("stdout", pending)
    pending = ""
  }

  func stream(_ name: String, _ text: String) {
    publish("stream", .object([("name", .string(name)), ("text", .string(text))]))
  }

  func publish(_ type: String, _ content: JSONOut) {
    outbox.send(
      [Array("iopub".utf8)] + builder.publication(type: type, content: content, parent: parent))
  }

  private static func seconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
