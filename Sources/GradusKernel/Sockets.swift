import CZmq

#if canImport(Glibc)
  import Glibc
#endif

/// A ZeroMQ context. libzmq makes contexts safe to share between threads (sockets are not).
public final class ZMQContext: @unchecked Sendable {
  let handle: UnsafeMutableRawPointer

  public init() { handle = zmq_ctx_new() }

  /// Ends the context: blocking calls on its sockets in other threads fail with `ETERM`, and
  /// this returns once every socket is closed.
  public func terminate() {
    while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
  }
}

/// A ZeroMQ socket. A socket belongs to the thread that made it: only that thread may use or
/// close it (libzmq sockets are not thread-safe), so this type is deliberately not `Sendable`.
///
/// Every call retries on `EINTR`: the SIGINT that interrupts a cell lands on whichever thread
/// does not block it, often one waiting in libzmq, and `SA_RESTART` does not cover libzmq.
public final class ZMQSocket {
  let handle: UnsafeMutableRawPointer

  public struct Failure: Error, CustomStringConvertible {
    public let description: String
  }

  public init(_ context: ZMQContext, type: Int32) throws(Failure) {
    guard let handle = zmq_socket(context.handle, type) else { throw Self.failure("socket") }
    self.handle = handle
    // Without a linger, closing a socket with unsent messages waits forever at shutdown.
    var linger: Int32 = 1000
    zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
  }

  public func bind(_ endpoint: String) throws(Failure) {
    guard zmq_bind(handle, endpoint) == 0 else { throw Self.failure("bind \(endpoint)") }
  }

  public func connect(_ endpoint: String) throws(Failure) {
    guard zmq_connect(handle, endpoint) == 0 else { throw Self.failure("connect \(endpoint)") }
  }

  /// Subscribes a SUB socket to every message (tests).
  public func subscribeToAll() {
    zmq_setsockopt(handle, ZMQ_SUBSCRIBE, "", 0)
  }

  /// Every frame of the next message; nil once the context is terminated or on another error.
  public func receive() -> [[UInt8]]? {
    var frames: [[UInt8]] = []
    var message = zmq_msg_t()
    zmq_msg_init(&message)
    defer { zmq_msg_close(&message) }
    repeat {
      var received: Int32
      repeat {
        received = zmq_msg_recv(&message, handle, 0)
      } while received < 0
        && zmq_errno() == EINTR
      guard received >= 0 else { return nil }
      let size = zmq_msg_size(&message)
      if let data = zmq_msg_data(&message), size > 0 {
        frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
      } else {
        frames.append([])
      }
    } while zmq_msg_more(&message) != 0
    return frames
  }

  /// Sends `frames` as one message; false if the context is gone.
  @discardableResult
  public func send(_ frames: [[UInt8]]) -> Bool {
    for (index, frame) in frames.enumerated() {
      let flags = index < frames.count - 1 ? ZMQ_SNDMORE : 0
      var sent: Int32
      repeat {
        sent = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
      } while sent < 0 && zmq_errno() == EINTR
      guard sent >= 0 else { return false }
    }
    return true
  }

  public func close() { zmq_close(handle) }

  /// Runs the echo of a heartbeat socket inside libzmq until the context ends: every message
  /// goes straight back to its sender without waiting for Gradus.
  public func echoForever() {
    while zmq_proxy(handle, handle, nil) != 0 && zmq_errno() == EINTR {}
  }

  /// Waits up to `milliseconds` for any of `sockets` to have a message; the indices that have.
  public static func poll(_ sockets: [ZMQSocket], milliseconds: Int) -> [Int] {
    var items = sockets.map {
      zmq_pollitem_t(socket: $0.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
    }
    // A signal ends the wait early; the caller's loop simply polls again.
    guard zmq_poll(&items, Int32(items.count), milliseconds) > 0 else { return [] }
    return items.indices.filter { items[$0].revents & Int16(ZMQ_POLLIN) != 0 }
  }

  private static func failure(_ what: String) -> Failure {
    Failure(description: "\(what): \(String(cString: zmq_strerror(zmq_errno())))")
  }
}
