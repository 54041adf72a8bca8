import CGradusKernels
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How many threads the engine's large operations use, and how they split their work.
///
/// Large matrix products, elementwise maps and reductions spread over a `ThreadPool`; small
/// ones stay on the calling thread, where a teaching-sized step (W1, W2) spends microseconds
/// and a thread's wake-up would cost more than it saves. The sizes above which splitting pays
/// were measured on this machine (see `minimumElements` and `MatmulBlocking`).
///
/// Results never depend on the number of threads: elementwise maps compute every element the
/// same way wherever it runs; reductions and products split their work into blocks whose
/// boundaries depend only on the sizes (never on the thread count) and combine per-block
/// results in block order. `gradus --threads 1` and `--threads 8` print the same bits.
///
/// Set with `gradus --threads N`, the environment variable `GRADUS_THREADS`, or `:threads N`
/// in the REPL; the default is every core this process may run on.
public enum Parallelism {
  public static let environmentVariable = "GRADUS_THREADS"

  /// The cores this process may run on (its CPU affinity), at least 1.
  public static let coreCount = Int(gradus_available_cores())

  /// The most threads one may ask for: more than any machine's cores, few enough that a typo
  /// (`--threads 1000000`) does not start a million threads.
  public static let maximumThreads = 256

  /// The process-wide count: `GRADUS_THREADS` if valid, else every core.
  private static let chosen = Atomic<Int>(environmentCount() ?? coreCount)

  /// A test's own thread count and pool, in place of the process's.
  struct Override {
    var count: Int
    var pool: ThreadPool
    /// Every operation is split, however small (thresholds 0; products in blocks of
    /// `MatmulBlocking.alignment`): to check that lessons print the same at any count.
    var splitsEverything: Bool
  }
  final class PerThread {
    var override: Override?
  }
  /// How many threads have an override that splits everything: while none has, the size
  /// check of a small operation needs no thread-local read.
  private static let everythingSplitters = Atomic<Int>(0)
  static let perThread = ThreadLocal { PerThread() }

  /// The pool every session shares (one job at a time; see `ThreadPool`).
  static let sharedPool = ThreadPool()

  /// Threads a large operation on this thread uses.
  public static var threadCount: Int {
    if let override = perThread.value.override { return override.count }
    return chosen.load(ordering: .relaxed)
  }

  /// Whether this thread splits every operation (see `Override.splitsEverything`).
  static var splitsEverything: Bool {
    everythingSplitters.load(ordering: .relaxed) > 0
      && perThread.value.override?.splitsEverything == true
  }

  /// Sets the process-wide count (`--threads`, `:threads`), clamped to 1…`maximumThreads`.
  public static func setThreadCount(_ count: Int) {
    chosen.store(Swift.min(Swift.max(count, 1), maximumThreads), ordering: .relaxed)
  }

  /// Runs `body` with operations on this thread using `count` threads of a pool of their own,
  /// whatever other threads do: for tests that compare thread counts while other tests run.
  /// With `splittingEverything`, every operation is split however small (see `Override`).
  /// `pool` is one to reuse (a benchmark's); by default a new one, stopped at the end.
  public static func withThreadCount<R, E: Error>(
    _ count: Int, splittingEverything: Bool = false, pool: ThreadPool? = nil,
    _ body: () throws(E) -> R
  ) throws(E) -> R {
    let state = perThread.value
    let saved = state.override
    let own = pool ?? ThreadPool()
    state.override = Override(
      count: Swift.max(count, 1), pool: own, splitsEverything: splittingEverything)
    if splittingEverything { everythingSplitters.add(1, ordering: .relaxed) }
    defer {
      if splittingEverything { everythingSplitters.subtract(1, ordering: .relaxed) }
      state.override = saved
      if pool == nil { own.stop() }
    }
    return try body()
  }

  /// `GRADUS_THREADS` as a count, or nil when unset or not a whole number ≥ 1.
  public static func environmentCount() -> Int? {
    guard let text = environmentText else { return nil }
    return parse(text)
  }

  /// `GRADUS_THREADS` as written, if set.
  public static var environmentText: String? {
    getenv(environmentVariable).map { String(cString: $0) }
  }

  /// A thread count as written: a whole number from 1 to `maximumThreads`, or `default` (every
  /// core). Nil for anything else.
  public static func parse(_ text: String) -> Int? {
    let word = String(text.filter { !$0.isWhitespace }).lowercased()
    if word == "default" { return coreCount }
    guard let count = Int(word), count >= 1, count <= maximumThreads else { return nil }
    return count
  }

  // MARK: - Splitting work

  /// What one element of an elementwise operation costs, for the size above which it is
  /// split over threads.
  public enum Cost: Sendable {
    /// + − × ÷, comparisons, relu: limited by memory, not arithmetic.
    case cheap
    /// exp, tanh, GELU, softmax, layer norm: tens of operations per element.
    case costly
  }

