import GradusTensor
import Testing

/// The matrix product by definition, in Double, over row-major values: the reference BLAS
/// results are compared with. `a` is [batch, m, k] and `b` is [batch, k, n] (already broadcast).
private func naiveProduct(_ a: NDArray, _ b: NDArray) -> (values: [Double], bound: [Double]) {
  let (m, k, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1], b.shape[b.rank - 1])
  let batch = a.count / Swift.max(m * k, 1)
  let x = a.values
  let y = b.values
  var values = [Double](repeating: 0, count: batch * m * n)
  var bound = values
  for p in 0..<batch {
    for i in 0..<m {
      for j in 0..<n {
        var total = 0.0
        var size = 0.0
        for l in 0..<k {
          let term = x[p * m * k + i * k + l] * y[p * k * n + l * n + j]
          total += term
          size += Swift.abs(term)
        }
        values[(p * m + i) * n + j] = total
        bound[(p * m + i) * n + j] = size
      }
    }
  }
  return (values, bound)
}

/// Checks `product` against the naive reference, allowing the rounding of `dtype` on each term.
private func expectMatches(
  _ product: NDArray, _ a: NDArray, _ b: NDArray, shape: Shape,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(product.shape == shape, sourceLocation: sourceLocation)
  let (expected, bound) = naiveProduct(a, b)
  let unit = product.dtype == .float32 ? 1e-6 : 1e-14
  let values = product.values
  #expect(values.count == expected.count, sourceLocation: sourceLocation)
  for k in values.indices where !(Swift.abs(values[k] - expected[k]) <= unit * (bound[k] + 1)) {
    Issue.record("element \(k): \(values[k]) ≠ \(expected[k])", sourceLocation: sourceLocation)
    return
  }
}

private let sizes: [(Int, Int, Int)] = [
  (1, 1, 1), (1, 7, 1), (7, 1, 33), (7, 33, 1), (33, 7, 130), (130, 33, 7), (1, 130, 33),
  (33, 130, 1), (130, 1, 7), (7, 130, 130),
]

@Suite struct MatmulTests {
  @Test(arguments: DType.allCases)
  func oddSizes(_ dtype: DType) throws {
    for (seed, (m, k, n)) in sizes.enumerated() {
      let a = try random([m, k], seed: UInt64(seed), dtype: dtype)
      let b = try random([k, n], seed: UInt64(seed + 100), dtype: dtype)
      expectMatches(try a.matmul(b), a, b, shape: [m, n])
    }
  }

  @Test(arguments: DType.allCases)
  func transposedViews(_ dtype: DType) throws {
    for (m, k, n) in [(7, 33, 130), (130, 7, 1), (1, 33, 7), (33, 1, 33)] {
      let aT = try random([k, m], seed: 1, dtype: dtype)
      let bT = try random([n, k], seed: 2, dtype: dtype)
      let a = try aT.transposed()
      let b = try bT.transposed()
      let (ac, bc) = (try a.contiguous(), try b.contiguous())
      expectMatches(try a.matmul(bc), ac, bc, shape: [m, n])
      expectMatches(try ac.matmul(b), ac, bc, shape: [m, n])
      expectMatches(try a.matmul(b), ac, bc, shape: [m, n])
    }
  }

  @Test(arguments: DType.allCases)
  func slicedAndStridedViews(_ dtype: DType) throws {
    let big = try random([40, 70], seed: 3, dtype: dtype)
    let other = try random([70, 20], seed: 4, dtype: dtype)
    let cases: [(NDArray, NDArray)] = [
      // Rows 3..<10 with every column: BLAS reads it with a leading dimension of 70.
      (
        try big.sliced([
          .range(start: 3, stop: 10, step: nil), .range(start: 0, stop: 33, step: nil),
        ]),
        try other.sliced([
          .range(start: 1, stop: 34, step: nil), .range(start: nil, stop: 7, step: nil),
        ])
      ),
      // Every other row and every third column: not a BLAS layout, copied first.
      (
        try big.sliced([
          .range(start: nil, stop: nil, step: 2), .range(start: 1, stop: nil, step: 3),
        ]),
        try other.sliced([.range(start: 2, stop: 48, step: 2)])
      ),
      // Negative steps.
      (
        try big.sliced([
          .range(start: nil, stop: nil, step: -3), .range(start: 69, stop: 0, step: -1),
        ]),
        try other.sliced([
          .range(start: 69, stop: 0, step: -1), .range(start: nil, stop: nil, step: -1),
        ])
      ),
      // Transposed slices: BLAS reads them transposed, with a leading dimension of 70.
      (
        try big.sliced([
          .range(start: 2, stop: 35, step: nil), .range(start: 1, stop: 8, step: nil),
        ]).transposed(),
        try big.sliced([
          .range(start: 3, stop: 36, step: nil), .range(start: 5, stop: 15, step: nil),
        ])
      ),
      (
        try big.sliced([
          .range(start: 3, stop: 13, step: nil), .range(start: 5, stop: 38, step: nil),
        ]),
        try big.sliced([
          .range(start: 3, stop: 13, step: nil), .range(start: 5, stop: 38, step: nil),
        ]).transposed()
      ),
      // A single row as [1, k] times one column of a matrix as [k, 1] (row stride 20).
      (
        try big.sliced([.range(start: 5, stop: 6, step: nil)]),
        try other.sliced([.all, .range(start: 3, stop: 4, step: nil)])
      ),
      // A column of a matrix (stride 70) as the left operand.
      (
        try big.sliced([.all, .range(start: 9, stop: 10, step: nil)]),
        try other.sliced([.range(start: 0, stop: 1, step: nil)])
      ),
    ]
    for (a, b) in cases where a.shape[1] == b.shape[0] {
      expectMatches(
        try a.matmul(b), try a.contiguous(), try b.contiguous(), shape: [a.shape[0], b.shape[1]])
    }
    #expect(cases.allSatisfy { $0.0.shape[1] == $0.1.shape[0] }, "every case is a valid product")
  }

