import GradusTensor
import Testing

/// float32 arrays that are contiguous run the C kernels (`CGradusKernels`, the CPU's widest
/// vectors); strided views run the Swift loops. Both must give the same bits, and the fused
/// activations must match their definitions computed in float64.
@Suite struct VectorKernelTests {
  /// Values with every sign and scale a network sees, plus zeros, huge values and a tail that
  /// does not fill a vector.
  static func inputs(_ count: Int, seed: UInt64) throws -> NDArray {
    var values = try random([count], seed: seed, dtype: .float32).values.enumerated().map {
      $0.element * [1, 4, 12, 0.01][$0.offset % 4]
    }
    for (k, special) in [0, -0.0, 60, -60].enumerated() where k < count { values[k] = special }
    return try NDArray(values, shape: [count], dtype: .float32)
  }

  /// The same values as a transposed (strided) view: `x.T.T` has the shape of x but is not
  /// contiguous in between, so `[n, 2]` columns give a strided layout.
  static func strided(_ x: NDArray) throws -> NDArray {
    let pairs = try x.reshaped([x.count / 2, 2]).transposed().contiguous()
    return try pairs.transposed()  // [n/2, 2] again, strided
  }

  static func bits(_ x: NDArray) -> [UInt32] { x.values.map { Float($0).bitPattern } }

  @Test(arguments: [UnaryFunction.exp, .tanh])
  func unaryVectorsMatchScalarLoops(function: UnaryFunction) throws {
    let x = try Self.inputs(1002, seed: 1)
    let view = try Self.strided(x)
    #expect(!view.isContiguous)
    let fast = try x.reshaped([501, 2]).map(function)
    let slow = try view.map(function)
    #expect(Self.bits(fast) == Self.bits(slow))
  }

  @Test func geluVectorsMatchScalarLoops() throws {
    let x = try Self.inputs(1002, seed: 2)
    let view = try Self.strided(x)
    let contiguous = try x.reshaped([501, 2])
    #expect(Self.bits(try contiguous.gelu()) == Self.bits(try view.gelu()))
    #expect(Self.bits(try contiguous.geluDerivative()) == Self.bits(try view.geluDerivative()))
  }

  @Test(arguments: [BinaryFunction.add, .sub, .mul, .div, .reluGradient])
  func arithmeticVectorsMatchScalarLoops(function: BinaryFunction) throws {
    let a = try Self.inputs(1002, seed: 3).reshaped([501, 2])
    let b = try Self.inputs(1002, seed: 4).reshaped([501, 2])
    let row = try Self.inputs(2, seed: 5).zip(scalar: 3, .add)
    let scalar = NDArray(scalar: 0.3, dtype: .float32)
    let (sa, sb) = (try Self.strided(a.reshaped([1002])), try Self.strided(b.reshaped([1002])))
    // Full, scalar on either side, a row repeated on either side.
    for (x, y, xs, ys) in [
      (a, b, sa, sb), (a, scalar, sa, scalar), (scalar, b, scalar, sb), (a, row, sa, row),
      (row, b, row, sb),
    ] {
      #expect(Self.bits(try x.zip(y, function)) == Self.bits(try xs.zip(ys, function)))
    }
  }

  /// Softmax and layer norm, forward and backward, against float64 computations of the
  /// definitions: within a few float32 ulps.
  @Test func softmaxAndLayerNormMatchFloat64() throws {
    for n in [1, 7, 8, 64, 65, 300] {
      let x = try Self.inputs(3 * n + (n == 1 ? 1 : 0), seed: UInt64(n)).reshaped([-1])
      let rows = try NDArray(Array(x.values.prefix(3 * n)), shape: [3, n], dtype: .float32)
      let g = try random([3, n], seed: 9, dtype: .float32)
      let wide = try rows.converted(to: .float64)
      let wideG = try g.converted(to: .float64)
      let tolerance = 4e-6
      for (fast, exact) in [
        (try rows.softmax(axis: -1), try wide.softmax(axis: -1)),
        (
          try rows.softmax(axis: -1).softmaxBackward(upstream: g, axis: -1),
          try wide.softmax(axis: -1).softmaxBackward(upstream: wideG, axis: -1)
        ),
        (try rows.layerNorm(epsilon: 1e-5), try wide.layerNorm(epsilon: 1e-5)),
        (
          try rows.layerNormBackward(upstream: g, epsilon: 1e-5),
          try wide.layerNormBackward(upstream: wideG, epsilon: 1e-5)
        ),
      ] {
        let scale = exact.values.map { Swift.abs($0) }.max() ?? 1
        expectValues(fast, exact.values, tolerance: tolerance * Swift.max(scale, 1))
      }
    }
  }

  /// A NaN anywhere in a row makes the whole softmax row NaN, on both paths.
  @Test func softmaxOfARowWithNaN() throws {
    let x = try NDArray([1, .nan, 3, 4, 5, 6, 7, 8, 9, 10], shape: [1, 10], dtype: .float32)
    #expect(try x.softmax(axis: -1).values.allSatisfy(\.isNaN))
    #expect(try x.converted(to: .float64).softmax(axis: -1).values.allSatisfy(\.isNaN))
  }
}
