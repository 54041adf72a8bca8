#if canImport(Glibc)
  import Glibc
#endif

/// Nanoseconds on `clock`: the monotonic clock (wall time), or this thread's CPU time, which
/// other processes on a shared machine do not inflate.
func now(_ clock: clockid_t = CLOCK_MONOTONIC) -> UInt64 {
  var time = timespec()
  clock_gettime(clock, &time)
  return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Keeps a value alive and opaque to the optimiser, so that timed work cannot be removed.
@inline(never) @_optimize(none)
func consume<T>(_ value: T) { withExtendedLifetime(value) {} }

/// Times a body as the median over repeats of the mean time per call within a repeat: the
/// median ignores repeats disturbed by other processes; the mean within a repeat amortises the
/// clock reads.
struct Sampler {
  /// Repeats whose median is reported.
  var repeats: Int
  /// Each repeat runs the body for about this long (calls are counted during warm-up).
  var nanosecondsPerRepeat: UInt64
  /// The clock read: `CLOCK_MONOTONIC`, or `CLOCK_THREAD_CPUTIME_ID` with `--cpu-time`.
  var clock = CLOCK_MONOTONIC

  static let full = Sampler(repeats: 15, nanosecondsPerRepeat: 20_000_000)
  static let quick = Sampler(repeats: 3, nanosecondsPerRepeat: 2_000_000)

  /// Median nanoseconds per call. Warms up for one repeat's time (caches, allocator, lazy
  /// initialisation), which also measures how many calls fill a repeat.
  func nanosecondsPerCall(_ body: @escaping () throws -> Void) throws -> Double {
    try interleaved([body])[0]
  }

  /// Median nanoseconds per call of each body, the bodies' repeats taken in turn so that
  /// figures to be compared (raw BLAS and the engine) see the same disturbances.
  func interleaved(_ bodies: [() throws -> Void]) throws -> [Double] {
    var calls = [Int]()
    for body in bodies {
      let start = now(clock)
      var warmUpCalls = 0
      while now(clock) - start < nanosecondsPerRepeat || warmUpCalls == 0 {
        try body()
        warmUpCalls += 1
      }
      calls.append(warmUpCalls)
    }
    var samples = [[Double]](repeating: [], count: bodies.count)
    for _ in 0..<repeats {
      for (k, body) in bodies.enumerated() {
        let start = now(clock)
        for _ in 0..<calls[k] { try body() }
        samples[k].append(Double(now(clock) - start) / Double(calls[k]))
      }
    }
    return samples.map { $0.sorted()[$0.count / 2] }
  }

  /// Median nanoseconds per call with a fixed number of calls per repeat (and no warm-up), for
  /// bodies whose results should not depend on timing (the training loss).
  func nanosecondsPerCall(calls: Int, _ body: () throws -> Void) rethrows -> Double {
    var samples = [Double]()
    for _ in 0..<repeats {
      let start = now(clock)
      for _ in 0..<calls { try body() }
      samples.append(Double(now(clock) - start) / Double(calls))
    }
    samples.sort()
    return samples[samples.count / 2]
  }
}
