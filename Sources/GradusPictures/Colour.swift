/// A colour with channels in [0, 1].
public struct RGB: Sendable, Equatable {
  public var red: Double
  public var green: Double
  public var blue: Double

  /// Channels are clamped to [0, 1]; NaN becomes 0 so that a broken pixel is drawn black.
  public init(red: Double, green: Double, blue: Double) {
    self.red = RGB.clamp(red)
    self.green = RGB.clamp(green)
    self.blue = RGB.clamp(blue)
  }

  public init(gray: Double) { self.init(red: gray, green: gray, blue: gray) }

  /// From 0–255 components (`RGB(hex: 0x1f77b4)`).
  init(hex: Int) {
    self.init(
      red: Double((hex >> 16) & 0xff) / 255, green: Double((hex >> 8) & 0xff) / 255,
      blue: Double(hex & 0xff) / 255)
  }

  static func clamp(_ x: Double) -> Double { x.isNaN ? 0 : Swift.min(1, Swift.max(0, x)) }

  /// Perceived brightness (Rec. 709 weights), for picking readable text on a coloured cell.
  public var luminance: Double { 0.2126 * red + 0.7152 * green + 0.0722 * blue }

  var bytes: (Int, Int, Int) {
    (Int((red * 255).rounded()), Int((green * 255).rounded()), Int((blue * 255).rounded()))
  }

  /// `#1f77b4`, for SVG.
  public var hex: String {
    let (r, g, b) = bytes
    let digits = Array("0123456789abcdef")
    return "#" + [r, g, b].map { String(digits[$0 >> 4]) + String(digits[$0 & 15]) }.joined()
  }

  /// The nearest of xterm's 256 colours: the 6×6×6 cube or the 24-step gray ramp.
  var ansi256: Int {
    let (r, g, b) = bytes
    let levels = [0, 95, 135, 175, 215, 255]
    func nearestLevel(_ v: Int) -> Int {
      levels.indices.min { abs(levels[$0] - v) < abs(levels[$1] - v) }!
    }
    let (ri, gi, bi) = (nearestLevel(r), nearestLevel(g), nearestLevel(b))
    let cube = (levels[ri], levels[gi], levels[bi])
    let grayIndex = Swift.min(23, Swift.max(0, ((r + g + b) / 3 - 8 + 5) / 10))
    let grayLevel = 8 + 10 * grayIndex
    func distance(_ c: (Int, Int, Int)) -> Int {
      (c.0 - r) * (c.0 - r) + (c.1 - g) * (c.1 - g) + (c.2 - b) * (c.2 - b)
    }
    if distance((grayLevel, grayLevel, grayLevel)) < distance(cube) { return 232 + grayIndex }
    return 16 + 36 * ri + 6 * gi + bi
  }

  /// Linear mix: `t = 0` is self, `t = 1` is `other`.
  func mixed(with other: RGB, _ t: Double) -> RGB {
    RGB(
      red: red + (other.red - red) * t, green: green + (other.green - green) * t,
      blue: blue + (other.blue - blue) * t)
  }
}

/// Maps numbers to colours.
enum ColourMap {
  /// Viridis (matplotlib's default), sampled at nine stops: perceptually even and readable in
  /// grayscale, for values with no natural centre (attention weights, probabilities).
  static let viridis: [RGB] = [
    0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725,
  ].map(RGB.init(hex:))

  /// Blue–white–red around zero, for values of both signs (positional encodings, weights), so
  /// that the sign is visible at a glance.
  static let diverging: [RGB] = [0x3b4cc0, 0x8db0fe, 0xdddddd, 0xf49a7b, 0xb40426].map(
    RGB.init(hex:))

  /// Cells whose value is not finite (a mask's `-inf`).
  static let masked = RGB(hex: 0x3a3a3a)

  /// Distinct colours for line series (matplotlib's tab10).
  static let series: [RGB] = [
    0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22,
    0x17becf,
  ].map(RGB.init(hex:))

  static func seriesColour(_ index: Int) -> RGB { series[index % series.count] }

  /// The colour at `t` in [0, 1] along `stops`.
  static func sample(_ stops: [RGB], _ t: Double) -> RGB {
    let t = t.isNaN ? 0 : Swift.min(1, Swift.max(0, t))
    let position = t * Double(stops.count - 1)
    let index = Swift.min(stops.count - 2, Int(position))
    return stops[index].mixed(with: stops[index + 1], position - Double(index))
  }
}

/// How a heatmap's values become positions on its colour scale: sequential from the lowest to
/// the highest value, or diverging symmetrically around zero when values have both signs.
struct ColourScale {
  let low: Double
  let high: Double
  let diverging: Bool

  init(low: Double, high: Double) {
    diverging = low < 0 && high > 0
    if diverging {
      let extent = Swift.max(-low, high)
      (self.low, self.high) = (-extent, extent)
    } else {
      (self.low, self.high) = (low, high)
    }
  }

  /// The position of `value` on the scale, in [0, 1] (0.5 when all values are equal).
  func position(_ value: Double) -> Double {
    high > low ? Swift.min(1, Swift.max(0, (value - low) / (high - low))) : 0.5
  }

  func colour(_ value: Double) -> RGB {
    guard value.isFinite else { return ColourMap.masked }
    return ColourMap.sample(diverging ? ColourMap.diverging : ColourMap.viridis, position(value))
  }
}
