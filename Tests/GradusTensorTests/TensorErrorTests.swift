import GradusTensor
import Testing

/// One shape-error path: the call and the exact typed error it must throw.
struct ErrorCase: Sendable, CustomTestStringConvertible {
  let name: String
  let expected: TensorError
  let body: @Sendable () throws -> Void

  init(_ name: String, _ expected: TensorError, _ body: @escaping @Sendable () throws -> Void) {
    self.name = name
    self.expected = expected
    self.body = body
  }

  var testDescription: String { name }
}

private func z(_ sizes: [Int]) throws -> NDArray {
  try NDArray.zeros(Shape(sizes), dtype: .float64)
}

private let errorCases: [ErrorCase] = [
  ErrorCase("broadcast last axis", .broadcast(lhs: [2, 3], rhs: [4], axis: 0)) {
    _ = try z([2, 3]).zip(z([4]), .add)
  },
  ErrorCase(
    "broadcast third axis from the right", .broadcast(lhs: [2, 3, 4], rhs: [5, 1, 4], axis: 2)
  ) {
    _ = try z([2, 3, 4]).zip(z([5, 1, 4]), .mul)
  },
  ErrorCase("broadcast in select", .broadcast(lhs: [2, 3], rhs: [2, 2], axis: 0)) {
    _ = try z([2, 3]).select(where: z([2, 2]), else: z([3]))
  },
  ErrorCase("broadcast_to a smaller size", .broadcast(lhs: [2, 3], rhs: [1, 3], axis: 1)) {
    _ = try z([2, 3]).broadcast(to: [1, 3])
  },
  ErrorCase("broadcast_to fewer dimensions", .broadcast(lhs: [2, 3], rhs: [3], axis: 1)) {
    _ = try z([2, 3]).broadcast(to: [3])
  },
  ErrorCase("matmul inner sizes", .matmul(lhs: [2, 3], rhs: [4, 5])) {
    _ = try z([2, 3]).matmul(z([4, 5]))
  },
  ErrorCase("matmul vectors", .matmul(lhs: [3], rhs: [4])) { _ = try z([3]).matmul(z([4])) },
  ErrorCase("matmul matrix by vector", .matmul(lhs: [2, 3], rhs: [2])) {
    _ = try z([2, 3]).matmul(z([2]))
  },
  ErrorCase("matmul batch", .matmulBatch(lhs: [2, 3, 4], rhs: [3, 4, 5])) {
    _ = try z([2, 3, 4]).matmul(z([3, 4, 5]))
  },
  ErrorCase(
    "matmul scalar",
    .rank(op: "matmul (@)", expected: "tensors with at least 1 dimension", got: [])
  ) { _ = try z([]).matmul(z([3])) },
  ErrorCase("reshape count", .reshape(from: [2, 3], to: [4])) { _ = try z([2, 3]).reshaped([4]) },
  ErrorCase("reshape inferred", .reshape(from: [2, 3], to: [-1, 4])) {
    _ = try z([2, 3]).reshaped([-1, 4])
  },
  ErrorCase("reduce axis", .axis(op: "sum", axis: 2, rank: 2)) {
    _ = try z([2, 3]).reduce(.sum, axes: [2])
  },
  ErrorCase("reduce negative axis", .axis(op: "max", axis: -3, rank: 2)) {
    _ = try z([2, 3]).reduce(.max, axes: [-3])
  },
  ErrorCase("transpose axis", .axis(op: "transpose", axis: 5, rank: 3)) {
    _ = try z([2, 3, 4]).transposed(0, 5)
  },
  ErrorCase("unsqueeze axis", .axis(op: "unsqueeze", axis: 4, rank: 2)) {
    _ = try z([2, 3]).unsqueezed(4)
  },
  ErrorCase("argmax axis", .axis(op: "argmax", axis: 1, rank: 1)) {
    _ = try z([3]).argmax(axis: 1)
  },
  ErrorCase("index past the end", .index(op: "index", index: 3, size: 3, axis: 0)) {
    _ = try z([3, 4]).sliced([.index(3)])
  },
  ErrorCase("negative index past the start", .index(op: "index", index: -5, size: 4, axis: 1)) {
    _ = try z([3, 4]).sliced([.all, .index(-5)])
  },
  ErrorCase("gather index value", .index(op: "gather", index: 4, size: 4, axis: 1)) {
    _ = try z([2, 4]).gather(axis: 1, index: NDArray([0, 4], shape: [2, 1]))
  },
  ErrorCase("gather rank", .mismatch(op: "gather", lhs: [2, 4], rhs: [2], axis: 1)) {
    _ = try z([2, 4]).gather(axis: 1, index: NDArray([0, 1], shape: [2]))
  },
  ErrorCase("gather index too large", .mismatch(op: "gather", lhs: [2, 4], rhs: [3, 1], axis: 1)) {
    _ = try z([2, 4]).gather(axis: 1, index: NDArray.zeros([3, 1]))
  },
  ErrorCase("gather axis", .axis(op: "gather", axis: 2, rank: 2)) {
    _ = try z([2, 4]).gather(axis: 2, index: NDArray.zeros([2, 1]))
  },
  ErrorCase("index_select row", .index(op: "index_select", index: 5, size: 5, axis: 0)) {
    _ = try z([5, 2]).indexSelect(NDArray([1, 5], shape: [2]))
  },
  ErrorCase("index_select negative row", .index(op: "index_select", index: -6, size: 5, axis: 0)) {
    _ = try z([5, 2]).indexSelect(NDArray([-6], shape: [1]))
  },
  ErrorCase(
    "index_select too many dimensions", .tooManyDimensions(rank: 9, limit: 8)
  ) { _ = try z([5, 1, 1, 1]).indexSelect(NDArray.zeros([1, 1, 1, 1, 1, 1])) },
  ErrorCase("concat sizes", .mismatch(op: "concat", lhs: [2, 3], rhs: [3, 3], axis: 1)) {
    _ = try NDArray.concat([z([2, 3]), z([3, 3])], axis: 1)
  },
  ErrorCase("concat ranks", .mismatch(op: "concat", lhs: [2, 3], rhs: [2, 3, 1], axis: 0)) {
    _ = try NDArray.concat([z([2, 3]), z([2, 3, 1])], axis: 0)
  },
  ErrorCase("concat axis", .axis(op: "concat", axis: 2, rank: 2)) {
    _ = try NDArray.concat([z([2, 3]), z([2, 3])], axis: 2)
  },
  ErrorCase("stack shapes", .mismatch(op: "stack", lhs: [2, 3], rhs: [3, 2], axis: nil)) {
    _ = try NDArray.stack([z([2, 3]), z([3, 2])], axis: 0)
  },
  ErrorCase(
    "conv2d input rank", .rank(op: "conv2d", expected: "input [N, C, H, W]", got: [3, 5, 5])
  ) { _ = try z([3, 5, 5]).im2col(Window2D(kernelHeight: 2, kernelWidth: 2)) },
  ErrorCase(
    "conv2d kernel larger than input",
    .invalidArgument(op: "conv2d", message: "the 5×3 kernel is larger than the padded 4×4 input")
  ) { _ = try z([1, 1, 4, 4]).im2col(Window2D(kernelHeight: 5, kernelWidth: 3)) },
  ErrorCase(
    "max_pool2d rank", .rank(op: "max_pool2d", expected: "input [N, C, H, W]", got: [4, 4])
  ) { _ = try z([4, 4]).maxPool2d(Window2D(kernelHeight: 2, kernelWidth: 2)) },
  ErrorCase(
    "max_pool2d kernel larger than input",
    .invalidArgument(
      op: "max_pool2d", message: "the 3×3 kernel is larger than the padded 2×4 input")
  ) { _ = try z([1, 1, 2, 4]).maxPool2d(Window2D(kernelHeight: 3, kernelWidth: 3)) },
  ErrorCase(
    "window stride",
    .invalidArgument(op: "conv2d", message: "kernel sizes and stride must be ≥ 1 and padding ≥ 0")
  ) { _ = try z([1, 1, 4, 4]).im2col(Window2D(kernelHeight: 2, kernelWidth: 2, stride: 0)) },
  ErrorCase("too many dimensions", .tooManyDimensions(rank: 9, limit: 8)) {
    _ = try Shape([1, 1, 1, 1, 1, 1, 1, 1, 1])
  },
  ErrorCase("unsqueeze past the limit", .tooManyDimensions(rank: 9, limit: 8)) {
    _ = try z([1, 1, 1, 1, 1, 1, 1, 2]).unsqueezed(0)
  },
  ErrorCase("negative size", .negativeSize(-1, axis: 1)) { _ = try Shape([2, -1, 3]) },
  ErrorCase("size overflow", .sizeOverflow(shape: [1 << 40, 1 << 40])) {
    _ = try Shape([1 << 40, 1 << 40]).checkedCount()
  },
  ErrorCase("zeros with an overflowing shape", .sizeOverflow(shape: [1 << 40, 1 << 40])) {
    _ = try NDArray.zeros(Shape([1 << 40, 1 << 40]))
  },
  ErrorCase("data count", .dataCount(expected: 4, got: 3)) {
    _ = try NDArray([1, 2, 3], shape: [2, 2])
  },
  ErrorCase("assign shapes", .mismatch(op: "assign", lhs: [2, 2], rhs: [4], axis: nil)) {
    try z([4]).assign(into: z([2, 2]))
  },
  ErrorCase(
    "slice step 0", .invalidArgument(op: "slice", message: "the step cannot be 0")
  ) { _ = try z([3]).sliced([.range(start: nil, stop: nil, step: 0)]) },
  ErrorCase(
    "too many subscripts",
    .invalidArgument(op: "index", message: "3 subscripts for a tensor with 2 dimensions")
  ) { _ = try z([2, 2]).sliced([.index(0), .index(0), .index(0)]) },
  ErrorCase(
    "permutation",
    .invalidArgument(op: "permute", message: "[0, 0] is not a permutation of the 2 axes")
  ) { _ = try z([2, 3]).permuted([0, 0]) },
  ErrorCase("duplicate axis", .invalidArgument(op: "sum", message: "axis -1 is listed twice")) {
    _ = try z([2, 3]).reduce(.sum, axes: [1, -1])
  },
  ErrorCase(
    "two inferred sizes", .invalidArgument(op: "reshape", message: "only one size may be -1")
  ) {
    _ = try z([2, 3]).reshaped([-1, -1])
  },
  ErrorCase(
    "max of nothing", .invalidArgument(op: "max", message: "cannot take the max of no elements")
  ) {
    _ = try z([2, 0]).reduce(.max, axes: [1])
  },
  ErrorCase(
    "fractional index",
    .invalidArgument(op: "index_select", message: "index 1.5 is not a whole number")
  ) { _ = try z([3]).indexSelect(NDArray([1.5], shape: [1])) },
]

