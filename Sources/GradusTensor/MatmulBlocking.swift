/// How a long matrix product is split so that Ctrl-C can stop it (`EngineInterrupt`): into
/// blocks of whole columns of the result, each one BLAS call that writes its columns of C in
/// place (C keeps its leading dimension).
///
/// Columns, not rows: OpenBLAS cuts the rows of one call into chunks whose size depends on the
/// number of rows, and its kernels accumulate a row differently depending on the tile that
/// holds it, so blocks of rows changed float64 bits too. Blocks of columns leave every call
/// with the same rows, and each block starts on a multiple of `alignment` columns, so no tile
/// is cut: float64 products are the same to the bit (with OpenBLAS on one thread, as `gradus`
/// runs it). float32 products are not: about 5 % of their elements differ in the last bits,
/// because the sgemm kernel adds in an order that depends on the size of the call
/// (`MatmulBlockingTests` bounds the difference).
///
/// Products below `minimumWork` multiply-adds (about 20 ms) are one call, as before: polling
/// there would cost time and gain nothing, and a product of 1024×1024 by 1024×1024 (2³⁰, the
/// size `gradus-bench` compares with raw OpenBLAS) keeps the bits of one sgemm call. A block has at least `minimumColumns` columns,
/// because each call packs A again; with 128 columns that repacking is about 1 % of the
/// arithmetic.
enum MatmulBlocking {
  final class Settings {
    var minimumWork = 1 << 31
    var minimumColumns = 128
    /// The work of one block: about 5 ms on one core.
    var blockWork = 1 << 28
  }
  /// Per thread, so that a test can change them without touching other threads.
  static let settings = ThreadLocal { Settings() }

  /// A multiple of the tile width of every BLAS kernel (2 to 32 columns).
  static let alignment = 64

  /// How C[m×n] = A[m×k]·B[k×n] is split: one block of all `n` columns for most products,
  /// else blocks of a multiple of `alignment` columns, the last one taking the rest.
  static func columnBlocks(m: Int, n: Int, k: Int) -> (count: Int, columns: Int) {
    let settings = settings.value
    let column = m.multipliedReportingOverflow(by: k)
    let work = column.partialValue.multipliedReportingOverflow(by: n)
    if !column.overflow && !work.overflow && work.partialValue < settings.minimumWork {
      return (1, n)
    }
    let columnWork = Swift.max(column.overflow ? Int.max : column.partialValue, 1)
    let wanted = Swift.max(settings.minimumColumns, settings.blockWork / columnWork, 1)
    let columns = (wanted + alignment - 1) / alignment * alignment
    // Rounding down, so the last block is at least as long as the others (never a sliver).
    return (Swift.max(1, n / columns), columns)
  }

  /// Whether `batch` products of this size together are long enough to poll between.
  static func isLong(m: Int, n: Int, k: Int, batch: Int) -> Bool {
    guard batch > 1 else { return false }
    let (work, overflow) = m.multipliedReportingOverflow(by: n)
    let (all, overflow2) = work.multipliedReportingOverflow(by: k)
    let (total, overflow3) = all.multipliedReportingOverflow(by: batch)
    return overflow || overflow2 || overflow3 || total >= settings.value.minimumWork
  }
}
