import GradusAutograd
import GradusTensor
import Testing

private func range(_ start: Int?, _ stop: Int?, _ step: Int? = nil) -> SliceItem {
  .range(start: start, stop: stop, step: step)
}

private let layouts: [GradCase] = [
  GradCase("permute", [[2, 3, 4]]) { try $0[0].permuted([2, 0, 1]) },
  GradCase("transpose matrix", [[2, 3]]) { try $0[0].transposed() },
  GradCase("transpose axes 0 and 2", [[2, 3, 4]]) { try $0[0].transposed(0, 2) },
  GradCase("reshape", [[2, 6]]) { try $0[0].reshaped([3, 2, 2]) },
  GradCase("reshape inferred", [[2, 3, 4]]) { try $0[0].reshaped([-1, 4]) },
  GradCase("reshape of a transpose", [[3, 4]]) { try $0[0].transposed().reshaped([2, 6]) },
  GradCase("reshape to scalar", [[1, 1]]) { try $0[0].reshaped([]) },
  GradCase("slice index", [[3, 4]]) { try $0[0].sliced([.index(1)]) },
  GradCase("slice negative index", [[3, 4]]) { try $0[0].sliced([.all, .index(-1)]) },
  GradCase("slice to scalar", [[3, 4]]) { try $0[0].sliced([.index(2), .index(-3)]) },
  GradCase("slice ranges", [[4, 5]]) { try $0[0].sliced([range(1, 3), range(nil, -1)]) },
  GradCase("slice steps", [[5, 6]]) { try $0[0].sliced([range(nil, nil, 2), range(1, nil, 3)]) },
  GradCase("slice negative steps", [[4, 5]]) {
    try $0[0].sliced([range(nil, nil, -1), range(-1, 0, -2)])
  },
  GradCase("slice clamped", [[3, 4]]) { try $0[0].sliced([range(-10, 10), range(2, 100)]) },
  GradCase("overlapping slices", [[6]]) { x in
    try x[0].sliced([range(0, 4)]) * x[0].sliced([range(2, 6)])
  },
  GradCase("concat axis 0", [[1, 3], [2, 3], [3, 3]]) { try Tensor.concat($0, axis: 0) },
  GradCase("concat axis 1", [[2, 1], [2, 3]]) { try Tensor.concat($0, axis: 1) },
  GradCase("concat axis -1 of 3-d", [[2, 2, 1], [2, 2, 3]]) { try Tensor.concat($0, axis: -1) },
  GradCase("concat with itself", [[2, 2]]) { x in try Tensor.concat([x[0], x[0]], axis: 0) },
  GradCase("stack axis 0", [[2, 3], [2, 3]]) { try Tensor.stack($0, axis: 0) },
  GradCase("stack axis 1", [[2, 3], [2, 3], [2, 3]]) { try Tensor.stack($0, axis: 1) },
  GradCase("stack axis -1", [[4], [4]]) { try Tensor.stack($0, axis: -1) },
  GradCase("gather axis 1 with repeats", [[3, 4]]) { x in
    try x[0].gather(axis: 1, index: try array([0, 3, 3, 1, 1, 0, 2, -1, 0], [3, 3]))
  },
  GradCase("gather axis 0, smaller index", [[3, 4]]) { x in
    try x[0].gather(axis: 0, index: try array([2, 0, 1, 2, 2, 0], [2, 3]))
  },
  GradCase("gather 3-d", [[2, 3, 2]]) { x in
    try x[0].gather(axis: 1, index: try array([2, 0, 1, 1, 0, 0, 2, 2], [2, 2, 2]))
  },
  GradCase("embedding", [[5, 3]]) { x in
    try x[0].indexSelect(try array([1, 4, 1, 0, 0, 2], [2, 3]))
  },
  GradCase("embedding of a vector table", [[4]]) { x in
    try x[0].indexSelect(try array([3, -1, 0], [3]))
  },
]

private let windows: [GradCase] = [
  GradCase("conv2d 1 channel", [[1, 1, 4, 4], [1, 1, 2, 2]]) { try $0[0].conv2d($0[1]) },
  GradCase("conv2d batch, channels", [[2, 3, 5, 5], [4, 3, 3, 3]]) { try $0[0].conv2d($0[1]) },
  GradCase("conv2d stride 2 padding 1", [[2, 2, 6, 5], [3, 2, 3, 2]]) {
    try $0[0].conv2d($0[1], stride: 2, padding: 1)
  },
  GradCase("conv2d stride 3 padding 2", [[1, 2, 5, 5], [2, 2, 3, 3]]) {
    try $0[0].conv2d($0[1], stride: 3, padding: 2)
  },
  GradCase("conv2d kernel larger than unpadded input", [[1, 1, 2, 2], [2, 1, 3, 3]]) {
    try $0[0].conv2d($0[1], padding: 1)
  },
  GradCase("max_pool2d 2×2", [[1, 2, 4, 4]], .distinct) { try $0[0].maxPool2d(kernel: 2) },
  GradCase("max_pool2d overlapping, padded", [[2, 1, 5, 5]], .distinct) {
    try $0[0].maxPool2d(kernel: 3, stride: 2, padding: 1)
  },
  GradCase("max_pool2d stride 1", [[1, 1, 5, 4]], .distinct) {
    try $0[0].maxPool2d(kernel: 2, stride: 1)
  },
  GradCase("max_pool2d with leftover rows", [[1, 1, 5, 5]], .distinct) {
    try $0[0].maxPool2d(kernel: 2)
  },
]

@Suite struct LayoutGradientTests {
  @Test(arguments: layouts)
  func layout(_ c: GradCase) throws { try expectGradientsMatch(c) }

  @Test(arguments: windows)
  func window(_ c: GradCase) throws { try expectGradientsMatch(c) }
}
