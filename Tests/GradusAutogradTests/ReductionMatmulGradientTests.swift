import GradusAutograd
import GradusTensor
import Testing

private let axisChoices: [[Int]?] = [nil, [0], [1], [-1], [0, 2], [2, 0, 1], []]

private let products: [GradCase] = [
  GradCase("matrix @ matrix", [[3, 4], [4, 2]]) { try $0[0].matmul($0[1]) },
  GradCase("vector @ matrix", [[4], [4, 3]]) { try $0[0].matmul($0[1]) },
  GradCase("matrix @ vector", [[3, 4], [4]]) { try $0[0].matmul($0[1]) },
  GradCase("vector @ vector", [[5], [5]]) { try $0[0].matmul($0[1]) },
  GradCase("batch @ batch", [[2, 3, 4], [2, 4, 5]]) { try $0[0].matmul($0[1]) },
  GradCase("batch @ matrix", [[2, 3, 4], [4, 5]]) { try $0[0].matmul($0[1]) },
  // Both take the one-product path for a batch of rows times a matrix (contiguous or not).
  GradCase("4-d batch @ matrix", [[2, 2, 3, 4], [4, 5]]) { try $0[0].matmul($0[1]) },
  GradCase("strided batch @ matrix", [[3, 2, 4], [4, 5]]) { x in
    try x[0].transposed(0, 1).matmul(x[1])
  },
  GradCase("matrix @ batch", [[3, 4], [2, 4, 2]]) { try $0[0].matmul($0[1]) },
  GradCase("broadcast batch axes", [[2, 1, 3, 4], [3, 4, 2]]) { try $0[0].matmul($0[1]) },
  GradCase("size-1 batch on both sides", [[1, 2, 3], [2, 1, 3, 2]]) { try $0[0].matmul($0[1]) },
  GradCase("batch @ vector", [[2, 3, 4], [4]]) { try $0[0].matmul($0[1]) },
  GradCase("vector @ batch", [[4], [2, 4, 3]]) { try $0[0].matmul($0[1]) },
  GradCase("transposed operands", [[4, 3], [2, 4]]) { x in
    try x[0].transposed().matmul(x[1].transposed())
  },
  GradCase("self product", [[3, 3]]) { x in try x[0].matmul(x[0]) },
  GradCase("two layers", [[5, 3], [3, 4], [4], [4, 2]]) { x in
    try (x[0].matmul(x[1]) + x[2]).tanh().matmul(x[3])
  },
]

@Suite struct ReductionMatmulGradientTests {
  @Test(arguments: [Reduction.sum, .mean], axisChoices)
  func sumAndMean(_ kind: Reduction, _ axes: [Int]?) throws {
    for keep in [false, true] {
      try expectGradientsMatch(
        GradCase("\(kind) \(String(describing: axes)) keep \(keep)", [[2, 3, 4]]) { x in
          try x[0].reduce(kind, axes: axes, keep: keep)
        })
    }
  }

  /// Max and min route the gradient to the extreme element (inputs without ties).
  @Test(arguments: [Reduction.max, .min], axisChoices)
  func maxAndMin(_ kind: Reduction, _ axes: [Int]?) throws {
    for keep in [false, true] {
      try expectGradientsMatch(
        GradCase("\(kind) \(String(describing: axes)) keep \(keep)", [[2, 3, 4]], .distinct) { x in
          try x[0].reduce(kind, axes: axes, keep: keep)
        })
    }
  }

  @Test func reductionsOfVectorsAndScalars() throws {
    for kind in [Reduction.sum, .mean, .max, .min] {
      try expectGradientsMatch(GradCase("\(kind) [5]", [[5]], .distinct) { try $0[0].reduce(kind) })
      try expectGradientsMatch(GradCase("\(kind) []", [[]], .distinct) { try $0[0].reduce(kind) })
    }
  }

  /// Ties share the gradient equally, as PyTorch's amax/amin.
  @Test func maxSplitsTiesEvenly() throws {
    let x = try parameter([3, 1, 3, 2, 2, 2], [2, 3])
    try x.reduce(.max, axes: [1]).sum().backward()
    #expect(x.grad?.values == [0.5, 0, 0.5, 1.0 / 3, 1.0 / 3, 1.0 / 3])
  }

  @Test(arguments: products)
  func matmul(_ c: GradCase) throws { try expectGradientsMatch(c) }
}
