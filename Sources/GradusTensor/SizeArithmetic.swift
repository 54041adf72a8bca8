/// Arithmetic on sizes, strides, counts, positions and window geometry that user input can
/// reach. Every operation that would overflow `Int` (and trap) is a `TensorError` instead, so
/// that `conv2d(x, k, padding: 9223372036854775807)` or `arange(0, -1e19)` is a message, not a
/// crash. Engine and builtins compute such numbers only through these functions.
public enum SizeArithmetic {
  /// `a + b`, or an error naming `what` was being computed.
  @inlinable
  public static func add(_ a: Int, _ b: Int, op: String, what: String) throws(TensorError) -> Int {
    try checked(a.addingReportingOverflow(b), op: op, what: what)
  }

  /// `a − b`.
  @inlinable
  public static func subtract(_ a: Int, _ b: Int, op: String, what: String) throws(TensorError)
    -> Int
  {
    try checked(a.subtractingReportingOverflow(b), op: op, what: what)
  }

  /// `a × b`.
  @inlinable
  public static func multiply(_ a: Int, _ b: Int, op: String, what: String) throws(TensorError)
    -> Int
  {
    try checked(a.multipliedReportingOverflow(by: b), op: op, what: what)
  }

  /// The value of a `…ReportingOverflow` operation, or the error.
  @inlinable
  static func checked(_ result: (partialValue: Int, overflow: Bool), op: String, what: String)
    throws(TensorError) -> Int
  {
    if result.overflow { throw .overflow(op: op, what: what) }
    return result.partialValue
  }

  /// The product of all `values` (1 for none).
  public static func product(_ values: some Sequence<Int>, op: String, what: String)
    throws(TensorError) -> Int
  {
    var result = 1
    for value in values { result = try multiply(result, value, op: op, what: what) }
    return result
  }

  /// The sum of all `values` (0 for none).
  public static func sum(_ values: some Sequence<Int>, op: String, what: String)
    throws(TensorError) -> Int
  {
    var result = 0
    for value in values { result = try add(result, value, op: op, what: what) }
    return result
  }

  /// A whole number from a Double, truncated toward zero as `Int(_:)` does; NaN, ±∞ and values
  /// outside Int's range are errors (`Int(1e19)` traps).
  public static func integer(_ value: Double, op: String, what: String) throws(TensorError) -> Int {
    // 2⁶³ is the first Double above Int.max; −2⁶³ is Int.min itself.
    guard value.isFinite, value >= -9.223_372_036_854_775_808e18,
      value < 9.223_372_036_854_775_808e18
    else {
      throw .invalidArgument(
        op: op, message: "\(what) \(value) is not a representable whole number")
    }
    return Int(value)
  }

  /// How many numbers `start, start + step, …` lie below `end` (above it for a negative step):
  /// ⌈(end − start) / step⌉, at least 0; an error for a count beyond Int or for non-finite input.
  public static func stepCount(from start: Double, to end: Double, step: Double, op: String)
    throws(TensorError) -> Int
  {
    guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
      throw .invalidArgument(op: op, message: "start, end and a nonzero step must be finite")
    }
    let span = ((end - start) / step).rounded(.up)
    if !(span > 0) { return 0 }
    guard span < 9.223_372_036_854_775_808e18 else { throw .sizeOverflow(shape: [Int.max]) }
    return Int(span)
  }
}
