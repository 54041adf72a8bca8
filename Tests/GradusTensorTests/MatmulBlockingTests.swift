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
  /// `gradus` runs it. float32: they do not (about 5 % of the elements differ in their last
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
    let (count, columns) = MatmulBlocking.columnBlocks(m: c.m, n: c.n, k: c.k)
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

  /// Below about a billion multiply-adds a product is one BLAS call; above, blocks of at least
  /// 128 columns, a multiple of 64.
  @Test func onlyLongProductsAreSplit() {
    #expect(MatmulBlocking.columnBlocks(m: 1024, n: 1024, k: 512) == (1, 1024))
    #expect(MatmulBlocking.columnBlocks(m: 4000, n: 4000, k: 4000) == (4000 / 128, 128))
    #expect(MatmulBlocking.columnBlocks(m: 100_000, n: 100, k: 100_000) == (1, 128))
    #expect(MatmulBlocking.columnBlocks(m: 64, n: 1 << 20, k: 64) == (16, 1 << 16))
    #expect(MatmulBlocking.columnBlocks(m: 1000, n: 1 << 16, k: 1000) == ((1 << 16) / 320, 320))
    #expect(!MatmulBlocking.isLong(m: 64, n: 64, k: 64, batch: 32))
    #expect(MatmulBlocking.isLong(m: 64, n: 4096, k: 576, batch: 64))
  }

  /// A raised flag stops a long product between two blocks with `.interrupted`; without the
  /// flag the same product completes.
  @Test func aRaisedFlagStopsALongProduct() throws {
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
