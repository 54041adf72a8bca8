import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The session's memory limit: one budget (`MemoryBudget`) from which every tensor, list,
/// string, file read and temporary array takes its bytes *before* it is allocated, and to which
/// it gives them back when it is freed. `zeros(100000, 100000)`,
/// `list(0..<1000000000)`, a string doubled in a loop, or a thousand tensors that each fit but
/// together do not, are errors that state the size instead of an out-of-memory kill; a
/// training loop that drops what it made each step gets the bytes back and never reaches the
/// limit.
///
/// The limit also bounds shapes: a shape's sizes (counting a size of 0 as 1) may multiply to at
/// most `maxElements`, so a tensor with no elements cannot carry a size like 2⁶³ − 1 into the
/// stride, slicing and window arithmetic.
///
/// Each thread has its budget: a session (REPL or program) evaluates on a thread of its own,
/// and tests run in parallel on several. A thread that works for a session (an engine worker)
/// takes the session's budget with `withBudget`.
///
/// Set it with `gradus --memory-limit 8G`, the environment variable `GRADUS_MEMORY_LIMIT`, or
/// `:limits memory 8G` in the REPL. Default: 4 GiB.
public enum MemoryLimit {
  public static let environmentVariable = "GRADUS_MEMORY_LIMIT"
  public static let standardBytes = 4 << 30

  /// The three ways to set the limit, and where they are explained.
  static let ways =
    "with `:limits memory 8G` in the REPL, `gradus --memory-limit 8G`, or "
    + "GRADUS_MEMORY_LIMIT=8G; `:help limits` explains"

  /// Where the message of a limit error sends the learner.
  public static let howToRaise = "raise it " + ways

  /// What the message of a full budget suggests: freeing, then raising the limit.
  public static let howToFreeOrRaise =
    "assign `none` to names that hold large values you no longer need, or raise the limit " + ways

  /// The process-wide default limit for new threads: `GRADUS_MEMORY_LIMIT` if it is a valid size.
  static let defaultMaxBytes = Atomic<Int>(environmentBytes() ?? standardBytes)

  final class PerThread {
    // Read on every allocation; per thread, so accesses cannot overlap and the runtime
    // exclusivity check (a thread-local lookup of its own) is skipped.
    @exclusivity(unchecked) var budget = MemoryBudget(
      limit: MemoryLimit.defaultMaxBytes.load(ordering: .relaxed))
  }
  static let perThread = ThreadLocal { PerThread() }

  /// This thread's budget.
  public static var budget: MemoryBudget {
    @inline(__always) get { perThread.value.budget }
  }

  /// The most bytes this thread's session may hold at once.
  public static var maxBytes: Int {
    get { budget.limit }
    set { budget.limit = newValue }
  }

  /// The bytes this thread's session holds now (`:limits` shows them).
  public static var usedBytes: Int { budget.used }

  /// The most elements a shape may span: as many float32 numbers (the smallest element) as fit
  /// in the limit.
  public static var maxElements: Int { maxBytes / 4 }

  /// Sets the default for threads that have not yet allocated.
  public static func setDefaultMaxBytes(_ bytes: Int) {
    defaultMaxBytes.store(Swift.max(bytes, 0), ordering: .relaxed)
  }

  /// Sets the limit for this thread and for threads started from now on (`:limits memory`).
  public static func setSessionMaxBytes(_ bytes: Int) {
    setDefaultMaxBytes(bytes)
    maxBytes = bytes
  }

  /// Runs `body` with `budget` as this thread's budget: a worker thread working for a session,
  /// or a test or sandbox that wants a budget of its own.
  public static func withBudget<R, E: Error>(
    _ budget: MemoryBudget, _ body: () throws(E) -> R
  ) throws(E) -> R {
    let state = perThread.value
    let saved = state.budget
    state.budget = budget
    defer { state.budget = saved }
    return try body()
  }

