import CZmq
import GradusLanguage
import GradusREPL
import GradusRuntime
import GradusTensor

/// The execution thread: it owns the session (interpreter, cell numbers, `_`, `Out`, meta
/// commands) and its history, and runs one request at a time — execute, complete, inspect and
/// history, which need that state and so wait behind a running cell.
///
/// Sockets: it owns `jobs` (PULL: requests forwarded by the I/O thread, each after one frame
/// naming the socket to reply on) and `outbox` (PUSH: everything it sends, after one frame
/// naming the socket to send on). One ordered pipe for busy, outputs, reply and idle, so idle
/// can never overtake an output of its cell.
final class ExecutionThread {
  private let jobs: ZMQSocket
  private let outbox: ZMQSocket
  private let builder: MessageBuilder
  private let console: KernelConsole
  private let session: REPLSession
  /// After a cell failed with `stop_on_error` (the default), the execute requests sent before
  /// the failure was known are answered "aborted" without running, up to the I/O thread's
  /// marker: "Run All" must not run the cells after a failed one.
  private var aborting = false
  /// The stored cells and the values they showed, for `history_request`.
  private var history = KernelHistory(session: KernelSessionCounter.next())

  init(context: ZMQContext, builder: MessageBuilder) throws {
    jobs = try ZMQSocket(context, type: ZMQ_PULL)
    try jobs.connect(KernelEndpoints.jobs)
    outbox = try ZMQSocket(context, type: ZMQ_PUSH)
    try outbox.connect(KernelEndpoints.outbox)
    self.builder = builder
    console = KernelConsole(outbox: outbox, builder: builder)
    session = try REPLSession(
      console: console, interrupt: SignalHandling.flag, pictureOptions: { NotebookFile.drawing })
    // A cell may change how values print (their decimals); a tensor's table follows it.
    console.valueFormat = { [unowned session] in session.interpreter.format }
  }

  /// Serves requests until the context ends (shutdown), then closes its sockets.
  func run() {
    while let frames = jobs.receive() {
      if frames == [KernelEndpoints.abortEnd] {
        aborting = false
        continue
      }
      guard let origin = frames.first, let request = WireMessage(frames: Array(frames.dropFirst()))
      else { continue }
      console.begin(parent: request.headerBytes, muted: false)
      console.publish("status", MessageBuilder.status("busy"))
      let content = request.content ?? .object([])
      let (type, reply) = handle(request.type, content)
      outbox.send([origin] + builder.reply(to: request, type: type, content: reply))
      console.publish("status", MessageBuilder.status("idle"))
    }
    jobs.close()
    outbox.close()
  }

  private func handle(_ type: String, _ content: StrictJSON) -> (String, JSONOut) {
    switch type {
    case "execute_request" where aborting:
      return ("execute_reply", .object([("status", .string("aborted"))]))
    case "execute_request": return ("execute_reply", execute(content))
    case "complete_request": return ("complete_reply", complete(content))
    case "history_request":
      return ("history_reply", Replies.ok([("history", history.entries(for: content))]))
    default: return ("inspect_reply", inspect(content))
    }
  }

  /// Runs a cell: execute_input, then its outputs, then its error if it failed. A silent cell
  /// shows nothing (its error only in the reply) and does not stop the cells queued after it;
  /// neither it nor a cell sent with `store_history: false` takes a cell number.
  private func execute(_ content: StrictJSON) -> JSONOut {
    let code = content["code"]?.string ?? ""
    let silent = content["silent"]?.bool ?? false
    session.storesHistory = !silent && (content["store_history"]?.bool ?? true)
    console.muted = silent
    defer {
      session.storesHistory = true
      console.muted = false
    }
    let number = session.cellNumber
    if !silent {
      console.publish(
        "execute_input", .object([("code", .string(code)), ("execution_count", .int(number))]))
    }
    let status = session.submit(code)
    if session.cellNumber > number {
      history.record(code, number: number)
      if let shown = console.lastShownText { history.recordOutput(shown, number: number) }
    }
    // The last number a cell took: this cell's, or the one before for a cell that took none
    // (blank, silent, or not stored).
    let count = JSONOut.int(session.cellNumber - 1)
    switch status {
    case .succeeded, .quit:
      if status == .quit && !silent {
        console.stream("stderr", "the kernel stops with the front end's shutdown\n")
      }
      if !console.errors.isEmpty && !silent { console.stream("stderr", console.errors) }
      return Replies.ok([
        ("execution_count", count), ("user_expressions", .object([])), ("payload", .array([])),
      ])
    case .failed, .interrupted:
      let error = ErrorReport(console.errors, interrupted: status == .interrupted).members
      if !silent {
        console.publish("error", .object(error))
        if content["stop_on_error"]?.bool ?? true {
          aborting = true
          outbox.send([KernelEndpoints.abortWaiting])
        }
      }
      return .object([("status", .string("error")), ("execution_count", count)] + error)
    }
  }

  /// The REPL's Tab completion at the cursor, on the cursor's line.
  private func complete(_ content: StrictJSON) -> JSONOut {
    let code = content["code"]?.string ?? ""
    let cursor = content["cursor_pos"]?.int ?? code.unicodeScalars.count
    let before = Replies.text(code, before: cursor)
    let line =
      before.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init)
      ?? ""
    let (start, candidates) = session.completions(of: line)
    let lineStart = before.unicodeScalars.count - line.unicodeScalars.count
    let end = before.unicodeScalars.count
    return Replies.ok([
      ("matches", .array(candidates.map { .string($0) })),
      ("cursor_start", .int(lineStart + String(line.prefix(start)).unicodeScalars.count)),
      ("cursor_end", .int(end)), ("metadata", .object([])),
    ])
  }

  /// `:help` and `:source` for the name at the cursor.
  private func inspect(_ content: StrictJSON) -> JSONOut {
    let code = content["code"]?.string ?? ""
    let name = Replies.name(in: code, at: content["cursor_pos"]?.int ?? code.unicodeScalars.count)
    guard !name.isEmpty, let text = session.inspection(of: name) else {
      return Replies.ok([("found", .bool(false)), ("data", .object([])), ("metadata", .object([]))])
    }
    return Replies.ok([
      ("found", .bool(true)), ("data", .object([("text/plain", .string(text))])),
      ("metadata", .object([])),
    ])
  }
}
