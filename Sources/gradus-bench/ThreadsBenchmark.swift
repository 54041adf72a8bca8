import GradusTensor

/// Where splitting an operation over threads starts to pay: a cheap map (+), a costly one
/// (exp), a sum and a square product, each at a range of sizes, on one thread and split over
/// `threads` (every size split, whatever the thresholds in `Parallelism`), the two timed in
/// turn. The sizes where the split column first wins are the thresholds' evidence.
struct ThreadsBenchmark {
  var sampler: Sampler
  var threads: Int
  /// One pool for every split run, so that no run pays for starting threads.
  let pool = ThreadPool()
  var sizes = [1 << 12, 1 << 14, 1 << 16, 1 << 17, 1 << 18, 1 << 20]
  var productSizes = [64, 128, 256, 384, 512]

  struct Row {
    var operation: String
    var elements: Int
    /// Microseconds per call.
    var one: Double
    var split: Double
  }

  func run() throws -> [Row] {
    var rows = [Row]()
    for elements in sizes {
      var rng = RandomGenerator(seed: UInt64(elements))
      let x = try NDArray.randn([elements], dtype: .float32, using: &rng)
      let y = try NDArray.randn([elements], dtype: .float32, using: &rng)
      rows.append(try measure("x + y", elements) { consume(try x.zip(y, .add)) })
      rows.append(try measure("exp(x)", elements) { consume(try x.map(.exp)) })
      rows.append(try measure("sum(x)", elements) { consume(try x.reduce(.sum)) })
    }
    for n in productSizes {
      var rng = RandomGenerator(seed: UInt64(n))
      let a = try NDArray.randn([n, n], dtype: .float32, using: &rng)
      rows.append(try measure("n×n @ n×n", n) { consume(try a.matmul(a)) })
    }
    return rows
  }

  private func measure(_ operation: String, _ elements: Int, _ body: @escaping () throws -> Void)
    throws -> Row
  {
    let (threads, pool) = (self.threads, self.pool)
    let times = try sampler.interleaved([
      { try Parallelism.withThreadCount(1, pool: pool, body) },
      { try Parallelism.withThreadCount(threads, splittingEverything: true, pool: pool, body) },
    ])
    return Row(operation: operation, elements: elements, one: times[0] / 1e3, split: times[1] / 1e3)
  }

  static func figures(_ rows: [Row], threads: Int) -> [Figure] {
    rows.map { row in
      Figure(
        section: "threads", name: row.operation, value: row.one / row.split, unit: "speed-up",
        details: [
          ("elements", .number(Double(row.elements))), ("threads", .number(Double(threads))),
          ("one thread µs", .number(row.one)), ("split µs", .number(row.split)),
        ])
    }
  }

  static func print(_ rows: [Row], threads: Int) {
    Swift.print("Splitting over \(threads) threads: µs per call (speed-up; n for products)")
    Swift.print("  operation        size     1 thread    split")
    for row in rows {
      let split = "\(format(row.split)) (\(format(row.one / row.split))×)"
      Swift.print(
        "  \(pad(row.operation, 12))  \(pad(String(row.elements), 8))  \(pad(format(row.one), 9))  \(split)"
      )
    }
  }
}
