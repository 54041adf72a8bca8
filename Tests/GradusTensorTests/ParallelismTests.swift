import Synchronization
import Testing

@testable import GradusTensor

/// Large operations share their work over threads (`ThreadPool`, `Parallelism`), and their
/// results do not depend on how many: reductions, products and elementwise maps give the same
/// bits at 1, 2 and 3 threads, above and below the sizes where splitting starts.
@Suite("threads: the pool, and the same bits at any thread count")
struct ParallelismTests {
  /// `make()` computed at 1, 2 and 3 threads (each count with a pool of its own); every result
  /// must have the first one's shape and bits.
  static func expectSameBits(
    splittingEverything: Bool = false, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ make: () throws -> NDArray
  ) throws {
    let results = try [1, 2, 3].map { count in
      try Parallelism.withThreadCount(count, splittingEverything: splittingEverything, make)
    }
    for (index, result) in results.enumerated().dropFirst() {
      #expect(result.shape == results[0].shape, sourceLocation: sourceLocation)
      let differing = zip(result.values, results[0].values).count {
        $0.bitPattern != $1.bitPattern && !($0.isNaN && $1.isNaN)
      }
      #expect(
        differing == 0, "\(what): \(differing) elements differ at \(index + 1) threads",
        sourceLocation: sourceLocation)
    }
  }

  @Test(arguments: [1, 2, 3, 5])
  func everyBlockRunsOnce(threads: Int) {
    let pool = ThreadPool()
    defer { pool.stop() }
    for count in [0, 1, 2, 7, 100] {
      // One counter per block; a block that ran twice, on two threads at once, could lose a
      // count, but then another block's counter (or the total) would show it.
      let runs = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
      defer { runs.deallocate() }
      runs.initialize(repeating: 0)
      let total = Atomic<Int>(0)
      pool.forEachBlock(count, threads: threads) { block in
        runs[block] += 1
        total.add(1, ordering: .relaxed)
      }
      #expect(runs.allSatisfy { $0 == 1 }, "\(count) blocks")
      #expect(total.load(ordering: .relaxed) == count)
    }
  }

  @Test func aPoolInUseRunsASecondJobOnItsOwnThread() {
    let pool = ThreadPool()
    defer { pool.stop() }
    let inner = Atomic<Int>(0)
    pool.forEachBlock(2, threads: 2) { _ in
      // A block asking for the pool: it is busy, so the nested job runs here, whole.
      pool.forEachBlock(4, threads: 2) { _ in inner.add(1, ordering: .relaxed) }
    }
    #expect(inner.load(ordering: .relaxed) == 8)
  }

  // MARK: - The same bits

  static let dtypes = [DType.float32, .float64]
  /// Elements enough for every operation to be split (and for several blocks of a long sum).
  static let large = Swift.max(Parallelism.minimumElements(.cheap), 4 * NDArray.sumBlock)

  /// Sums, means, maxima and minima of a long row (split into blocks of `sumBlock`), of many
  /// rows, and down columns (the strided path), at sizes above the thresholds.
  @Test(arguments: dtypes)
  func reductionsGiveTheSameBits(dtype: DType) throws {
    let long = try random(Shape([Self.large + 1001]), seed: 1, dtype: dtype)
    let matrix = try random(Shape([Self.large / 600 + 1, 600]), seed: 2, dtype: dtype)
    for kind in [Reduction.sum, .mean, .max, .min] {
      try Self.expectSameBits("\(kind) of all") { try long.reduce(kind) }
      try Self.expectSameBits("\(kind) of rows") { try matrix.reduce(kind, axes: [1]) }
      try Self.expectSameBits("\(kind) of columns") { try matrix.reduce(kind, axes: [0]) }
    }
  }

  /// A long sum gives the same bits whatever the layout: contiguous, or read through a
  /// transposed view (the strided path adds in the same blocks of `sumBlock`).
  @Test(arguments: dtypes)
  func longSumsAreTheSameOnEveryPath(dtype: DType) throws {
    let rows = NDArray.sumBlock + 4321
    let matrix = try random(Shape([rows, 3]), seed: 3, dtype: dtype)
    let strided = try matrix.reduce(.sum, axes: [0])
    let contiguous = try matrix.transposed().contiguous().reduce(.sum, axes: [1])
    #expect(strided.values.map(\.bitPattern) == contiguous.values.map(\.bitPattern))
  }

  /// Products cut into blocks of columns and of rows, in both dtypes.
  @Test(arguments: dtypes)
  func productsGiveTheSameBits(dtype: DType) throws {
    let a = try random(Shape([300, 280]), seed: 4, dtype: dtype)
    let b = try random(Shape([280, 1100]), seed: 5, dtype: dtype)
    #expect(MatmulBlocking.blocks(m: 300, n: 1100, k: 280).count > 1)
    try Self.expectSameBits("columns") { try a.matmul(b) }
    let tall = try random(Shape([2100, 100]), seed: 6, dtype: dtype)
    let thin = try random(Shape([100, 90]), seed: 7, dtype: dtype)
    #expect(MatmulBlocking.blocks(m: 2100, n: 90, k: 100).cut == .rows)
    try Self.expectSameBits("rows") { try tall.matmul(thin) }
  }

  /// Maps of one and two arrays (broadcast scalars and rows too), GELU, softmax, layer norm.
  @Test(arguments: dtypes)
  func elementwiseMapsGiveTheSameBits(dtype: DType) throws {
    let x = try random(Shape([Self.large / 500 + 1, 500]), seed: 8, dtype: dtype)
    let y = try random(Shape([Self.large / 500 + 1, 500]), seed: 9, dtype: dtype)
    let row = try random(Shape([500]), seed: 10, dtype: dtype)
    for function in UnaryFunction.allCases {
      try Self.expectSameBits("\(function)") { try x.map(function) }
    }
    for function in BinaryFunction.allCases {
      try Self.expectSameBits("\(function)") { try x.zip(y, function) }
      try Self.expectSameBits("\(function) with a row") { try x.zip(row, function) }
      try Self.expectSameBits("\(function) with a scalar") { try x.zip(scalar: 0.5, function) }
    }
    try Self.expectSameBits("gelu") { try x.gelu() }
    try Self.expectSameBits("softmax") { try x.softmax(axis: 1) }
    try Self.expectSameBits("layer norm") { try x.layerNorm(epsilon: 1e-5) }
    try Self.expectSameBits("softmax backward") {
      try x.softmax(axis: 1).softmaxBackward(upstream: y, axis: 1)
    }
  }

  /// Splitting even the smallest operations changes no bit either.
  @Test func smallOperationsSplitToTheLastElementGiveTheSameBits() throws {
    let x = try random(Shape([33, 130]), seed: 11, dtype: .float32)
    let w = try random(Shape([130, 129]), seed: 12, dtype: .float32)
    try Self.expectSameBits(splittingEverything: true, "a small step") {
      try x.matmul(w).map(.tanh).zip(scalar: 2, .mul).reduce(.sum, axes: [0])
    }
  }

  // MARK: - Interrupts and settings

  /// A raised flag stops a product whose blocks run on two threads; the caller's flag is the
  /// one the workers read.
  @Test func aRaisedFlagStopsAProductOnTwoThreads() throws {
    let a = try NDArray.full(Shape([1024, 2048]), 1)
    let result = Parallelism.withThreadCount(2) {
      MatmulBlockingTests.blocking(columns: 128) {
        EngineInterrupt.polling({ true }) {
          Result { () throws(TensorError) in try a.matmul(a.transposed()) }
        }
      }
    }
    guard case .failure(.interrupted) = result else {
      Issue.record("not interrupted: \(result)")
      return
    }
  }

  @Test(arguments: [("1", 1), ("8", 8), (" 3 ", 3), ("default", Parallelism.coreCount)])
  func threadCountsAreRead(text: String, count: Int) {
    #expect(Parallelism.parse(text) == count)
  }

  @Test(arguments: ["", "0", "-2", "two", "1.5", "257", "99999999999999999999"])
  func nonsenseIsNotAThreadCount(text: String) {
    #expect(Parallelism.parse(text) == nil)
  }
}