  @Test(arguments: DType.allCases)
  func batchedWithBroadcastLeadingAxes(_ dtype: DType) throws {
    let a = try random([2, 1, 7, 33], seed: 5, dtype: dtype)
    let b = try random([3, 33, 130], seed: 6, dtype: dtype)
    let product = try a.matmul(b)
    #expect(product.shape == [2, 3, 7, 130])
    let fullA = try a.broadcast(to: [2, 3, 7, 33]).contiguous()
    let fullB = try b.broadcast(to: [2, 3, 33, 130]).contiguous()
    expectMatches(product, fullA, fullB, shape: [2, 3, 7, 130])
    // A matrix against a batch, and a batch of transposed views.
    let m = try random([7, 33], seed: 7, dtype: dtype)
    let batchT = try random([4, 1, 33], seed: 8, dtype: dtype).transposed()
    expectMatches(
      try m.matmul(batchT), try m.broadcast(to: [4, 7, 33]).contiguous(), try batchT.contiguous(),
      shape: [4, 7, 1])
  }

  /// [B, T, k] @ [k, n] runs as one [B·T, k] @ [k, n] product; the same values as per batch.
  @Test(arguments: DType.allCases)
  func batchOfRowsTimesAMatrix(_ dtype: DType) throws {
    let a = try random([3, 5, 7, 33], seed: 9, dtype: dtype)
    let b = try random([33, 20], seed: 10, dtype: dtype)
    let product = try a.matmul(b)
    #expect(product.shape == [3, 5, 7, 20])
    expectMatches(
      product, a, try b.broadcast(to: [3, 5, 33, 20]).contiguous(), shape: [3, 5, 7, 20])
  }

  @Test(arguments: DType.allCases)
  func vectors(_ dtype: DType) throws {
    let v = try random([33], seed: 9, dtype: dtype)
    let w = try random([33], seed: 10, dtype: dtype)
    let m = try random([33, 7], seed: 11, dtype: dtype)
    let batch = try random([2, 7, 33], seed: 12, dtype: dtype)
    let row = try v.reshaped([1, 33])
    expectMatches(try v.matmul(w), row, try w.reshaped([33, 1]), shape: [])
    expectMatches(try v.matmul(m), row, m, shape: [7])
    expectMatches(
      try m.transposed().matmul(v), try m.transposed().contiguous(), try v.reshaped([33, 1]),
      shape: [7])
    expectMatches(
      try batch.matmul(v), batch, try v.reshaped([33, 1]).broadcast(to: [2, 33, 1]).contiguous(),
      shape: [2, 7])
    // A strided row of a matrix against a batch of transposed views.
    let table = try random([33, 5], seed: 13, dtype: dtype)
    let column = try table.sliced([.all, .index(3)])
    expectMatches(
      try column.matmul(batch.transposed()),
      try column.contiguous().reshaped([1, 33]).broadcast(to: [2, 1, 33]).contiguous(),
      try batch.transposed().contiguous(), shape: [2, 7])
  }

  @Test(arguments: DType.allCases)
  func emptyInnerSizeGivesZeros(_ dtype: DType) throws {
    let a = try NDArray.zeros([3, 0], dtype: dtype)
    let b = try NDArray.zeros([0, 4], dtype: dtype)
    let product = try a.matmul(b)
    expectValues(product, [Double](repeating: 0, count: 12), shape: [3, 4])
    // The output memory starts uninitialised: the zeros must be written, also in batches.
    let batched = try NDArray.full([5, 3, 0], 7, dtype: dtype).matmul(
      NDArray.zeros([0, 2], dtype: dtype))
    expectValues(batched, [Double](repeating: 0, count: 30), shape: [5, 3, 2])
    #expect(
      try NDArray.zeros([0, 3], dtype: dtype).matmul(NDArray.zeros([3, 2], dtype: dtype)).shape == [
        0, 2,
      ])
    #expect(
      try NDArray.zeros([0], dtype: dtype).matmul(NDArray.zeros([0], dtype: dtype)).scalarValue == 0
    )
  }

  @Test func mixedDtypesGiveFloat64() throws {
    let a = try random([7, 33], seed: 13, dtype: .float32)
    let b = try random([33, 1], seed: 14, dtype: .float64)
    let product = try a.matmul(b)
    #expect(product.dtype == .float64)
    expectMatches(product, try a.converted(to: .float64), b, shape: [7, 1])
  }
}
