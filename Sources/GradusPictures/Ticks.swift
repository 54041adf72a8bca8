#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Numbers as short text for axes, cells and labels. Written by hand (not `String(format:)`) so
/// that output is the same on every platform and needs no Foundation.
enum NumberText {
  /// `x` with exactly `decimals` digits after the point: `fixed(0.125, 2)` is `0.13`.
  static func fixed(_ x: Double, _ decimals: Int) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    let decimals = Swift.max(0, Swift.min(12, decimals))
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (Swift.abs(x) * scale).rounded()
    guard scaled < 9e15 else { return scientific(x, 2) }
    var digits = String(Int(scaled))
    if decimals > 0 {
      if digits.count <= decimals {
        digits = String(repeating: "0", count: decimals + 1 - digits.count) + digits
      }
      digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
    }
    return (x < 0 && scaled != 0 ? "-" : "") + digits
  }

  /// `1.5e-05` → `1.5e-5`: a mantissa with up to `decimals` digits (trailing zeros dropped).
  static func scientific(_ x: Double, _ decimals: Int) -> String {
    if x == 0 || !x.isFinite { return fixed(x, 0) }
    var exponent = Int(floor(log10(Swift.abs(x))))
    var mantissa = x / pow(10, Double(exponent))
    if Swift.abs(Double(fixed(mantissa, decimals)) ?? 0) >= 10 {
      mantissa /= 10
      exponent += 1
    }
    return trimmed(fixed(mantissa, decimals)) + "e" + String(exponent)
  }

  /// Removes trailing zeros after a decimal point: `2.50` → `2.5`, `3.00` → `3`.
  static func trimmed(_ text: String) -> String {
    guard text.contains("."), !text.contains("e") else { return text }
    var text = Substring(text)
    while text.hasSuffix("0") { text = text.dropLast() }
    if text.hasSuffix(".") { text = text.dropLast() }
    return String(text)
  }

  /// A readable short form with about `significant` digits: `0.0123`, `12.5`, `1.2e+6` → `1.2e6`.
  static func compact(_ x: Double, significant: Int = 3) -> String {
    if !x.isFinite { return fixed(x, 0) }
    let magnitude = Swift.abs(x)
    if magnitude == 0 { return "0" }
    if magnitude >= 1e6 || magnitude < 1e-3 { return scientific(x, significant - 1) }
    let digitsBefore = Int(floor(log10(magnitude))) + 1
    return trimmed(fixed(x, Swift.max(0, significant - digitsBefore)))
  }

  /// Decimals enough to tell apart numbers `step` apart.
  static func decimals(forStep step: Double) -> Int {
    guard step > 0, step.isFinite else { return 0 }
    return Swift.max(0, Int(ceil(-log10(step) - 1e-9)))
  }
}

/// An axis: the range it spans (in plotting units: log₁₀ of the value on a log axis) and its
/// labelled ticks.
struct Axis: Equatable {
  var low: Double
  var high: Double
  var ticks: [Tick]

  struct Tick: Equatable {
    var position: Double
    var label: String
  }

  /// Where `value` falls, 0 at `low` and 1 at `high`. Halved first, so that an axis from
  /// -1e308 to 1e308 does not overflow.
  func fraction(_ value: Double) -> Double {
    high > low ? (value / 2 - low / 2) / (high / 2 - low / 2) : 0.5
  }

