#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The element types kernels are written for, once, generically: `Float` and `Double`.
public protocol TensorElement: BinaryFloatingPoint, Sendable {
  static var dtype: DType { get }
  static func exp(_ x: Self) -> Self
  static func log(_ x: Self) -> Self
  static func tanh(_ x: Self) -> Self
  static func pow(_ x: Self, _ y: Self) -> Self
  static func sqrt(_ x: Self) -> Self
  static func erf(_ x: Self) -> Self
  /// log(1 + x), exact for small x where 1 + x would round away its digits.
  static func log1p(_ x: Self) -> Self
  init(_ value: Double)
}

extension Float: TensorElement {
  public static var dtype: DType { .float32 }
  // Branch-free and call-free, so elementwise loops vectorise (see `FastMath`).
  @inline(__always) public static func exp(_ x: Float) -> Float { FastMath.exp(x) }
  @inline(__always) public static func log(_ x: Float) -> Float { logf(x) }
  @inline(__always) public static func tanh(_ x: Float) -> Float { FastMath.tanh(x) }
  @inline(__always) public static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
  @inline(__always) public static func sqrt(_ x: Float) -> Float { x.squareRoot() }
  @inline(__always) public static func erf(_ x: Float) -> Float { erff(x) }
  @inline(__always) public static func log1p(_ x: Float) -> Float { log1pf(x) }
}

extension Double: TensorElement {
  public static var dtype: DType { .float64 }
  @inline(__always) public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
  @inline(__always) public static func log(_ x: Double) -> Double { Glibc.log(x) }
  @inline(__always) public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
  @inline(__always) public static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
  @inline(__always) public static func sqrt(_ x: Double) -> Double { x.squareRoot() }
  @inline(__always) public static func erf(_ x: Double) -> Double { Glibc.erf(x) }
  @inline(__always) public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
}
