import CBLAS
import GradusAutograd
import GradusTensor

/// Square matrix products through the engine (NDArray and recorded Tensor) beside the same
/// product through CBLAS directly on preallocated buffers, so the ratio is the engine's cost.
struct MatmulBenchmark {
  var sampler: Sampler
  var sizes = [64, 256, 1024]

  struct Row {
    var size: Int
    var dtype: DType
    /// GFLOP/s (2n³ flops per product).
    var raw: Double
    var array: Double
    var tensor: Double
  }

  func run() throws -> [Row] {
    var rows = [Row]()
    for size in sizes {
      for dtype in [DType.float32, .float64] {
        rows.append(try measure(size: size, dtype: dtype))
      }
    }
    return rows
  }

  private func measure(size n: Int, dtype: DType) throws -> Row {
    var rng = RandomGenerator(seed: UInt64(n))
    let x = try NDArray.randn([n, n], dtype: dtype, using: &rng)
    let y = try NDArray.randn([n, n], dtype: dtype, using: &rng)
    let flops = 2 * Double(n) * Double(n) * Double(n)
    let raw =
      dtype == .float32
      ? rawGemm(Float.self, x, y, n) { a, b, c in
        cblas_sgemm(
          CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, a, Int32(n),
          b, Int32(n), 0, c, Int32(n))
      }
      : rawGemm(Double.self, x, y, n) { a, b, c in
        cblas_dgemm(
          CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, a, Int32(n),
          b, Int32(n), 0, c, Int32(n))
      }
    let array = try sampler.nanosecondsPerCall { consume(try x.matmul(y)) }
    let tx = Tensor(x, requiresGrad: true)
    let ty = Tensor(y, requiresGrad: true)
    let tensor = try sampler.nanosecondsPerCall { consume(try tx.matmul(ty)) }
    return Row(
      size: n, dtype: dtype, raw: flops / raw, array: flops / array, tensor: flops / tensor)
  }

  /// Nanoseconds per raw product on buffers holding the same values as `x` and `y`.
  private func rawGemm<T: BinaryFloatingPoint>(
    _: T.Type, _ x: NDArray, _ y: NDArray, _ n: Int,
    _ gemm: (UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void
  ) -> Double {
    let a = UnsafeMutablePointer<T>.allocate(capacity: n * n)
    let b = UnsafeMutablePointer<T>.allocate(capacity: n * n)
    let c = UnsafeMutablePointer<T>.allocate(capacity: n * n)
    defer {
      a.deallocate()
      b.deallocate()
      c.deallocate()
    }
    for (i, value) in x.values.enumerated() { a[i] = T(value) }
    for (i, value) in y.values.enumerated() { b[i] = T(value) }
    c.initialize(repeating: 0, count: n * n)
    return sampler.nanosecondsPerCall { gemm(a, b, c) }
  }

  static func figures(_ rows: [Row]) -> [Figure] {
    rows.flatMap { row in
      let details: [(String, JSONValue)] = [
        ("size", .number(Double(row.size))), ("dtype", .string(row.dtype.rawValue)),
      ]
      return [
        Figure(
          section: "matmul", name: "raw CBLAS", value: row.raw, unit: "GFLOP/s", details: details),
        Figure(
          section: "matmul", name: "NDArray.matmul", value: row.array, unit: "GFLOP/s",
          details: details + [("ratio", .number(row.array / row.raw))]),
        Figure(
          section: "matmul", name: "Tensor.matmul", value: row.tensor, unit: "GFLOP/s",
          details: details + [("ratio", .number(row.tensor / row.raw))]),
      ]
    }
  }

  static func print(_ rows: [Row]) {
    Swift.print("Matrix product n×n · n×n, GFLOP/s (ratio to raw CBLAS)")
    Swift.print("     n  dtype      raw CBLAS   NDArray.matmul       Tensor.matmul")
    for row in rows {
      let array = "\(pad(format(row.array), 7)) (\(percent(row.array / row.raw)))"
      let tensor = "\(pad(format(row.tensor), 7)) (\(percent(row.tensor / row.raw)))"
      Swift.print(
        "  \(pad(String(row.size), 4))  \(row.dtype.rawValue)  \(pad(format(row.raw), 9))  \(pad(array, 15))  \(pad(tensor, 18))"
      )
    }
  }
}

func percent(_ ratio: Double) -> String { "\(Int((ratio * 100).rounded()))%" }
