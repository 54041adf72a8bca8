#if canImport(Glibc)
  import Glibc
#endif

/// A seeded random number generator that gives the same numbers on every machine:
/// xoshiro256** (Blackman & Vigna), its state filled from the seed by SplitMix64.
/// Normal draws use the Box–Muller transform in double precision.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
  private var state: (UInt64, UInt64, UInt64, UInt64)
  private var spareNormal: Double?

  public init(seed: UInt64) {
    var mix = seed
    func splitMix() -> UInt64 {
      mix &+= 0x9E37_79B9_7F4A_7C15
      var z = mix
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (splitMix(), splitMix(), splitMix(), splitMix())
  }

  public mutating func next() -> UInt64 {
    let result = rotate(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotate(state.3, 45)
    return result
  }

  private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// Uniform in [0, 1) with 53 random bits.
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Standard normal.
  public mutating func normal() -> Double {
    if let spare = spareNormal {
      spareNormal = nil
      return spare
    }
    var u1 = uniform()
    while u1 <= Double.leastNormalMagnitude { u1 = uniform() }
    let u2 = uniform()
    let radius = (-2 * Glibc.log(u1)).squareRoot()
    spareNormal = radius * Glibc.sin(2 * Double.pi * u2)
    return radius * Glibc.cos(2 * Double.pi * u2)
  }

  /// Uniform integer in `range` (unbiased).
  public mutating func integer(in range: Range<Int>) -> Int {
    Int.random(in: range, using: &self)
  }

  /// A random ordering of `0..<n` (Fisher–Yates).
  public mutating func permutation(_ n: Int) -> [Int] {
    var result = Array(0..<n)
    if n < 2 { return result }
    for i in stride(from: n - 1, to: 0, by: -1) {
      let j = integer(in: 0..<(i + 1))
      result.swapAt(i, j)
    }
    return result
  }
}

extension NDArray {
  /// Standard normal samples.
  public static func randn(
    _ shape: Shape, dtype: DType = .float32, using rng: inout RandomGenerator
  )
    throws(TensorError) -> NDArray
  {
    let n = try shape.checkedCount()
    let temporary = try MemoryCharge(count: n, elementSize: MemoryLayout<Double>.stride)
    defer { withExtendedLifetime(temporary) {} }
    var values = [Double]()
    values.reserveCapacity(n)
    for _ in 0..<n { values.append(rng.normal()) }
    return try NDArray(values, shape: shape, dtype: dtype)
  }

  /// Uniform samples in [low, high).
  public static func rand(
    _ shape: Shape, low: Double = 0, high: Double = 1, dtype: DType = .float32,
    using rng: inout RandomGenerator
  ) throws(TensorError) -> NDArray {
    let n = try shape.checkedCount()
    let temporary = try MemoryCharge(count: n, elementSize: MemoryLayout<Double>.stride)
    defer { withExtendedLifetime(temporary) {} }
    var values = [Double]()
    values.reserveCapacity(n)
    for _ in 0..<n { values.append(low + (high - low) * rng.uniform()) }
    return try NDArray(values, shape: shape, dtype: dtype)
  }

  /// Uniform integers in `range`, stored as numbers.
  public static func randint(
    _ shape: Shape, _ range: Range<Int>, dtype: DType = .float32, using rng: inout RandomGenerator
  ) throws(TensorError) -> NDArray {
    guard !range.isEmpty else {
      throw .invalidArgument(op: "randint", message: "the range \(range) is empty")
    }
    let n = try shape.checkedCount()
    let temporary = try MemoryCharge(count: n, elementSize: MemoryLayout<Double>.stride)
    defer { withExtendedLifetime(temporary) {} }
    var values = [Double]()
    values.reserveCapacity(n)
    for _ in 0..<n { values.append(Double(rng.integer(in: range))) }
    return try NDArray(values, shape: shape, dtype: dtype)
  }

  /// PyTorch's default initialisation for a layer with `fanIn` inputs: uniform in ±1/√fanIn.
  public static func kaimingUniform(
    _ shape: Shape, fanIn: Int, dtype: DType = .float32, using rng: inout RandomGenerator
  ) throws(TensorError) -> NDArray {
    let bound = 1 / Double(Swift.max(fanIn, 1)).squareRoot()
    return try rand(shape, low: -bound, high: bound, dtype: dtype, using: &rng)
  }
}