@Suite struct TensorErrorTests {
  @Test(arguments: errorCases)
  func throwsTypedError(_ c: ErrorCase) {
    #expect(throws: c.expected) { try c.body() }
  }

  /// The messages a learner reads: QUALITY.md's wording, both shapes, the sizes that clash.
  @Test(arguments: [
    (
      TensorError.broadcast(lhs: [2, 3], rhs: [4], axis: 0),
      "shapes [2, 3] and [4] do not broadcast: the last sizes 3 and 4 differ and neither is 1"
    ),
    (
      .broadcast(lhs: [2, 3, 4], rhs: [5, 1, 4], axis: 2),
      "shapes [2, 3, 4] and [5, 1, 4] do not broadcast: the third-to-last sizes 2 and 5 differ and neither is 1"
    ),
    (
      .broadcast(lhs: [2, 3], rhs: [1, 3], axis: 1),
      "shape [2, 3] cannot be broadcast to [1, 3]: the second-to-last size 2 would have to become 1"
    ),
    (
      .broadcast(lhs: [2], rhs: [], axis: 0),
      "shape [2] cannot be broadcast to [], which has fewer dimensions"
    ),
    (.matmul(lhs: [2, 3], rhs: [4, 5]), "cannot multiply [2, 3] by [4, 5]"),
    (
      .matmulBatch(lhs: [2, 3, 4], rhs: [3, 4, 5]),
      "cannot multiply [2, 3, 4] by [3, 4, 5]: the batch dimensions do not broadcast"
    ),
    (.reshape(from: [2, 3], to: [4]), "cannot reshape [2, 3] (6 elements) to [4]"),
    (
      .axis(op: "sum", axis: 2, rank: 2),
      "sum: axis 2 is out of range for a tensor with 2 dimensions"
    ),
    (
      .index(op: "index", index: 3, size: 3, axis: 0),
      "index: index 3 is out of range for axis 0 of size 3"
    ),
    (
      .mismatch(op: "concat", lhs: [2, 3], rhs: [3, 3], axis: 1),
      "concat needs matching shapes except along axis 1, got [2, 3] and [3, 3]"
    ),
    (
      .tooManyDimensions(rank: 9, limit: 8),
      "a tensor may have at most 8 dimensions, this one would have 9"
    ),
    (.negativeSize(-1, axis: 1), "size -1 on axis 1 is negative"),
    (
      .sizeOverflow(shape: [1 << 40, 1 << 40]),
      "the shape [1099511627776, 1099511627776] has more elements than can be counted"
    ),
    (
      .allocationLimit(requestedBytes: 4000, limitBytes: 1024),
      "allocating 3.9 KiB would exceed the memory limit of 1.0 KiB"
    ),
    (.dataCount(expected: 4, got: 3), "expected 4 values for this shape, got 3"),
  ])
  func description(_ error: TensorError, _ text: String) {
    #expect(error.description == text)
  }

