/// How a large matrix product C[m×n] = A[m×k]·B[k×n] is split into blocks: so that the threads
/// of `Parallelism` share it, and so that Ctrl-C (`EngineInterrupt`) can stop it between
/// blocks. Each block is one BLAS call (OpenBLAS on one thread) that writes its part of C in
/// place: whole columns of C, or whole rows when C has too few columns to share out.
///
/// The blocks depend only on m, n and k, never on the number of threads, so a product has the
/// same bits at any thread count. OpenBLAS's own threads would not give that: its float32
/// kernels add in an order that depends on how it cuts the rows and columns between threads,
/// and at 2 or 3 threads most products of 100×100 and more differ from 1 thread in some
/// elements' last bits (float64 agreed at every size tried). So OpenBLAS stays on one thread
/// and the blocks are ours.
///
/// Splitting changes float32 bits against one call of the whole product (about 5 % of the
/// elements differ in their last bits: the sgemm kernel's order depends on the size of the
/// call); float64 bits do not change when blocks start on multiples of `alignment` columns
/// (`MatmulBlockingTests`). Products below `minimumWork` multiply-adds stay one call, as before.
///
/// Measured with `gradus-bench --only matmul --threads N` (2 cores, Haswell kernel, three
/// rounds alternating N = 1 and 2, load average 20–24 from other builds, so absolute GFLOP/s
/// are far below the machine's): the engine's 1024 × 1024 float32 product reached 89–99 % of
/// raw OpenBLAS at one thread, and 56–80 % (median 69 %) of raw OpenBLAS on two threads,
/// float64 70–76 %. `gradus-bench --only threads` put 384² and 512² products at 0.8–0.9× when
/// split on the loaded machine, 64²–256² far worse: hence no split below 2²⁴ multiply-adds
/// and blocks of at least 256 columns. On a busy machine a block whose thread is descheduled
/// holds the whole product up; OpenBLAS's threads suffer the same, less.
enum MatmulBlocking {
  final class Settings {
    /// Products of fewer multiply-adds are one call: a thread's wake-up (tens of µs) and the
    /// repacking of each block cost more than a second core saves.
    var minimumWork = 1 << 24
    /// The fewest columns (or rows) of a block: each call packs A (or B) again, about 1/width
    /// of the arithmetic.
    var minimumColumns = 256
    /// The most work of one block (about 1 ms on one core): blocks short enough to poll between.
    var blockWork = 1 << 26
    /// Blocks sought per product, so that up to this many threads can share it whatever the
    /// machine (the blocks must not depend on its thread count).
    var spread = 8
    /// A batch of products this long as a whole polls between its products.
    var longWork = 1 << 31
  }
  /// Per thread, so that a test can change them without touching other threads.
  static let settings = ThreadLocal { Settings() }

  /// A multiple of the tile width of every BLAS kernel (2 to 32 columns).
  static let alignment = 64

  /// Which way a product's blocks cut C.
  enum Cut: Equatable {
    case columns, rows
  }

  /// How C[m×n] = A[m×k]·B[k×n] is split: one block of everything for most products, else
  /// blocks of a multiple of `alignment` columns (or rows, when n is too small to cut and m is
  /// not), the last one taking the rest.
  static func blocks(m: Int, n: Int, k: Int) -> (cut: Cut, count: Int, size: Int) {
    let settings = settings.value
    let everything = Parallelism.splitsEverything
    let minimumWork = everything ? 0 : settings.minimumWork
    let minimumColumns = everything ? alignment : settings.minimumColumns
    let (mk, overflow) = m.multipliedReportingOverflow(by: k)
    let (work, overflow2) = mk.multipliedReportingOverflow(by: n)
    if !overflow && !overflow2 && work < minimumWork { return (.columns, 1, n) }
    let cutRows = n < 2 * minimumColumns && m >= 2 * minimumColumns
    let (length, other) = cutRows ? (m, n) : (n, m)
    // The work of one column (or row) of C.
    let (lineWork, overflow3) = other.multipliedReportingOverflow(by: k)
    let line = Swift.max(overflow || overflow3 ? Int.max : lineWork, 1)
    let byWork = settings.blockWork / line
    let bySpread = length / Swift.max(settings.spread, 1)
    let wanted = Swift.max(minimumColumns, Swift.min(byWork, bySpread), 1)
    let size = (wanted + alignment - 1) / alignment * alignment
    // Rounding down, so the last block is at least as long as the others (never a sliver).
    let count = length / size
    if count < 2 { return (.columns, 1, n) }
    return (cutRows ? .rows : .columns, count, size)
  }

  /// Whether `batch` products of this size together are long enough to poll between.
  static func isLong(m: Int, n: Int, k: Int, batch: Int) -> Bool {
    guard batch > 1 else { return false }
    let (work, overflow) = m.multipliedReportingOverflow(by: n)
    let (all, overflow2) = work.multipliedReportingOverflow(by: k)
    let (total, overflow3) = all.multipliedReportingOverflow(by: batch)
    return overflow || overflow2 || overflow3 || total >= settings.value.longWork
  }
}
