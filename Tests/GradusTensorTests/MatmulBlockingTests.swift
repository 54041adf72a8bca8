import CBLAS
import Foundation
import Synchronization
import Testing

@testable import GradusTensor

/// Long matrix products run in blocks of columns so that Ctrl-C can stop them between blocks
/// (`MatmulBlocking`, `EngineInterrupt`): the blocks change no bit of the result, small
/// products are not split at all, and a raised flag stops a long product at once.
@Suite("matmul: blocks of columns and interruption")
struct MatmulBlockingTests {
  /// Runs `body` with every product on this thread split into blocks of `columns` columns.
  static func blocking<R>(columns: Int, _ body: () throws -> R) rethrows -> R {
    let settings = MatmulBlocking.settings.value
    let saved = (settings.minimumWork, settings.minimumColumns, settings.blockWork)
    settings.minimumWork = 0
    settings.minimumColumns = columns
    settings.blockWork = 0
    defer { (settings.minimumWork, settings.minimumColumns, settings.blockWork) = saved }
    return try body()
  }

  /// Runs `body` with no product split.
  static func unblocked<R>(_ body: () throws -> R) rethrows -> R {
    let settings = MatmulBlocking.settings.value
    let saved = settings.minimumWork
    settings.minimumWork = .max
    defer { settings.minimumWork = saved }
    return try body()
  }

  struct Case: CustomTestStringConvertible, Sendable {
    let m: Int, k: Int, n: Int
    let dtype: DType
    let transposed: Bool
    var testDescription: String {
      "\(m)×\(k) · \(k)×\(n) \(dtype)\(transposed ? ", both read transposed" : "")"
    }
  }

  /// Products long enough to be split with the production settings, one with a longer last
  /// block, one with both operands read transposed.
  static let cases: [Case] = [DType.float32, .float64].flatMap { dtype in
    [
      Case(m: 512, k: 1024, n: 4096, dtype: dtype, transposed: false),
      Case(m: 768, k: 1000, n: 3000, dtype: dtype, transposed: false),
      Case(m: 1024, k: 1024, n: 2100, dtype: dtype, transposed: true),
    ]
  }

  /// float64: blocked and unblocked products agree bit for bit, with OpenBLAS on one thread as
  /// `gradus` runs it (at any count of the engine's threads). float32: they do not (about 5 % of the elements differ in their last
  /// bits, with blocks of rows or of columns: OpenBLAS's sgemm kernel adds in an order that
  /// depends on the size of the call), so there the test bounds the difference by a few
  /// rounding errors of the sum instead.
  @Test(arguments: cases)
  func blocksChangeNoBit(_ c: Case) throws {
    openblas_set_num_threads(1)
    var a = try random(Shape(c.transposed ? [c.k, c.m] : [c.m, c.k]), seed: 1, dtype: c.dtype)
    var b = try random(Shape(c.transposed ? [c.n, c.k] : [c.k, c.n]), seed: 2, dtype: c.dtype)
    if c.transposed {
      a = try a.transposed()
      b = try b.transposed()
    }
    let (_, count, columns) = MatmulBlocking.blocks(m: c.m, n: c.n, k: c.k)
    #expect(count > 1 && columns % MatmulBlocking.alignment == 0)
    let blocks = try a.matmul(b)
    let whole = try Self.unblocked { try a.matmul(b) }
    #expect(blocks.shape == whole.shape)
    let differing = zip(blocks.values, whole.values).count { $0.bitPattern != $1.bitPattern }
    if c.dtype == .float64 {
      #expect(differing == 0, "\(differing) of \(whole.count) elements differ")
    } else {
      // |terms| ≤ 1 each: a sum of k of them is off by at most about k · 2⁻²⁴ either way.
      let bound = Double(c.k) * 0x1p-24
      let worst = zip(blocks.values, whole.values).map { abs($0 - $1) }.max() ?? 0
      #expect(worst <= bound, "\(differing) elements differ, by up to \(worst)")
    }
  }

  /// Below 2²⁴ multiply-adds a product is one BLAS call; above, blocks of at least 256
  /// columns, a multiple of 64, about 2²⁶ multiply-adds each, and at least 8 when there are
  /// enough columns; rows when there are too few columns to cut.
  @Test func onlyLargeProductsAreSplit() {
    func blocks(_ m: Int, _ n: Int, _ k: Int) -> String {
      let (cut, count, size) = MatmulBlocking.blocks(m: m, n: n, k: k)
      return "\(count) × \(size) \(cut)"
    }
    #expect(blocks(255, 255, 255) == "1 × 255 columns")
    #expect(blocks(256, 256, 256) == "1 × 256 columns")
    #expect(blocks(512, 512, 512) == "2 × 256 columns")
    #expect(blocks(1024, 1024, 512) == "4 × 256 columns")
    #expect(blocks(4000, 4000, 4000) == "15 × 256 columns")
    #expect(blocks(100_000, 100, 100_000) == "390 × 256 rows")
    #expect(blocks(64, 1 << 20, 64) == "64 × 16384 columns")
    // A convolution as one product: 16 filters of 3×3×16 over 64 images of 16×16.
    #expect(blocks(16, 16384, 144) == "8 × 2048 columns")
    #expect(!MatmulBlocking.isLong(m: 64, n: 64, k: 64, batch: 32))
    #expect(MatmulBlocking.isLong(m: 64, n: 4096, k: 576, batch: 64))
  }

  /// A raised flag stops a long product between two blocks with `.interrupted`; without the
  /// flag the same product completes. (On one thread, so that the polls are counted exactly;
  /// `ParallelismTests` stops one on two.)
  @Test func aRaisedFlagStopsALongProduct() throws {
    try Parallelism.withThreadCount(1) { try stopOnOneThread() }
  }

  private func stopOnOneThread() throws {
    let a = try NDArray.full(Shape([1024, 2048]), 1)
    let polls = Atomic<Int>(0)
    let result = Self.blocking(columns: 128) {
      EngineInterrupt.polling({
        polls.add(1, ordering: .relaxed)
        return polls.load(ordering: .relaxed) > 3
      }) {
        Result { () throws(TensorError) in try a.matmul(a.transposed()) }
      }
    }
    guard case .failure(.interrupted) = result else {
      Issue.record("not interrupted: \(result)")
      return
    }
    #expect(polls.load(ordering: .relaxed) == 4)
    let finished = try Self.blocking(columns: 128) {
      try EngineInterrupt.polling({ false }) { try a.matmul(a.transposed()) }
    }
    #expect(finished.values[0] == 2048)
  }
}