  @Test func descriptionNeverTrapsOnOddAxes() {
    // Any broadcast error built by the engine must print, even when one shape lacks the axis.
    for (lhs, rhs) in [([2], [Int]()), ([3, 2], [2]), ([2, 2, 2], [1, 2])] {
      for axis in 0..<3 {
        #expect(!TensorError.broadcast(lhs: lhs, rhs: rhs, axis: axis).description.isEmpty)
      }
    }
  }

  @Test func allocationLimitStatesRequestAndLimit() throws {
    let error = #expect(throws: TensorError.self) {
      try MemoryLimit.withMaxBytes(1024) { () throws(TensorError) in try NDArray.zeros([1000]) }
    }
    #expect(error == .allocationLimit(requestedBytes: 4000, limitBytes: 1024))
    #expect(error?.description.contains("3.9 KiB") == true)
    #expect(error?.description.contains("limit of 1.0 KiB") == true)
  }

  @Test func allocationLimitCoversEveryConstructor() throws {
    var rng = RandomGenerator(seed: 1)
    let limit = TensorError.allocationLimit(requestedBytes: 8000, limitBytes: 1024)
    try MemoryLimit.withMaxBytes(1024) { () throws(TensorError) in
      #expect(throws: limit) { try NDArray.zeros([1000], dtype: .float64) }
      #expect(throws: limit) { try NDArray.full([1000], 1, dtype: .float64) }
      #expect(throws: limit) { try NDArray.randn([1000], dtype: .float64, using: &rng) }
      #expect(throws: limit) { try NDArray.arange(0, 1000, dtype: .float64) }
      #expect(throws: limit) { try NDArray.ones1000(dtype: .float64) }
      // Results of operations are allocations too: [40, 1] @ [1, 10] makes 400 float32s.
      let column = try NDArray.zeros([40, 1])
      let row = try NDArray.zeros([1, 10])
      #expect(throws: TensorError.allocationLimit(requestedBytes: 1600, limitBytes: 1024)) {
        try column.matmul(row)
      }
      // Small arrays still work beside the 200 bytes of `column` and `row`.
      #expect(try NDArray.zeros([200]).count == 200)
    }
    #expect(MemoryLimit.maxBytes > 1024, "the limit is restored after withMaxBytes")
    #expect(try NDArray.zeros([1000]).count == 1000)
  }

  @Test func allocationLimitOnOverflowingByteCount() {
    // 2^61 float64 elements: the count fits in an Int, the byte count does not.
    #expect(
      throws: TensorError.allocationLimit(
        requestedBytes: Int.max, limitBytes: MemoryLimit.maxBytes)
    ) {
      try NDArray.zeros(Shape([1 << 61]), dtype: .float64)
    }
  }
}

extension NDArray {
  fileprivate static func ones1000(dtype: DType) throws(TensorError) -> NDArray {
    try NDArray([Double](repeating: 1, count: 1000), shape: [1000], dtype: dtype)
  }
}