  /// Ticks at "nice" steps (1, 2 or 5 × 10ᵏ), about `count` of them, with the range widened to
  /// the ticks just outside the data so that the ends of the axis are labelled.
  static func linear(low: Double, high: Double, count: Int) -> Axis {
    var (low, high) = (low, high)
    if !(high > low) {
      // One value: centre it in a range of its own size (or ±1 around zero).
      let pad = low == 0 ? 1 : Swift.abs(low) * 0.5
      (low, high) = (low - pad, high + pad)
    }
    guard (high - low).isFinite else {
      // Beyond ±1e308 no step fits; label the ends only.
      let ends = [low, high].map { Tick(position: $0, label: NumberText.scientific($0, 1)) }
      return Axis(low: low, high: high, ticks: ends)
    }
    let step = niceStep(span: high - low, count: Swift.max(1, count))
    let first = floor(low / step + 1e-9)
    let last = ceil(high / step - 1e-9)
    let decimals = NumberText.decimals(forStep: step)
    let huge = Swift.max(Swift.abs(first * step), Swift.abs(last * step)) >= 1e6
    let ticks = stride(from: first, through: last, by: 1).map { k -> Tick in
      let value = k * step
      let label =
        huge || (step < 1e-3) ? NumberText.scientific(value, 2) : NumberText.fixed(value, decimals)
      return Tick(position: value, label: value == 0 ? "0" : label)
    }
    return Axis(low: first * step, high: last * step, ticks: ticks)
  }

  /// An axis that spans exactly `low`…`high` (an x axis: the first and last points sit at the
  /// edges), labelled at the nice ticks that fall inside.
  static func linearWithin(low: Double, high: Double, count: Int) -> Axis {
    let wide = linear(low: low, high: high, count: count)
    guard high > low else { return wide }
    let inside = wide.ticks.filter {
      $0.position >= low - 1e-9 * Swift.abs(low) && $0.position <= high + 1e-9 * Swift.abs(high)
    }
    return inside.isEmpty ? wide : Axis(low: low, high: high, ticks: inside)
  }

  /// A log axis in units of log₁₀, from the tick at or below `low` to the one at or above
  /// `high`. Over three decades or more the ticks are whole decades (every k-th when there are
  /// more than `count`); over fewer, 1, 2 and 5 × 10ᵏ, so that a short range is not lost in a
  /// decade of empty space.
  static func logarithmic(low: Double, high: Double, count: Int) -> Axis {
    let firstDecade = Int(floor(low + 1e-9))
    let lastDecade = Swift.max(firstDecade + 1, Int(ceil(high - 1e-9)))
    var candidates = [(position: Double, exponent: Int, mantissa: Int)]()
    let mantissas = high - low >= 2 ? [1] : [1, 2, 5]
    let decades = lastDecade - firstDecade
    let every = Swift.max(1, Int(ceil(Double(decades) / Double(Swift.max(1, count)))))
    // Every k-th decade counted down from the first one at or above the top, so that the
    // highest value lies under the last tick and reaches the top of the axis (counting up
    // from the bottom could stop short of it and cut a diverging curve off at the axis).
    var exponents = [lastDecade]
    while exponents.last! > firstDecade { exponents.append(exponents.last! - every) }
    for exponent in exponents.reversed() {
      for mantissa in mantissas {
        candidates.append((log10(Double(mantissa)) + Double(exponent), exponent, mantissa))
      }
    }
    let start = candidates.lastIndex { $0.position <= low + 1e-9 } ?? 0
    let end = candidates.firstIndex { $0.position >= high - 1e-9 } ?? candidates.count - 1
    let ticks = candidates[start...Swift.max(start, end)].map {
      Tick(position: $0.position, label: logLabel(mantissa: $0.mantissa, exponent: $0.exponent))
    }
    let top = ticks.count > 1 ? ticks.last!.position : ticks[0].position + 1
    return Axis(low: ticks[0].position, high: top, ticks: ticks)
  }

  /// `5e-5`, `0.002`, `1`, `2000`, `1e6`.
  static func logLabel(mantissa: Int, exponent: Int) -> String {
    if exponent < -3 || exponent > 5 { return String(mantissa) + "e" + String(exponent) }
    if exponent >= 0 { return String(mantissa) + String(repeating: "0", count: exponent) }
    return "0." + String(repeating: "0", count: -exponent - 1) + String(mantissa)
  }

  static func niceStep(span: Double, count: Int) -> Double {
    let raw = span / Double(count)
    let power = pow(10, floor(log10(raw)))
    let fraction = raw / power
    let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
    return nice * power
  }
}
