import GradusTensor
import Testing

@Suite struct BroadcastTests {
  /// NumPy's rules: align at the right, sizes equal or 1, missing leading axes count as 1.
  @Test(arguments: [
    ([2, 3], [2, 3], [2, 3]),
    ([2, 3], [3], [2, 3]),
    ([2, 3], [], [2, 3]),
    ([], [4], [4]),
    ([2, 1, 3], [4, 1], [2, 4, 3]),
    ([3, 1], [1, 4], [3, 4]),
    ([1], [5, 1, 2], [5, 1, 2]),
    ([0, 3], [1, 3], [0, 3]),
    ([0], [1], [0]),
    ([8, 1, 6, 1], [7, 1, 5], [8, 7, 6, 5]),
  ])
  func shapes(_ a: [Int], _ b: [Int], _ expected: [Int]) throws {
    #expect(try broadcastShape(Shape(a), Shape(b)) == Shape(expected))
    #expect(try broadcastShape(Shape(b), Shape(a)) == Shape(expected))
    let sum = try NDArray.zeros(Shape(a)).zip(NDArray.zeros(Shape(b)), .add)
    #expect(try sum.shape == Shape(expected))
  }

  @Test(arguments: [
    ([2, 3], [4], 0),
    ([2, 3], [3, 3], 1),
    ([2, 3, 4], [3, 5], 0),
    ([2, 3, 4], [5, 1, 4], 2),
    ([0], [2], 0),
  ])
  func mismatchNamesTheAxisFromTheRight(_ a: [Int], _ b: [Int], _ axis: Int) throws {
    #expect(throws: TensorError.broadcast(lhs: a, rhs: b, axis: axis)) {
      try broadcastShape(Shape(a), Shape(b))
    }
  }

  @Test func valuesRepeatAlongSizeOneAxes() throws {
    let column = try array([10, 20], [2, 1])
    let row = try array([1, 2, 3], [3])
    expectValues(try column.zip(row, .add), [11, 12, 13, 21, 22, 23], shape: [2, 3])
    expectValues(try row.zip(column, .sub), [-9, -8, -7, -19, -18, -17], shape: [2, 3])
    expectValues(try column.zip(scalar: 2, .mul), [20, 40], shape: [2, 1])
    expectValues(try NDArray(scalar: 1, dtype: .float64).zip(row, .div), [1, 0.5, 1.0 / 3])
  }

  @Test func broadcastToIsAStrideZeroView() throws {
    let row = try array([1, 2, 3], [3])
    let view = try row.broadcast(to: [4, 3])
    #expect(view.storage === row.storage)
    #expect(view.strides == [0, 1])
    #expect(!view.isContiguous)
    expectValues(view, [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3], shape: [4, 3])
    let column = try array([5, 6], [2, 1]).broadcast(to: [2, 3])
    #expect(column.strides == [1, 0])
    expectValues(column, [5, 5, 5, 6, 6, 6])
  }

  @Test func mixedDtypesPromoteToFloat64() throws {
    let a = try NDArray([0.1], shape: [1], dtype: .float32)
    let b = try NDArray([0.1], shape: [1], dtype: .float64)
    let sum = try a.zip(b, .add)
    #expect(sum.dtype == .float64)
    #expect(sum.values[0] == Double(Float(0.1)) + 0.1)
    #expect(try a.zip(a, .add).dtype == .float32)
  }

  @Test func binaryFunctions() throws {
    let a = try array([-2, 0, 3, 4], [4])
    let b = try array([3, 0, 3, -1], [4])
    expectValues(try a.zip(b, .pow), [-8, 1, 27, 0.25])
    expectValues(try a.zip(b, .maximum), [3, 0, 3, 4])
    expectValues(try a.zip(b, .minimum), [-2, 0, 3, -1])
    expectValues(try a.zip(b, .equal), [0, 1, 1, 0])
    expectValues(try a.zip(b, .notEqual), [1, 0, 0, 1])
    expectValues(try a.zip(b, .less), [1, 0, 0, 0])
    expectValues(try a.zip(b, .lessEqual), [1, 1, 1, 0])
    expectValues(try a.zip(b, .greater), [0, 0, 0, 1])
    expectValues(try a.zip(b, .greaterEqual), [0, 1, 1, 1])
  }

  @Test func selectBroadcastsAllThree() throws {
    let mask = try array([1, 0], [2, 1])
    let yes = try array([1, 2, 3], [3])
    let no = NDArray(scalar: -1, dtype: .float64)
    expectValues(try yes.select(where: mask, else: no), [1, 2, 3, -1, -1, -1], shape: [2, 3])
  }

  @Test func addInPlaceBroadcastsAndScales() throws {
    let x = try array([1, 2, 3, 4], [2, 2])
    try x.addInPlace(try array([10, 20], [2]), scale: 0.5)
    expectValues(x, [6, 12, 8, 14])
    // A strided view is updated through its own positions only.
    let base = try counting([3, 3])
    try base.sliced([.all, .index(1)]).addInPlace(try array([100], [1]))
    expectValues(base, [0, 101, 2, 3, 104, 5, 6, 107, 8])
    #expect(throws: TensorError.broadcast(lhs: [2, 2], rhs: [2], axis: 1)) {
      try array([1, 2], [2]).addInPlace(try counting([2, 2]))
    }
  }

  @Test func broadcastErrorOfAScalarTargetPrints() throws {
    // A [2] update of a scalar used to index the shape at -1 while printing the error.
    let error = #expect(throws: TensorError.self) {
      try NDArray(scalar: 0, dtype: .float64).addInPlace(try counting([2]))
    }
    #expect(error?.description == "shape [2] cannot be broadcast to [], which has fewer dimensions")
  }
}
