import CGradusKernels

/// A reference-counted buffer of elements, 64-byte aligned from 64 KiB up. Views share one
/// storage. A shape-only storage (`Storage+ShapeOnly.swift`) has a count but no buffer.
public final class Storage: @unchecked Sendable {
  public let dtype: DType
  public let count: Int
  /// True for the storage of a shape-only array: `raw` is then a placeholder that must never
  /// be read or written (`pointer` stops the process rather than touch it).
  public let isShapeOnly: Bool
  let raw: UnsafeMutableRawPointer
  /// The bytes taken from the session's memory budget, given back when the storage is freed.
  let charge: MemoryCharge

  /// glibc's allocator adapts its thresholds so that arrays up to 32 MiB come from the heap,
  /// but then hands the top of the heap back to the kernel as soon as 2× the largest freed
  /// array is free there: each step of a large model frees its big arrays, and the next one
  /// page-faults the same memory in again, zeroed by the kernel (10,000 faults in 30 steps of
  /// W5 at T = 1024, 3–10 % of its time). Fixed thresholds keep up to 64 MiB for reuse.
  /// (The gradus executables link jemalloc, which replaces glibc's malloc and keeps freed pages
  /// for reuse by itself; this matters to other programs using the engine, such as the tests.)
  static let heapTuned: Void = gradus_tune_heap()

  /// Allocates uninitialised memory for `count` elements, taking its bytes from the budget.
  init(uninitialized count: Int, dtype: DType) throws(TensorError) {
    charge = try MemoryCharge(count: count, elementSize: dtype.size)
    Storage.heapTuned
    self.dtype = dtype
    self.count = count
    isShapeOnly = false
    let bytes = Swift.max(count * dtype.size, 1)
    // Cache-line alignment helps BLAS and vector loops on large arrays, but costs a slow
    // posix_memalign (about 250 ns); smaller arrays, where that would rival the arithmetic,
    // take malloc's 16 bytes, from malloc itself: Swift's `allocate(alignment: 16)` goes
    // through posix_memalign too.
    guard let memory = gradus_allocate(bytes, Storage.alignment(bytes)) else {
      throw .invalidArgument(
        op: "allocate", message: "the system has no memory left for \(bytes) more bytes")
    }
    raw = memory
  }

  /// Allocates zero-filled memory.
  convenience init(zeros count: Int, dtype: DType) throws(TensorError) {
    try self.init(uninitialized: count, dtype: dtype)
    raw.initializeMemory(as: UInt8.self, repeating: 0, count: count * dtype.size)
  }

  /// A storage of `count` elements that holds none (see `Storage+ShapeOnly.swift`).
  init(shapeOnly count: Int, dtype: DType) {
    // It holds no elements, so it takes nothing from the budget.
    charge = MemoryCharge(checkedBytes: 0)
    self.dtype = dtype
    self.count = count
    isShapeOnly = true
    raw = Storage.noElements
  }

  deinit { if !isShapeOnly { gradus_free(raw) } }

  /// 64 (a cache line) from 64 KiB up; 0 below: malloc's own alignment.
  private static func alignment(_ bytes: Int) -> Int { bytes >= 65536 ? 64 : 0 }

  @inline(__always)
  func pointer<T: TensorElement>(_: T.Type) -> UnsafeMutablePointer<T> {
    // Every engine operation returns before its kernel for a shape-only input; reaching this
    // for one is a bug in the engine, and reading the placeholder would be a worse one.
    precondition(!isShapeOnly, "the elements of a shape-only array were read")
    return raw.assumingMemoryBound(to: T.self)
  }
}
