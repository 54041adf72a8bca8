import GradusAutograd
import GradusTensor
import Testing

private func t(_ sizes: [Int]) throws -> Tensor {
  Tensor(try NDArray.zeros(Shape(sizes), dtype: .float64), requiresGrad: true)
}

/// Shape errors raised by tensor operations (rather than by NDArray kernels) and by the
/// composites, which check their own arguments.
@Suite struct AutogradErrorTests {
  @Test func broadcastAndMatmulErrorsPassThrough() throws {
    #expect(throws: TensorError.broadcast(lhs: [2, 3], rhs: [4], axis: 0)) {
      try t([2, 3]) + t([4])
    }
    #expect(throws: TensorError.matmul(lhs: [2, 3], rhs: [4, 5])) {
      try t([2, 3]).matmul(t([4, 5]))
    }
    #expect(throws: TensorError.matmulBatch(lhs: [2, 3, 4], rhs: [3, 4, 5])) {
      try t([2, 3, 4]).matmul(t([3, 4, 5]))
    }
  }

  @Test func conv2dErrorsNameBothShapes() throws {
    #expect(
      throws: TensorError.rank(op: "conv2d", expected: "a kernel [O, C, kh, kw]", got: [3, 3])
    ) { try t([1, 1, 4, 4]).conv2d(t([3, 3])) }
    #expect(
      throws: TensorError.rank(op: "conv2d", expected: "input [N, C, H, W]", got: [1, 4, 4])
    ) { try t([1, 4, 4]).conv2d(t([2, 1, 3, 3])) }
    let channels = #expect(throws: TensorError.self) {
      try t([1, 3, 5, 5]).conv2d(t([4, 2, 3, 3]))
    }
    #expect(
      channels?.description
        == "conv2d: the input [1, 3, 5, 5] has 3 channels (axis 1) but the kernel [4, 2, 3, 3] expects 2"
    )
    #expect(
      throws: TensorError.invalidArgument(
        op: "conv2d", message: "the 5×5 kernel is larger than the padded 4×4 input")
    ) { try t([1, 1, 4, 4]).conv2d(t([1, 1, 5, 5])) }
    #expect(
      throws: TensorError.invalidArgument(
        op: "max_pool2d", message: "the 3×3 kernel is larger than the padded 2×2 input")
    ) { try t([1, 1, 2, 2]).maxPool2d(kernel: 3) }
  }

  @Test func stackAndConcatErrors() throws {
    #expect(throws: TensorError.mismatch(op: "stack", lhs: [2, 3], rhs: [3, 2], axis: nil)) {
      try Tensor.stack([t([2, 3]), t([3, 2])], axis: 0)
    }
    #expect(throws: TensorError.axis(op: "stack", axis: 3, rank: 3)) {
      try Tensor.stack([t([2, 3]), t([2, 3])], axis: 3)
    }
    #expect(throws: TensorError.invalidArgument(op: "stack", message: "needs at least one tensor"))
    {
      try Tensor.stack([], axis: 0)
    }
    #expect(throws: TensorError.mismatch(op: "concat", lhs: [2, 3], rhs: [2, 4], axis: 0)) {
      try Tensor.concat([t([2, 3]), t([2, 4])], axis: 0)
    }
    #expect(throws: TensorError.invalidArgument(op: "concat", message: "needs at least one tensor"))
    {
      try Tensor.concat([], axis: 0)
    }
  }

  @Test func crossEntropyErrorsSayWhatTheLogitsNeed() throws {
    let mismatch = #expect(throws: TensorError.self) {
      try t([4, 5]).crossEntropy(classes: NDArray.zeros([3]))
    }
    #expect(
      mismatch
        == .rank(op: "cross_entropy", expected: "class indices [4] for logits [4, 5]", got: [3]))
    #expect(
      mismatch?.description
        == "cross_entropy expects class indices [4] for logits [4, 5], got shape [3]")
    #expect(
      throws: TensorError.rank(
        op: "cross_entropy", expected: "one class index for logits [5]", got: [2])
    ) { try t([5]).crossEntropy(classes: NDArray.zeros([2])) }
    #expect(
      throws: TensorError.rank(op: "cross_entropy", expected: "logits [N, C]", got: [2, 3, 4])
    ) {
      try t([2, 3, 4]).crossEntropy(classes: NDArray.zeros([2]))
    }
    #expect(
      throws: TensorError.invalidArgument(
        op: "cross_entropy", message: "class index 5 is not one of 0…4 (5 classes)")
    ) {
      try t([2, 5]).crossEntropy(classes: NDArray([0, 5], shape: [2]))
    }
  }

  @Test func indexErrors() throws {
    #expect(throws: TensorError.index(op: "index_select", index: 7, size: 5, axis: 0)) {
      try t([5, 3]).indexSelect(NDArray([7], shape: [1]))
    }
    #expect(throws: TensorError.index(op: "index", index: 2, size: 2, axis: 1)) {
      try t([3, 2]).sliced([.all, .index(2)])
    }
    #expect(throws: TensorError.axis(op: "softmax", axis: 2, rank: 2)) {
      try t([3, 2]).softmax(axis: 2)
    }
  }
}
