import CStackAddress

#if canImport(Glibc)
  import Glibc
#endif

/// Runs evaluation on a thread with a known, large stack, so that the evaluator's depth limits
/// (parser nesting, call depth) are what stops deep programs, never a stack overflow.
public enum LargeStack {
  /// The stack size of the evaluation thread: 512 MiB of address space (only touched pages
  /// are backed by memory).
  public static let size = 512 << 20

  /// The lowest address the calling thread's stack may reach before evaluation stops with an
  /// error: its end plus a reserve of a quarter of the stack (at least 1 MiB), room for the
  /// deepest nesting one call level can hold (parser limits bound it). 0 when unknown.
  public static func floor() -> UInt {
    var attributes = pthread_attr_t()
    guard let getAttributes, getAttributes(pthread_self(), &attributes) == 0 else { return 0 }
    defer { pthread_attr_destroy(&attributes) }
    var end: UnsafeMutableRawPointer?
    var stackSize = 0
    guard pthread_attr_getstack(&attributes, &end, &stackSize) == 0, let end else { return 0 }
    return UInt(bitPattern: end) + UInt(Swift.max(stackSize / 4, 1 << 20))
  }

  /// glibc's `pthread_getattr_np` (a GNU extension the Glibc module does not import).
  private typealias GetAttributes =
    @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
  private static let getAttributes: GetAttributes? = {
    // RTLD_DEFAULT is the null handle on glibc. `dlsym` returns an untyped address: the cast
    // gives it the C signature glibc documents, the only way to call a symbol found at run time.
    guard let symbol = dlsym(nil, "pthread_getattr_np") else { return nil }
    return unsafeBitCast(symbol, to: GetAttributes.self)
  }()

  /// An address just below the caller's frame on the thread's real stack (stacks grow down on
  /// the platforms Gradus runs on). Not the address of a local variable: under
  /// AddressSanitizer such a local lives in a heap "fake stack" frame, which says nothing about
  /// how deep the real stack is.
  @inline(__always)
  public static func here() -> UInt {
    UInt(bitPattern: gradus_stack_address())
  }

  private final class Job {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
  }

  /// Calls `body` on a fresh thread with `size` bytes of stack and waits for it.
  public static func run(_ body: @escaping () -> Void) {
    // No thread could be made: run here rather than not at all.
    guard let thread = spawn(body, detached: false) else { return body() }
    pthread_join(thread, nil)
  }

  /// Starts `body` on a fresh detached thread with `size` bytes of stack and returns at once
  /// (a Jupyter kernel's execution thread, which runs beside the thread serving the sockets);
  /// false if no thread could be made.
  public static func start(_ body: @escaping () -> Void) -> Bool {
    spawn(body, detached: true) != nil
  }

  private static func spawn(_ body: @escaping () -> Void, detached: Bool) -> pthread_t? {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, size)
    if detached { pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED)) }
    // `pthread_create` hands the new thread one untyped pointer: the job is retained once here
    // and released exactly once, by the thread that runs it (or below, if there is no thread).
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
    guard status == 0 else {
      Unmanaged<Job>.fromOpaque(job).release()
      return nil
    }
    return thread
  }
}
