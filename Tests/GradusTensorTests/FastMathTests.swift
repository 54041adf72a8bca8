import Foundation
import GradusTensor
import Testing

/// `FastMath.exp`/`tanh` replace glibc's `expf`/`tanhf` in every float32 kernel, so they are
/// checked over the whole float range, not just where networks usually live.
@Suite struct FastMathTests {
  /// Distance in units in the last place: how many floats lie between a and b (NaN = NaN).
  static func ulps(_ a: Float, _ b: Float) -> Int {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN ? 0 : Int.max }
    if a == b { return 0 }  // also +0 == −0
    // Map the bit patterns to a line on which neighbouring floats are neighbouring integers.
    func line(_ x: Float) -> Int {
      let bits = Int(x.bitPattern & 0x7fff_ffff)
      return x.sign == .minus ? -bits : bits
    }
    return Swift.abs(line(a) - line(b))
  }

  /// Every 509th float bit pattern (about 8.4 million values: all exponents, both signs,
  /// denormals, infinities and NaNs) plus edge cases around the overflow and underflow limits.
  static var samples: [Float] {
    var values = [Float]()
    var bits: UInt64 = 0
    while bits <= UInt64(UInt32.max) {
      values.append(Float(bitPattern: UInt32(bits)))
      bits += 509
    }
    values += [
      0, -0, .infinity, -.infinity, .nan, -.nan, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
      .leastNormalMagnitude, -.leastNormalMagnitude, .greatestFiniteMagnitude,
      -.greatestFiniteMagnitude, 88.72283, 88.72284, 88.7229, -87.33654, -87.3366, -103.27893,
      -103.97208, -103.9721, -104, -150, 1e-8, -1e-8, 9, 9.1, -9.1, 10, 0.5, -0.5, 1, -1,
    ]
    return values
  }

  /// The largest distance from glibc's double function rounded to float (the correctly rounded
  /// value but for rare double roundings), and where it is.
  static func worst(_ f: (Float) -> Float, _ reference: (Double) -> Double) -> (Int, Float) {
    var worst = (0, Float(0))
    for x in samples {
      let distance = ulps(f(x), Float(reference(Double(x))))
      if distance > worst.0 { worst = (distance, x) }
    }
    return worst
  }

  @Test func expIsWithinOneUlpOfTheCorrectlyRoundedValue() {
    let (distance, at) = Self.worst(FastMath.exp) { Foundation.exp($0) }
    #expect(distance <= 1, "worst \(distance) ulp at \(at)")
  }

  @Test func tanhIsWithinOneUlpOfTheCorrectlyRoundedValue() {
    let (distance, at) = Self.worst(FastMath.tanh) { Foundation.tanh($0) }
    #expect(distance <= 1, "worst \(distance) ulp at \(at)")
  }

  /// glibc documents `tanhf` as up to 2 ulp off on x86-64, so against it the bound is 2.
  @Test func agreesWithGlibcFloatFunctions() {
    var worstExp = 0
    var worstTanh = 0
    for x in Self.samples {
      worstExp = Swift.max(worstExp, Self.ulps(FastMath.exp(x), expf(x)))
      worstTanh = Swift.max(worstTanh, Self.ulps(FastMath.tanh(x), tanhf(x)))
    }
    #expect(worstExp <= 1)
    #expect(worstTanh <= 2)
  }

  @Test func edgeCases() {
    #expect(FastMath.exp(0) == 1)
    #expect(FastMath.exp(-0.0) == 1)
    #expect(FastMath.exp(.infinity) == .infinity)
    #expect(FastMath.exp(-.infinity) == 0)
    #expect(FastMath.exp(100) == .infinity)
    #expect(FastMath.exp(-200) == 0)
    #expect(FastMath.exp(.nan).isNaN)
    #expect(FastMath.exp(-.nan).isNaN)
    #expect(FastMath.exp(.leastNonzeroMagnitude) == 1)
    // A denormal result: e^−100 ≈ 3.7e-44.
    #expect(FastMath.exp(-100) == Float(Foundation.exp(-100.0)))
    #expect(FastMath.exp(-100).isSubnormal)
    #expect(FastMath.tanh(0).bitPattern == Float(0).bitPattern)
    #expect(FastMath.tanh(-0.0).bitPattern == Float(-0.0).bitPattern)
    #expect(FastMath.tanh(.infinity) == 1)
    #expect(FastMath.tanh(-.infinity) == -1)
    #expect(FastMath.tanh(.nan).isNaN)
    #expect(FastMath.tanh(.leastNonzeroMagnitude) == .leastNonzeroMagnitude)
    #expect(FastMath.tanh(-.leastNonzeroMagnitude) == -.leastNonzeroMagnitude)
    #expect(FastMath.tanh(1e-30) == 1e-30)
  }

  /// The kernels run these inside vectorised loops; the vector code must give the same bits.
  @Test func arrayKernelsMatchTheScalarFunctions() throws {
    let values = Self.samples.enumerated().compactMap { $0.offset % 97 == 0 ? $0.element : nil }
    let input = try NDArray(values.map(Double.init), shape: Shape([values.count]), dtype: .float32)
    let exps = try input.map(.exp).values
    let tanhs = try input.map(.tanh).values
    for (k, x) in values.enumerated() {
      #expect(Self.ulps(Float(exps[k]), FastMath.exp(x)) == 0, "exp(\(x))")
      #expect(Self.ulps(Float(tanhs[k]), FastMath.tanh(x)) == 0, "tanh(\(x))")
    }
  }
}
