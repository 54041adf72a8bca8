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
    let tx = Tensor(x, requiresGrad: true)
    let ty = Tensor(y, requiresGrad: true)
    let (m, lead) = (Int32(n), Int32(n))
    let raw: () -> Void
    switch dtype {
    case .float32:
      let buffers = RawOperands<Float>(x, y)
      raw = {
        cblas_sgemm(
          CblasRowMajor, CblasNoTrans, CblasNoTrans, m, m, m, 1, buffers.a, lead, buffers.b, lead,
          0, buffers.c, lead)
      }
    case .float64:
      let buffers = RawOperands<Double>(x, y)
      raw = {
        cblas_dgemm(
          CblasRowMajor, CblasNoTrans, CblasNoTrans, m, m, m, 1, buffers.a, lead, buffers.b, lead,
          0, buffers.c, lead)
      }
    }
    let times = try sampler.interleaved([
      raw, { consume(try x.matmul(y)) }, { consume(try tx.matmul(ty)) },
    ])
    let flops = 2 * Double(n) * Double(n) * Double(n)
    return Row(
      size: n, dtype: dtype, raw: flops / times[0], array: flops / times[1],
      tensor: flops / times[2])
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

/// Preallocated operands and result for the raw BLAS product, holding the same values as the
/// engine's operands.
private final class RawOperands<T: BinaryFloatingPoint> {
  let a: UnsafeMutablePointer<T>
  let b: UnsafeMutablePointer<T>
  let c: UnsafeMutablePointer<T>

  init(_ x: NDArray, _ y: NDArray) {
    a = UnsafeMutablePointer<T>.allocate(capacity: x.count)
    b = UnsafeMutablePointer<T>.allocate(capacity: y.count)
    c = UnsafeMutablePointer<T>.allocate(capacity: x.shape[0] * y.shape[1])
    for (i, value) in x.values.enumerated() { a[i] = T(value) }
    for (i, value) in y.values.enumerated() { b[i] = T(value) }
    c.initialize(repeating: 0, count: x.shape[0] * y.shape[1])
  }

  deinit {
    a.deallocate()
    b.deallocate()
    c.deallocate()
  }
}