  /// The fewest elements an operation must touch before it is split over threads: below,
  /// waking a worker (tens of microseconds on an idle machine, a time slice on a busy one)
  /// costs more than the work it takes over.
  ///
  /// `gradus-bench --only threads --threads 2` times each size on one thread and split over
  /// two, alternated, medians. On this 2-core machine under a load average of 21–29 (other
  /// builds), the split side was dominated by waiting for a descheduled worker, so the figures
  /// bound the cost of splitting rather than show its gain (µs per call, 1 thread → split):
  ///
  /// | operation | 4 Ki | 16 Ki | 128 Ki | 256 Ki | 1 Mi |
  /// |---|---|---|---|---|---|
  /// | x + y  | 1.0 → 16.7 | 3.7 → 19.7 | 43 → 10 921 | 56 → 144 | 250 → 2 995 |
  /// | exp(x) | 18 → 42 | 84 → 102 | 1 026 → 3 887 | 417 → 451 | 10 605 → 10 737 |
  /// | sum(x) | 23 → 29 | 112 → 104 | 127 → 156 | 556 → 342 | 7 037 → 14 371 |
  ///
  /// Below 16 Ki elements splitting never paid even at its best (a fixed cost of 15–20 µs).
  /// The thresholds are therefore set where the work on one thread is well above that cost
  /// on an idle machine: 2¹⁸ elements of a cheap map (about 60 µs, limited by memory) and
  /// 2¹⁵ of a costly one (about 150 µs; PyTorch's grain size is the same 32 Ki). A teaching
  /// step (W1, W2: arrays of a few thousand elements) never reaches them.
  public static func minimumElements(_ cost: Cost) -> Int {
    switch cost {
    case .cheap: return 1 << 18
    case .costly: return 1 << 15
    }
  }

  /// The pool and thread count for an operation of `elements` elements on this thread: one
  /// thread when it is too small to be worth splitting.
  static func plan(elements: Int, _ cost: Cost) -> (pool: ThreadPool, threads: Int) {
    // The size first: small operations (most of a teaching step) skip the thread-local read.
    let small = elements < minimumElements(cost)
    if small && everythingSplitters.load(ordering: .relaxed) == 0 { return (sharedPool, 1) }
    if let override = perThread.value.override {
      return (override.pool, small && !override.splitsEverything ? 1 : override.count)
    }
    return (sharedPool, small ? 1 : chosen.load(ordering: .relaxed))
  }

  /// Runs `body(range)` over `0..<count` cut into one range per thread (each a multiple of
  /// `granule` long, but the last), when `count · elementsPerItem` elements are worth
  /// splitting; else `body(0..<count)` here. For work whose every item is computed the same way
  /// wherever the cuts fall: elementwise maps, rows of a row-wise operation.
  @inline(__always)
  static func forEachRange(
    _ count: Int, elementsPerItem: Int = 1, granule: Int = 16, _ cost: Cost,
    _ body: (Range<Int>) -> Void
  ) {
    let (pool, threads) = plan(elements: count &* elementsPerItem, cost)
    if threads <= 1 || count <= granule {
      body(0..<count)
      return
    }
    let granules = (count + granule - 1) / granule
    let pieces = Swift.min(threads, granules)
    pool.forEachBlock(pieces, threads: threads) { piece in
      let first = piece * granules / pieces * granule
      let end = Swift.min((piece + 1) * granules / pieces * granule, count)
      if first < end { body(first..<end) }
    }
  }

  /// Runs `body(block)` for every block in `0..<blocks` over this thread's pool, when
  /// `elements` in all are worth splitting; else in order here. The caller fixes the blocks
  /// (from the sizes alone) and combines their results in block order.
  static func forEachBlock(
    _ blocks: Int, elements: Int, _ cost: Cost, _ body: (Int) -> Void
  ) {
    let (pool, threads) = plan(elements: elements, cost)
    pool.forEachBlock(blocks, threads: threads, body)
  }

  /// Runs `body(block)` for every block in `0..<blocks` over this thread's threads, checking
  /// the caller's interrupt flag (`EngineInterrupt`) before each block; once it is raised no
  /// further block starts, and this throws `.interrupted` when the blocks under way end. For
  /// long jobs whose size the caller has already judged worth splitting (matrix products).
  static func forEachBlockPolling(
    _ blocks: Int, _ body: (Int) -> Void
  ) throws(TensorError) {
    let override = perThread.value.override
    let pool = override?.pool ?? sharedPool
    let threads = override?.count ?? chosen.load(ordering: .relaxed)
    let isRaised = EngineInterrupt.currentFlag
    let stopped = Atomic<Bool>(false)
    pool.forEachBlock(blocks, threads: threads) { block in
      if stopped.load(ordering: .relaxed) { return }
      if let isRaised, isRaised() {
        stopped.store(true, ordering: .relaxed)
        return
      }
      body(block)
    }
    if stopped.load(ordering: .relaxed) { throw .interrupted }
  }
}
