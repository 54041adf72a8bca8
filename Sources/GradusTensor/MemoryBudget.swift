import Synchronization

/// One memory budget: a limit and a running total of the bytes taken from it.
///
/// A session has one budget (`MemoryLimit.budget`, held by its thread). Tensor storage, lists,
/// strings, the bytes of files being read and the Swift arrays the engine and builtins fill take
/// their bytes from the budget *before* they are allocated (a string as soon as it is made) and
/// give them back when they are freed, so that many values that each fit cannot together use
/// more than the limit.
///
/// Bytes may be given back on any thread (a tensor can die on another thread than the one that
/// made it), so both numbers are atomics. Taking is one atomic add: a request that overshoots
/// the limit is subtracted again and refused.
public final class MemoryBudget: Sendable {
  private let limitBytes: Atomic<Int>
  private let usedBytes = Atomic<Int>(0)

  public init(limit: Int) {
    limitBytes = Atomic(Swift.max(limit, 0))
  }

  /// The most bytes that may be in use at once.
  public var limit: Int {
    get { limitBytes.load(ordering: .relaxed) }
    set { limitBytes.store(Swift.max(newValue, 0), ordering: .relaxed) }
  }

  /// The bytes taken and not yet given back.
  public var used: Int { usedBytes.load(ordering: .relaxed) }

  /// Takes `bytes`, or throws if they would bring the total above the limit.
  @inline(__always)
  func take(_ bytes: Int) throws(TensorError) {
    let limit = self.limit
    // One request larger than the whole limit says so without the total (it could never fit).
    if bytes > limit { throw .allocationLimit(requestedBytes: bytes, limitBytes: limit) }
    let total = usedBytes.wrappingAdd(bytes, ordering: .relaxed).newValue
    if total > limit {
      let inUse = usedBytes.wrappingSubtract(bytes, ordering: .relaxed).newValue
      throw .memoryInUse(requestedBytes: bytes, inUseBytes: inUse, limitBytes: limit)
    }
  }

  /// Takes `bytes` whatever the total: for growth that was checked (`check`) just before.
  @inline(__always)
  func takeChecked(_ bytes: Int) {
    usedBytes.wrappingAdd(bytes, ordering: .relaxed)
  }

  /// Throws if `bytes` more would not fit now, without taking them: the check made before a
  /// list or string is built, which takes its bytes itself once it exists.
  func check(_ bytes: Int) throws(TensorError) {
    let limit = self.limit
    if bytes > limit { throw .allocationLimit(requestedBytes: bytes, limitBytes: limit) }
    let inUse = used
    if bytes > limit - inUse {
      throw .memoryInUse(requestedBytes: bytes, inUseBytes: inUse, limitBytes: limit)
    }
  }

  @inline(__always)
  func giveBack(_ bytes: Int) {
    usedBytes.wrappingSubtract(bytes, ordering: .relaxed)
  }
}

/// Bytes taken from a memory budget, given back when the charge ends: a tensor's storage, a
/// list or string while it lives, or a temporary Swift array for the length of one operation
/// (`let temporary = try MemoryCharge(count: n, elementSize: 8)` before filling it; the bytes
/// return at the end of the scope, also when an error leaves it).
///
/// Noncopyable, so that the bytes are given back exactly once.
public struct MemoryCharge: ~Copyable {
  /// The budget the bytes came from: the one to give them back to, on whatever thread.
  let budget: MemoryBudget
  public private(set) var bytes: Int

  /// Takes the bytes of `count` items of `elementSize` bytes from this thread's budget, or
  /// throws the limit error, before anything is allocated.
  @inline(__always)
  public init(count: Int, elementSize: Int) throws(TensorError) {
    let bytes = try MemoryLimit.bytes(count: count, elementSize: elementSize)
    let budget = MemoryLimit.budget
    try budget.take(bytes)
    self.budget = budget
    self.bytes = bytes
  }

  /// Takes `bytes` whatever the total, for something whose size was checked just before
  /// (`MemoryLimit.check`) or is too small to matter.
  public init(checkedBytes bytes: Int) {
    budget = MemoryLimit.budget
    self.bytes = Swift.max(bytes, 0)
    budget.takeChecked(self.bytes)
  }

  /// No bytes yet, from this thread's budget: a charge that grows (`grow(to:)`) as something
  /// is filled whose final size is not known at the start (a file read from a pipe).
  public init() {
    budget = MemoryLimit.budget
    bytes = 0
  }

  /// Takes the bytes that growing to `newBytes` adds, or throws the limit error and stays as
  /// it was.
  public mutating func grow(to newBytes: Int) throws(TensorError) {
    guard newBytes > bytes else { return }
    try budget.take(newBytes - bytes)
    bytes = newBytes
  }

  /// Follows a change of size of what is charged: growth that was checked just before, or
  /// shrinking.
  public mutating func resize(to newBytes: Int) {
    let newBytes = Swift.max(newBytes, 0)
    if newBytes > bytes { budget.takeChecked(newBytes - bytes) }
    if newBytes < bytes { budget.giveBack(bytes - newBytes) }
    bytes = newBytes
  }

  deinit { budget.giveBack(bytes) }
}
