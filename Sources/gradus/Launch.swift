/// Process start-up that must happen before anything else runs.
enum Launch {
  /// Picks the BLAS kernel before the library is used (see BLASKernel).
  static func prepare() {}

  static var blasSummary: String { "BLAS: OpenBLAS" }
}
