import CZmq
import GradusREPL
import GradusRuntime
import GradusTensor

#if canImport(Glibc)
  import Glibc
#endif

/// The in-process endpoints between the I/O thread and the execution thread.
enum KernelEndpoints {
  static let jobs = "inproc://jobs"
  static let outbox = "inproc://outbox"
  /// On `outbox`, from the execution thread after a failed cell (`stop_on_error`): take every
  /// request waiting on shell now, then put `abortEnd` on `jobs`.
  static let abortWaiting = Array("abort-waiting".utf8)
  /// On `jobs`: the execute requests before this one are answered "aborted".
  static let abortEnd = Array("abort-end".utf8)
  /// On `outbox`, then the request's header and the text: what a cell printed.
  static let printed = Array("printed".utf8)
}

/// A Gradus kernel for Jupyter (messaging protocol 5.3). Three threads of ours, each owning its
/// sockets (a ZeroMQ socket must only be used by the thread that made it):
///
/// - I/O (the caller's): shell, control and stdin (ROUTER), iopub (PUB), `jobs` (PUSH) and
///   `outbox` (PULL). It checks signatures; answers kernel_info, is_complete, comm_info,
///   interrupt and shutdown at once; forwards execute, complete, inspect and history to
///   `jobs` in arrival order; relays what arrives on `outbox` to shell, control or iopub,
///   gathering printed text into `stream` messages (`StreamBatcher`).
/// - heartbeat: its ROUTER socket, echoed inside libzmq (`zmq_proxy`).
/// - execution: the session, `jobs` (PULL) and `outbox` (PUSH); see `ExecutionThread`.
///
/// So heartbeats, interrupts and shutdowns are answered while a cell runs.
public final class Kernel {
  private let info: ConnectionInfo
  private let builder: MessageBuilder
  private let version: String
  private let context = ZMQContext()
  /// Printed text held back by the I/O thread (see `StreamBatcher`).
  private var printed = StreamBatcher()

  public init(info: ConnectionInfo, version: String) {
    self.info = info
    self.version = version
    builder = MessageBuilder(signer: MessageSigner(key: info.key), session: MessageIdentity.uuid())
  }

  /// Serves until a shutdown request (or the death of the process that started it) and exits
  /// the process; returns only if the kernel cannot start.
  public func run() throws -> Never {
    SignalHandling.installInterruptHandler()
    let sockets = try IOSockets(context, info)
    startHeartbeat()
    try startExecution()
    sockets.iopub.send(
      builder.publication(type: "status", content: MessageBuilder.status("starting"), parent: nil))
    serve(sockets)
    sockets.close()
    shutDown()
  }

  private struct IOSockets {
    let shell, control, stdin, iopub, jobs, outbox: ZMQSocket

    init(_ context: ZMQContext, _ info: ConnectionInfo) throws {
      func socket(_ type: Int32, _ endpoint: String) throws -> ZMQSocket {
        let socket = try ZMQSocket(context, type: type)
        try socket.bind(endpoint)
        return socket
      }
      shell = try socket(ZMQ_ROUTER, info.endpoint(info.shellPort))
      control = try socket(ZMQ_ROUTER, info.endpoint(info.controlPort))
      stdin = try socket(ZMQ_ROUTER, info.endpoint(info.stdinPort))
      iopub = try socket(ZMQ_PUB, info.endpoint(info.iopubPort))
      // Bound before the execution thread connects to them.
      jobs = try socket(ZMQ_PUSH, KernelEndpoints.jobs)
      outbox = try socket(ZMQ_PULL, KernelEndpoints.outbox)
    }

    func close() { [shell, control, stdin, iopub, jobs, outbox].forEach { $0.close() } }
  }

  private func startHeartbeat() {
    let context = context
    let endpoint = info.endpoint(info.heartbeatPort)
    KernelThread.start {
      do {
        let heartbeat = try ZMQSocket(context, type: ZMQ_ROUTER)
        try heartbeat.bind(endpoint)
        heartbeat.echoForever()
        heartbeat.close()
      } catch {
        KernelLog.write("heartbeat: \(error)")
        exit(1)
      }
    }
  }

  private func startExecution() throws {
    // Made here so that a prelude that fails to load stops the start with a message.
    let execution = try ExecutionThread(context: context, builder: builder)
    KernelThread.start { execution.run() }
  }

  /// The I/O loop: returns after a shutdown request.
  private func serve(_ sockets: IOSockets) {
    let watchedParent = Self.parentToWatch()
    let polled = [sockets.control, sockets.shell, sockets.stdin, sockets.outbox]
    while true {
      // While printed text waits, wake in time to send it.
      let ready = ZMQSocket.poll(polled, milliseconds: printed.isEmpty ? 1000 : 20)
      if ready.isEmpty, let watchedParent, getppid() != watchedParent {
        KernelLog.write("the process that started the kernel is gone: stopping")
        return
      }
      for index in ready {
        guard let frames = polled[index].receive() else { return }
        let next =
          polled[index] === sockets.outbox
          ? relay(frames, sockets) : handle(frames, from: polled[index], sockets)
        if next == .stop {
          return
        }
      }
      if let waited = printed.take(now: false) { sendStream(waited, sockets) }
    }
  }