  /// Runs `body` with a fresh budget of `bytes` on this thread (tests, sandboxes): what it
  /// allocates does not count against the session's budget, nor the session's against it.
  public static func withMaxBytes<R, E: Error>(
    _ bytes: Int, _ body: () throws(E) -> R
  ) throws(E) -> R {
    try withBudget(MemoryBudget(limit: bytes), body)
  }

  /// The bytes of `count` items of `elementSize` bytes, or the limit error if they overflow.
  @inline(__always)
  static func bytes(count: Int, elementSize: Int) throws(TensorError) -> Int {
    let (bytes, overflow) = Swift.max(count, 0).multipliedReportingOverflow(by: elementSize)
    if overflow { throw .allocationLimit(requestedBytes: Int.max, limitBytes: maxBytes) }
    return bytes
  }

  /// Checks a request of `count` elements of `dtype` against the budget.
  static func check(count: Int, dtype: DType) throws(TensorError) {
    try check(count: count, elementSize: dtype.size)
  }

  /// Checks that an array of `count` items of `elementSize` bytes each would fit in what is
  /// left of the budget, before it is made, without taking the bytes: for a list or string,
  /// which takes them itself once made. A temporary array takes them with `MemoryCharge`.
  public static func check(count: Int, elementSize: Int) throws(TensorError) {
    try budget.check(bytes(count: count, elementSize: elementSize))
  }

  /// Shapes spanning at most this many elements skip the thread-local read: every limit worth
  /// setting is larger, and shapes are made on every operation.
  static let smallExtent = 1 << 14

  /// Checks that a shape's sizes, each counted as at least 1, multiply to at most
  /// `maxElements`: an error for `[9223372036854775807, 0]` as for `[100000, 100000]`.
  static func check(shape: Shape) throws(TensorError) {
    var extent = 1
    var overflow = false
    for axis in 0..<shape.rank where !overflow {
      (extent, overflow) = extent.multipliedReportingOverflow(by: Swift.max(shape[axis], 1))
    }
    if !overflow && extent <= smallExtent { return }
    let limit = maxBytes
    guard overflow || extent > limit / 4 else { return }
    if shape.sizes.contains(0) {
      throw .extentLimit(shape: shape.sizes, limitElements: limit / 4)
    }
    if overflow { throw .sizeOverflow(shape: shape.sizes) }
    let (bytes, tooMany) = extent.multipliedReportingOverflow(by: DType.float32.size)
    throw .allocationLimit(requestedBytes: tooMany ? Int.max : bytes, limitBytes: limit)
  }

  /// `GRADUS_MEMORY_LIMIT` as bytes, or nil when it is unset or not a size (or 0).
  public static func environmentBytes() -> Int? {
    guard let text = environmentText, let bytes = parse(text), bytes > 0 else { return nil }
    return bytes
  }

  /// `GRADUS_MEMORY_LIMIT` as written, if set.
  public static var environmentText: String? {
    getenv(environmentVariable).map { String(cString: $0) }
  }

  /// A size as people write it: `4G`, `512M`, `1.5GiB`, `64k`, `1000000` (bytes). Units are
  /// powers of 1024. Nil for anything else, for negative sizes and for sizes beyond Int.
  public static func parse(_ text: String) -> Int? {
    var number = String(text.filter { !$0.isWhitespace }).lowercased()
    for suffix in ["ib", "b"] where number.hasSuffix(suffix) { number.removeLast(suffix.count) }
    let units: [Character: Double] = ["k": 0x1p10, "m": 0x1p20, "g": 0x1p30, "t": 0x1p40]
    var scale = 1.0
    if let last = number.last, let unit = units[last] {
      scale = unit
      number.removeLast()
    }
    guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." }),
      let value = Double(number), value.isFinite, value >= 0
    else { return nil }
    let bytes = (value * scale).rounded(.down)
    guard bytes < 9.2e18 else { return nil }
    return Int(bytes)
  }
}
