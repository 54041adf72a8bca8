/// How one long engine operation notices Ctrl-C: a 4000 × 4000 matrix product is a single BLAS
/// call of a second or more, and the evaluator, which polls its interrupt flag between
/// operations, would not see the key until it ends. Such operations split their work into
/// blocks and call `poll()` between them; a raised flag stops them with
/// `TensorError.interrupted`, their result discarded.
///
/// The flag belongs to the language runtime (a signal handler raises it), so the engine only
/// holds a way to read it, per thread: each evaluator runs on its own thread.
public enum EngineInterrupt {
  final class PerThread {
    var isRaised: (@Sendable () -> Bool)?
  }
  static let perThread = ThreadLocal { PerThread() }

  /// Runs `body` with long operations on this thread polling `isRaised` between blocks.
  public static func polling<R, E: Error>(
    _ isRaised: @escaping @Sendable () -> Bool, _ body: () throws(E) -> R
  ) throws(E) -> R {
    let state = perThread.value
    let saved = state.isRaised
    state.isRaised = isRaised
    defer { state.isRaised = saved }
    return try body()
  }

  /// The flag of this thread's evaluator, if any: for the blocks of a job that run on worker
  /// threads, which have no evaluator of their own (see `Parallelism.forEachBlock`).
  static var currentFlag: (@Sendable () -> Bool)? { perThread.value.isRaised }

  /// Throws `.interrupted` if the flag of this thread's evaluator is raised.
  public static func poll() throws(TensorError) {
    if let isRaised = perThread.value.isRaised, isRaised() { throw .interrupted }
  }
}
