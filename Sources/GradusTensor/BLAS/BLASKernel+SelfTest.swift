import CBLAS

extension BLASKernel {
  /// Checks the loaded kernel's sgemm and dgemm against a naive loop, in all four
  /// transposition combinations the engine uses (forward A·B, backward G·Bᵀ and Aᵀ·G), at odd
  /// sizes that exercise the edge handling of the blocked kernels, with padded leading
  /// dimensions, and with an output full of NaN (the engine hands BLAS uninitialised memory and
  /// relies on beta = 0 ignoring it).
  ///
  /// The operands are small multiples of 1/4, so every partial sum is exact in float32: any
  /// correct kernel gives exactly the naive loop's bits, whatever its summation order.
  ///
  /// Takes about a millisecond; `checked` keeps the answer for the process (the kernel cannot
  /// change once loaded).
  public static func selfTest() -> Bool {
    for (transA, transB) in [(false, false), (false, true), (true, false), (true, true)] {
      let problem = GemmProblem(m: 67, n: 33, k: 45, transA: transA, transB: transB)
      let single = problem.matches(Float.self) { ta, tb, m, n, k, a, lda, b, ldb, c, ldc in
        cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
      }
      let double = problem.matches(Double.self) { ta, tb, m, n, k, a, lda, b, ldb, c, ldc in
        cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
      }
      if !single || !double { return false }
    }
    return true
  }
}

/// One row-major C[m×n] = op(A)·op(B) with every leading dimension padded.
private struct GemmProblem {
  let m: Int
  let n: Int
  let k: Int
  let transA: Bool
  let transB: Bool

  typealias Gemm<T> = (
    CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, Int32, Int32, Int32, UnsafePointer<T>, Int32,
    UnsafePointer<T>, Int32, UnsafeMutablePointer<T>, Int32
  ) -> Void

  /// A[i, p] and B[p, j] as exact small values (multiples of 1/4, |x| ≤ 1.5).
  func a(_ i: Int, _ p: Int) -> Double {
    let step: Int = (7 * i + 3 * p + 1) % 11
    return Double(step - 5) / 4
  }

  func b(_ p: Int, _ j: Int) -> Double {
    let step: Int = (5 * p + 2 * j + 3) % 13
    return Double(step - 6) / 4
  }

  func matches<T: TensorElement>(_: T.Type, _ gemm: Gemm<T>) -> Bool {
    // The operands once, as the naive loop reads them (the index arithmetic of `a` and `b`
    // per multiply-add made this check cost 10 ms).
    var left = [Double](repeating: 0, count: m * k)
    var right = [Double](repeating: 0, count: k * n)
    for i in 0..<m { for p in 0..<k { left[i * k + p] = a(i, p) } }
    for p in 0..<k { for j in 0..<n { right[p * n + j] = b(p, j) } }
    let (rowsA, colsA) = transA ? (k, m) : (m, k)
    let (rowsB, colsB) = transB ? (n, k) : (k, n)
    let (lda, ldb, ldc) = (colsA + 3, colsB + 5, n + 2)
    let sentinel: T = 12345
    let bufferA = UnsafeMutablePointer<T>.allocate(capacity: rowsA * lda)
    let bufferB = UnsafeMutablePointer<T>.allocate(capacity: rowsB * ldb)
    let bufferC = UnsafeMutablePointer<T>.allocate(capacity: m * ldc)
    defer {
      bufferA.deallocate()
      bufferB.deallocate()
      bufferC.deallocate()
    }
    bufferA.initialize(repeating: sentinel, count: rowsA * lda)
    bufferB.initialize(repeating: sentinel, count: rowsB * ldb)
    bufferC.initialize(repeating: .nan, count: m * ldc)
    for i in 0..<m {
      for p in 0..<k { bufferA[transA ? p * lda + i : i * lda + p] = T(left[i * k + p]) }
    }
    for p in 0..<k {
      for j in 0..<n { bufferB[transB ? j * ldb + p : p * ldb + j] = T(right[p * n + j]) }
    }
    gemm(
      transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), bufferA, Int32(lda), bufferB, Int32(ldb), bufferC, Int32(ldc))
    for i in 0..<m {
      for j in 0..<n {
        var expected = 0.0
        for p in 0..<k { expected += left[i * k + p] * right[p * n + j] }
        // `!=` is also true for NaN: an output element left unwritten fails here.
        if Double(bufferC[i * ldc + j]) != expected { return false }
      }
      // The padding between rows must be untouched (still NaN).
      for j in n..<ldc where !bufferC[i * ldc + j].isNaN { return false }
    }
    return true
  }
}
