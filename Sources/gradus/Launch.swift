import CJemalloc
import GradusTensor

/// Process start-up that must happen before anything else runs.
enum Launch {
  /// Picks the fastest correct OpenBLAS kernel for this CPU before the library does any work
  /// (re-executing once with OPENBLAS_CORETYPE set if needed; see BLASKernel).
  static func prepare() { BLASKernel.relaunchIfNeeded() }

  static var blasSummary: String { "BLAS: " + BLASKernel.summary }

  /// `threads: 2 for large operations (of 2 cores; --threads or GRADUS_THREADS)`.
  static var threadsSummary: String {
    let (count, cores) = (Parallelism.threadCount, Parallelism.coreCount)
    return "threads: \(count) for large operations (of \(cores) core\(cores == 1 ? "" : "s"); "
      + "--threads N or GRADUS_THREADS=N sets it)"
  }

  /// `allocator: jemalloc 5.3.0 (oversize_threshold:33554432, dirty_decay_ms:-1)`: the
  /// settings CJemallocSettings makes, or glibc's if jemalloc did not take over malloc (linked
  /// after the C library).
  static var allocatorSummary: String {
    guard let version = gradus_jemalloc_version() else { return "allocator: glibc malloc" }
    let release = String(cString: version).split(separator: "-").first.map(String.init) ?? ""
    let settings =
      "oversize_threshold:\(gradus_jemalloc_oversize_threshold()), "
      + "dirty_decay_ms:\(gradus_jemalloc_dirty_decay_ms())"
    return "allocator: jemalloc \(release) (\(settings))"
  }
}
