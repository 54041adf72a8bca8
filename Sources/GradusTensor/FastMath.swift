/// float32 `exp` and `tanh` that a loop over an array can vectorise: no calls, no branches, only
/// arithmetic, comparisons-as-selects and bit operations, which LLVM turns into SSE2 vectors.
/// glibc's `expf`/`tanhf` are calls, so every softmax and GELU element paid one (about 12 % of
/// W5's instructions at T = 256, 20 % of W3's time).
///
/// Both work in double: 2^t = 2^n · 2^f with n = round(t) and |f| ≤ ½, 2^f by a degree-8
/// polynomial (relative error below 2⁻³², so the rounding to float is almost always the correctly
/// rounded result, as glibc's is; the tests bound it at 1 ulp against glibc over the whole float
/// range). Double also keeps 2^n representable where float's would underflow, so results that are
/// float denormals come out right without a special case.
public enum FastMath {
  /// 2^t as (2^n, 2^f − 1). Keeping 2^f − 1 apart lets `tanh` form e^y − 1 without cancellation.
  /// |t| must be below 2^51 (callers clamp); NaN gives NaN in `q`.
  @inline(__always)
  static func exp2Parts(_ t: Double) -> (scale: Double, q: Double) {
    // Adding 1.5·2^52 rounds t to an integer n and leaves n in the low bits of the sum.
    let shifted = t + 0x1.8p52
    let f = t - (shifted - 0x1.8p52)
    // (ln 2)^k / k!, the Taylor coefficients of 2^f = e^(f·ln 2), written as literals (not static
    // lets) so that no lazy-initialisation check sits in the vectorised loop.
    var q = 1.3215486790144305e-06
    q = q * f + 1.5252733804059838e-05
    q = q * f + 0.00015403530393381606
    q = q * f + 0.0013333558146428441
    q = q * f + 0.009618129107628477
    q = q * f + 0.055504108664821576
    q = q * f + 0.2402265069591007
    q = q * f + 0.6931471805599453
    q *= f
    // n << 52 added to the bits of 1.0 is 2^n (the sum's higher bits shift out).
    let scale = Double(bitPattern: (1.0 as Double).bitPattern &+ (shifted.bitPattern &<< 52))
    return (scale, q)
  }

  /// e^x, within 1 ulp of glibc's `expf` (NaN → NaN, −∞ → 0, +∞ → +∞, overflow → +∞).
  @inline(__always)
  public static func exp(_ x: Float) -> Float {
    // Beyond these limits the float result is already 0 or +∞; NaN fails both tests and stays.
    let clamped = x > 128 ? 128 : (x < -160 ? -160 : x)
    let (scale, q) = exp2Parts(Double(clamped) * 1.4426950408889634)
    return Float(scale * (1 + q))
  }

  /// tanh x = (e^2|x| − 1) / (e^2|x| + 1) with the sign of x, within 1 ulp of glibc's `tanhf`.
  @inline(__always)
  public static func tanh(_ x: Float) -> Float {
    let magnitude = Swift.abs(x)
    // tanh(9.1) already rounds to 1 in float; NaN passes through.
    let clamped = magnitude > 10 ? 10 : magnitude
    let (scale, q) = exp2Parts(Double(clamped) * 2.8853900817779268)
    // e^y − 1 = 2^n·q + (2^n − 1): exactly q when n = 0, so small |x| keep full precision.
    let expm1 = scale * q + (scale - 1)
    let t = Float(expm1 / (expm1 + 2))
    return Float(bitPattern: t.bitPattern | (x.bitPattern & 0x8000_0000))
  }
}
