import Testing

@testable import GradusTensor

/// The checked arithmetic every size, stride, count and window computation goes through.
@Suite("SizeArithmetic and shape bounds")
struct SizeArithmeticTests {
  static let overflow = TensorError.overflow(op: "op", what: "it")

  @Test func sumsAndProductsThatFit() throws {
    #expect(try SizeArithmetic.add(Int.max - 1, 1, op: "op", what: "it") == Int.max)
    #expect(try SizeArithmetic.subtract(Int.min + 1, 1, op: "op", what: "it") == Int.min)
    #expect(try SizeArithmetic.multiply(1 << 31, 1 << 31, op: "op", what: "it") == 1 << 62)
    #expect(try SizeArithmetic.product([2, 3, 0, Int.max], op: "op", what: "it") == 0)
    #expect(try SizeArithmetic.product([], op: "op", what: "it") == 1)
    #expect(try SizeArithmetic.sum([1, 2, 3], op: "op", what: "it") == 6)
  }

  @Test func overflowIsAnError() {
    #expect(throws: Self.overflow) { try SizeArithmetic.add(Int.max, 1, op: "op", what: "it") }
    #expect(throws: Self.overflow) {
      try SizeArithmetic.subtract(Int.min, 1, op: "op", what: "it")
    }
    #expect(throws: Self.overflow) {
      try SizeArithmetic.multiply(1 << 32, 1 << 31, op: "op", what: "it")
    }
    #expect(throws: Self.overflow) {
      try SizeArithmetic.product([Int.max, 2, 0], op: "op", what: "it")
    }
    #expect(throws: Self.overflow) {
      try SizeArithmetic.sum([Int.max, 1, -5], op: "op", what: "it")
    }
    #expect(Self.overflow.description == "op: it is too large to compute")
  }

  @Test(arguments: [
    (3.7, 3), (-3.7, -3), (0, 0), (-9.223_372_036_854_775_808e18, Int.min),
    (9.223_372_036_854_774_784e18, 9_223_372_036_854_774_784),
  ])
  func doublesThatAreWholeNumbers(value: Double, expected: Int) throws {
    #expect(try SizeArithmetic.integer(value, op: "op", what: "n") == expected)
  }

  @Test(arguments: [1e19, -1e19, 9.223_372_036_854_775_808e18, .nan, .infinity, -.infinity])
  func doublesBeyondInt(value: Double) {
    #expect(throws: TensorError.self) { try SizeArithmetic.integer(value, op: "op", what: "n") }
  }

  @Test func stepCounts() throws {
    #expect(try SizeArithmetic.stepCount(from: 0, to: -1e19, step: 1, op: "arange") == 0)
    #expect(try SizeArithmetic.stepCount(from: 0, to: 10, step: 3, op: "arange") == 4)
    #expect(try SizeArithmetic.stepCount(from: 10, to: 0, step: -2.5, op: "arange") == 4)
    #expect(throws: TensorError.sizeOverflow(shape: [Int.max])) {
      try SizeArithmetic.stepCount(from: 0, to: 1e19, step: 1, op: "arange")
    }
    for (start, end, step) in [(0.0, 1.0, 0.0), (0, .nan, 1), (0, 1, .infinity)] {
      #expect(throws: TensorError.self) {
        try SizeArithmetic.stepCount(from: start, to: end, step: step, op: "arange")
      }
    }
  }

  /// A shape's sizes, counting 0 as 1, may span at most limit / 4 elements: a tensor with no
  /// elements cannot carry a size like 2⁶³ − 1 into stride and slicing arithmetic.
  @Test func shapesAreBoundedEvenWithoutElements() throws {
    try MemoryLimit.withMaxBytes(1 << 20) { () throws(TensorError) in
      #expect(throws: TensorError.extentLimit(shape: [Int.max, 0], limitElements: 1 << 18)) {
        try Shape([Int.max, 0])
      }
      #expect(throws: TensorError.extentLimit(shape: [2, 0, Int.max], limitElements: 1 << 18)) {
        try Shape([2, 0, Int.max])
      }
      #expect(throws: TensorError.allocationLimit(requestedBytes: 1 << 22, limitBytes: 1 << 20)) {
        try Shape([1024, 1024])
      }
      #expect(throws: TensorError.sizeOverflow(shape: [1 << 32, 1 << 32])) {
        try Shape([1 << 32, 1 << 32])
      }
      #expect(try Shape([1 << 18, 0]).count == 0)
      #expect(try Shape([512, 512]).count == 1 << 18)
    }
  }

  @Test func windowsWithHugePaddingAreErrors() {
    let window = Window2D(kernelHeight: 2, kernelWidth: 2, stride: 1, padding: Int.max)
    #expect(throws: TensorError.overflow(op: "conv2d", what: "the padding")) {
      try window.outputSize(height: 3, width: 3, op: "conv2d")
    }
    let wide = Window2D(kernelHeight: 2, kernelWidth: 2, stride: 1, padding: 1 << 61)
    #expect(throws: TensorError.self) { try wide.outputSize(height: 3, width: 3, op: "conv2d") }
  }

  @Test func checkedArraysAndStrings() {
    MemoryLimit.withMaxBytes(1000) {
      #expect(throws: Never.self) { try MemoryLimit.check(count: 125, elementSize: 8) }
      #expect(throws: TensorError.allocationLimit(requestedBytes: 1008, limitBytes: 1000)) {
        try MemoryLimit.check(count: 126, elementSize: 8)
      }
      #expect(throws: TensorError.allocationLimit(requestedBytes: Int.max, limitBytes: 1000)) {
        try MemoryLimit.check(count: Int.max, elementSize: 16)
      }
    }
  }
}
