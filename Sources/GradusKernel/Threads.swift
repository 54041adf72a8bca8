import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// The kernel's threads, started by hand rather than as Swift concurrency tasks, which could
/// hop between OS threads while a ZeroMQ socket must stay on one. Each gets the evaluator's
/// large stack (`LargeStack`; only the pages touched are backed by memory): the execution
/// thread needs it, and one way of starting threads is simpler than two.
enum KernelThread {
  static func start(_ body: @escaping () -> Void) {
    guard LargeStack.start(body) else {
      KernelLog.write("cannot start a thread")
      exit(1)
    }
  }
}

/// The kernel's log: standard error, which Jupyter puts in the server's log. Written with
/// `write(2)` because Swift 6 treats the C `stderr` global as unsafe to share between threads.
enum KernelLog {
  static func write(_ line: String) {
    let text = Array("gradus kernel: \(line)\n".utf8)
    _ = text.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
  }
}
