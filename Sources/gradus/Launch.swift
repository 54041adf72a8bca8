import GradusTensor

/// Process start-up that must happen before anything else runs.
enum Launch {
  /// Picks the fastest correct OpenBLAS kernel for this CPU before the library does any work
  /// (re-executing once with OPENBLAS_CORETYPE set if needed; see BLASKernel).
  static func prepare() { BLASKernel.relaunchIfNeeded() }

  static var blasSummary: String { "BLAS: " + BLASKernel.summary }
}
