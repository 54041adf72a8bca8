import GradusTensor
import Testing

@Suite struct ViewTests {
  @Test func transposeIsAViewOfTheSameStorage() throws {
    let x = try counting([2, 3])
    let t = try x.transposed()
    #expect(t.storage === x.storage)
    #expect(t.shape == [3, 2])
    #expect(t.strides == [1, 3])
    #expect(!t.isContiguous)
    expectValues(t, [0, 3, 1, 4, 2, 5])
    #expect(try t.transposed().isContiguous)
  }

  @Test func permuteIsAView() throws {
    let x = try counting([2, 3, 4])
    let p = try x.permuted([2, 0, 1])
    #expect(p.storage === x.storage)
    #expect(p.shape == [4, 2, 3])
    #expect(p.element(at: [3, 1, 2]) == x.element(at: [1, 2, 3]))
    #expect(try x.transposed(0, 2).shape == [4, 3, 2])
    #expect(try counting([5]).transposed().shape == [5], "transposing a vector is a no-op")
  }

  @Test func reshapeOfContiguousDataIsAView() throws {
    let x = try counting([2, 6])
    let r = try x.reshaped([3, -1])
    #expect(r.storage === x.storage)
    #expect(r.shape == [3, 4])
    expectValues(r, (0..<12).map(Double.init))
    // A contiguous slice (rows 1...) reshapes as a view with an offset.
    let rows = try x.sliced([.range(start: 1, stop: nil, step: nil)])
    let flat = try rows.reshaped([-1])
    #expect(flat.storage === x.storage)
    expectValues(flat, [6, 7, 8, 9, 10, 11])
    #expect(throws: TensorError.reshape(from: [2, 6], to: [])) { try x.reshaped([]) }
    #expect(try array([5], [1, 1]).reshaped([]).scalarValue == 5)
  }

  @Test func reshapeOfATransposeCopies() throws {
    let x = try counting([2, 3])
    let r = try x.transposed().reshaped([6])
    #expect(r.storage !== x.storage)
    expectValues(r, [0, 3, 1, 4, 2, 5])
  }

  @Test func sliceIsAViewAndWritesReachTheBase() throws {
    let x = try counting([4, 5])
    let s = try x.sliced([
      .range(start: 1, stop: 3, step: nil), .range(start: nil, stop: nil, step: 2),
    ])
    #expect(s.storage === x.storage)
    #expect(s.shape == [2, 3])
    expectValues(s, [5, 7, 9, 10, 12, 14])
    try array([-1, -2, -3, -4, -5, -6], [2, 3]).assign(into: s)
    expectValues(try x.sliced([.index(1)]), [-1, 6, -2, 8, -3])
    expectValues(try x.sliced([.index(2)]), [-4, 11, -5, 13, -6])
  }

  @Test func contiguousCopiesOnlyWhenNeeded() throws {
    let x = try counting([3, 4])
    #expect(try x.contiguous().storage === x.storage)
    let t = try x.transposed()
    let c = try t.contiguous()
    #expect(c.storage !== x.storage)
    #expect(c.isContiguous)
    #expect(c.values == t.values)
    let copy = try x.copy()
    #expect(copy.storage !== x.storage)
    #expect(copy.values == x.values)
  }

  @Test func negativeIndicesCountFromTheEnd() throws {
    let x = try counting([3, 4])
    expectValues(try x.sliced([.index(-1)]), [8, 9, 10, 11], shape: [4])
    #expect(try x.sliced([.index(-3), .index(-1)]).scalarValue == 3)
    #expect(try x.sliced([.index(1), .index(-4)]).isScalar)
  }

