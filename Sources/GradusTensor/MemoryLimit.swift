import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The session's memory limit: the most bytes any one tensor, list, string or temporary array
/// may take. Everything that grows with what a learner types is checked against it *before* it
/// is allocated, so that `zeros(100000, 100000)`, `list(0..<1000000000)` or a string doubled in
/// a loop is an error that states the size instead of an out-of-memory kill.
///
/// The limit also bounds shapes: a shape's sizes (counting a size of 0 as 1) may multiply to at
/// most `maxElements`, so a tensor with no elements cannot carry a size like 2⁶³ − 1 into the
/// stride, slicing and window arithmetic.
///
/// Set it with `gradus --memory-limit 8G`, the environment variable `GRADUS_MEMORY_LIMIT`, or
/// `:limits memory 8G` in the REPL. Default: 4 GiB.
public enum MemoryLimit {
  public static let environmentVariable = "GRADUS_MEMORY_LIMIT"
  public static let standardBytes = 4 << 30

  /// Where the message of a limit error sends the learner.
  public static let howToRaise =
    "raise it with `:limits memory 8G` in the REPL, `gradus --memory-limit 8G`, or "
    + "GRADUS_MEMORY_LIMIT=8G; `:help limits` explains"

  /// The process-wide default for new threads: `GRADUS_MEMORY_LIMIT` if it is a valid size.
  static let defaultMaxBytes = Atomic<Int>(environmentBytes() ?? standardBytes)

  final class PerThread {
    // Read on every allocation; per thread, so accesses cannot overlap and the runtime
    // exclusivity check (a thread-local lookup of its own) is skipped.
    @exclusivity(unchecked) var maxBytes = MemoryLimit.defaultMaxBytes.load(ordering: .relaxed)
  }
  static let perThread = ThreadLocal { PerThread() }

  /// The largest single allocation allowed on this thread, in bytes.
  public static var maxBytes: Int {
    get { perThread.value.maxBytes }
    set { perThread.value.maxBytes = Swift.max(newValue, 0) }
  }

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

  /// Runs `body` with a different limit on this thread (tests, sandboxes).
  public static func withMaxBytes<R, E: Error>(
    _ bytes: Int, _ body: () throws(E) -> R
  ) throws(E) -> R {
    let saved = maxBytes
    maxBytes = bytes
    defer { maxBytes = saved }
    return try body()
  }

  /// Checks a request of `count` elements of `dtype` against the limit.
  static func check(count: Int, dtype: DType) throws(TensorError) {
    try check(count: count, elementSize: dtype.size)
  }

  /// Checks an array of `count` items of `elementSize` bytes each against the limit, before it
  /// is made: tensors' storage, lists, strings and the Swift arrays builtins fill.
  public static func check(count: Int, elementSize: Int) throws(TensorError) {
    let (bytes, overflow) = Swift.max(count, 0).multipliedReportingOverflow(by: elementSize)
    let limit = maxBytes
    if overflow { throw .allocationLimit(requestedBytes: Int.max, limitBytes: limit) }
    if bytes > limit { throw .allocationLimit(requestedBytes: bytes, limitBytes: limit) }
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
