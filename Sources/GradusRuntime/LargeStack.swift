#if canImport(Glibc)
  import Glibc
#endif

/// Runs evaluation on a thread with a known, large stack, so that the evaluator's depth limits
/// (parser nesting, call depth) are what stops deep programs, never a stack overflow.
public enum LargeStack {
  /// The stack size of the evaluation thread: 512 MiB of address space (only touched pages
  /// are backed by memory).
  public static let size = 512 << 20

  private final class Job {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
  }

  /// Calls `body` on a fresh thread with `size` bytes of stack and waits for it.
  public static func run(_ body: @escaping () -> Void) {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, size)
    let job = Unmanaged.passRetained(Job(body)).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(
      &thread, &attributes,
      { raw in
        guard let raw else { return nil }
        let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
        job.body()
        return nil
      }, job)
    if status != 0 {
      // No thread could be made: run here rather than not at all.
      Unmanaged<Job>.fromOpaque(job).takeRetainedValue().body()
      return
    }
    pthread_join(thread, nil)
  }
}