  private func sendStream(_ stream: (parent: [UInt8], text: String), _ sockets: IOSockets) {
    let content = JSONOut.object([("name", .string("stdout")), ("text", .string(stream.text))])
    sockets.iopub.send(builder.publication(type: "stream", content: content, parent: stream.parent))
  }

  /// Sends a message of the execution thread on the socket its first frame names, or, asked
  /// to abort, forwards what is waiting on shell and marks where the aborting ends. Requests
  /// still on the wire then run: ipykernel has the same race.
  private func relay(_ frames: [[UInt8]], _ sockets: IOSockets) -> Next {
    if frames.count == 3 && frames[0] == KernelEndpoints.printed {
      if let ready = printed.add(frames[2], parent: frames[1]) { sendStream(ready, sockets) }
      return .goOn
    }
    if let held = printed.take() { sendStream(held, sockets) }
    if frames == [KernelEndpoints.abortWaiting] {
      while !ZMQSocket.poll([sockets.shell], milliseconds: 0).isEmpty {
        guard let waiting = sockets.shell.receive() else { return .stop }
        if handle(waiting, from: sockets.shell, sockets) == .stop { return .stop }
      }
      sockets.jobs.send([KernelEndpoints.abortEnd])
      return .goOn
    }
    let target = frames.first.map { String(decoding: $0, as: UTF8.self) }
    let socket =
      target == "iopub" ? sockets.iopub : target == "control" ? sockets.control : sockets.shell
    socket.send(Array(frames.dropFirst()))
    return .goOn
  }

  private enum Next { case goOn, stop }

  private func handle(_ frames: [[UInt8]], from socket: ZMQSocket, _ sockets: IOSockets) -> Next {
    guard let request = WireMessage(frames: frames) else {
      KernelLog.write("dropped a message that is not in the Jupyter wire format")
      return .goOn
    }
    guard request.isSigned(by: builder.signer) else {
      KernelLog.write("dropped a message with a wrong signature (\(request.type))")
      return .goOn
    }
    switch request.type {
    case "execute_request", "complete_request", "inspect_request", "history_request":
      let origin = socket === sockets.control ? "control" : "shell"
      sockets.jobs.send([Array(origin.utf8)] + frames)
      return .goOn
    case "kernel_info_request", "is_complete_request", "comm_info_request", "interrupt_request",
      "shutdown_request":
      let content = request.content ?? .object([])
      let publish = { (state: String) -> Void in
        _ = sockets.iopub.send(
          self.builder.publication(
            type: "status", content: MessageBuilder.status(state), parent: request.headerBytes))
      }
      publish("busy")
      let replyType = String(request.type.dropLast("request".count)) + "reply"
      socket.send(
        builder.reply(to: request, type: replyType, content: answer(request.type, content)))
      publish("idle")
      return request.type == "shutdown_request" ? .stop : .goOn
    default:
      KernelLog.write("ignored a \(request.type) message")
      return .goOn
    }
  }

  private func answer(_ type: String, _ content: StrictJSON) -> JSONOut {
    switch type {
    case "kernel_info_request": return Replies.kernelInfo(version: version)
    case "is_complete_request": return Replies.isComplete(content["code"]?.string ?? "")
    case "comm_info_request": return Replies.ok([("comms", .object([]))])
    case "interrupt_request":
      SignalHandling.flag.raise()
      return Replies.ok([])
    default:
      return Replies.ok([("restart", .bool(content["restart"]?.bool ?? false))])
    }
  }

  /// The parent process to outlive no longer: the one that started the kernel, when Jupyter
  /// says so (`JPY_PARENT_PID`, as ipykernel reads it). A kernel started by hand stays up.
  private static func parentToWatch() -> pid_t? {
    guard let text = getenv("JPY_PARENT_PID"), let pid = pid_t(String(cString: text)),
      pid == getppid()
    else { return nil }
    return pid
  }

  /// Stops a running cell, ends the context on a helper thread (the heartbeat's echo and the
  /// execution thread's wait then end and close their sockets) and exits; after 2 s even if a
  /// cell ignores the interrupt (jupyter_client sends SIGTERM after 2.5 s).
  private func shutDown() -> Never {
    SignalHandling.flag.raise()
    let context = context
    KernelThread.start {
      context.terminate()
      exit(0)
    }
    sleep(2)
    _exit(0)
  }
}