  /// Python's `range(10)[start:stop:step]` for each item, written out by hand.
  @Test(arguments: [
    (SliceItem.range(start: 2, stop: 5, step: nil), [2, 3, 4]),
    (.range(start: nil, stop: nil, step: 3), [0, 3, 6, 9]),
    (.range(start: -3, stop: nil, step: nil), [7, 8, 9]),
    (.range(start: nil, stop: -7, step: nil), [0, 1, 2]),
    (.range(start: -100, stop: 100, step: nil), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
    (.range(start: 8, stop: 3, step: nil), []),
    (.range(start: 12, stop: nil, step: nil), []),
    (.range(start: nil, stop: nil, step: -1), [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]),
    (.range(start: nil, stop: nil, step: -4), [9, 5, 1]),
    (.range(start: 7, stop: 2, step: -2), [7, 5, 3]),
    (.range(start: -2, stop: -8, step: -3), [8, 5]),
    (.range(start: 100, stop: -100, step: -5), [9, 4]),
    (.range(start: 3, stop: 7, step: -1), []),
    (.range(start: -100, stop: nil, step: -1), []),
    (.range(start: 2, stop: -1, step: -1), []),
    (.range(start: 2, stop: -11, step: -1), [2, 1, 0]),
  ])
  func pythonSliceSemantics(_ item: SliceItem, _ expected: [Int]) throws {
    let s = try counting([10]).sliced([item])
    expectValues(s, expected.map(Double.init), shape: try Shape([expected.count]))
  }

  @Test func stepsCompose() throws {
    let x = try counting([10])
    let once = try x.sliced([.range(start: nil, stop: nil, step: -2)])
    let twice = try once.sliced([.range(start: 1, stop: nil, step: 2)])
    #expect(twice.storage === x.storage)
    expectValues(twice, [7, 3])
  }

  @Test func unsqueezeAndConcatAndStack() throws {
    let a = try counting([2, 2])
    #expect(try a.unsqueezed(0).shape == [1, 2, 2])
    #expect(try a.unsqueezed(-1).shape == [2, 2, 1])
    #expect(try a.unsqueezed(1).storage === a.storage)
    let b = try array([9, 9], [2, 1])
    expectValues(try NDArray.concat([a, b], axis: -1), [0, 1, 9, 2, 3, 9], shape: [2, 3])
    expectValues(try NDArray.stack([a, a], axis: 1), [0, 1, 0, 1, 2, 3, 2, 3], shape: [2, 2, 2])
    expectValues(try NDArray.stack([a, a], axis: -1), [0, 0, 1, 1, 2, 2, 3, 3], shape: [2, 2, 2])
    // Parts of different dtypes give float64; views are read through their strides.
    let f = try NDArray([1, 2], shape: [1, 2], dtype: .float32)
    let joined = try NDArray.concat([a.transposed(), f], axis: 0)
    #expect(joined.dtype == .float64)
    expectValues(joined, [0, 2, 1, 3, 1, 2], shape: [3, 2])
  }

  @Test func gatherAndIndexSelect() throws {
    let x = try counting([3, 4])
    let picked = try x.gather(axis: 1, index: array([3, 0, -1, 1, 2, 2], [3, 2]))
    expectValues(picked, [3, 0, 7, 5, 10, 10], shape: [3, 2])
    let rows = try x.indexSelect(array([2, 0, -1, 2], [2, 2]))
    expectValues(rows, [8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11, 8, 9, 10, 11], shape: [2, 2, 4])
    expectValues(
      try NDArray.oneHotRows([1, 0], classes: 3), [0, 1, 0, 1, 0, 0], shape: [2, 3])
  }

  @Test func dtypeConversionRoundsToFloat() throws {
    let x = try array([0.1, 1e-50, 3], [3])
    let f = try x.converted(to: .float32)
    #expect(f.dtype == .float32)
    #expect(f.values == [Double(Float(0.1)), 0, 3])
    #expect(try x.converted(to: .float64).storage === x.storage)
  }
}

extension NDArray {
  fileprivate static func oneHotRows(_ classes: [Double], classes count: Int) throws -> NDArray {
    try NDArray.eye(count, dtype: .float64).indexSelect(array(classes, Shape([classes.count])))
  }
}
