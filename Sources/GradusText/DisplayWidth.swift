#if canImport(Glibc)
  import Glibc
#endif

/// How many terminal columns text takes, per grapheme cluster (what the learner sees as one
/// character), following UAX #11: Wide and Fullwidth characters and emoji take two columns;
/// combining marks, format characters and zero-width spaces take none; East Asian Ambiguous
/// characters (`· × Σ α — … “ ”`) take one, or two on a terminal set up for East Asian text,
/// which the learner says with `GRADUS_AMBIGUOUS_WIDE=1`. Swift on Linux knows none of these
/// widths and glibc's `wcwidth` depends on the locale, hence the generated table.
public struct DisplayWidth: Sendable {
  /// Whether East Asian Ambiguous characters take two columns.
  public var ambiguousIsWide: Bool

  public init(ambiguousIsWide: Bool = false) { self.ambiguousIsWide = ambiguousIsWide }

  /// The setting from the environment (`GRADUS_AMBIGUOUS_WIDE=1`), read once.
  public static let standard = DisplayWidth(ambiguousIsWide: environmentSaysAmbiguousWide())

  /// The columns of a whole string.
  public func columns<S: StringProtocol>(_ text: S) -> Int {
    text.reduce(0) { $0 + columns($1) }
  }

  /// The columns of one grapheme cluster: those of its first visible scalar, and two for an
  /// emoji shown as a picture (a base followed by the emoji variation selector U+FE0F).
  public func columns(_ character: Character) -> Int {
    var width = 0
    for scalar in character.unicodeScalars {
      if scalar.value == 0xFE0F && width == 1 { return 2 }
      if width == 0 { width = columns(scalar) }
    }
    return width
  }

  /// The columns of one scalar on its own.
  public func columns(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x7F { return value < 0x20 ? 0 : 1 }
    if Self.isZeroWidth(scalar) { return 0 }
    if Self.isWide(scalar) || scalar.properties.isEmojiPresentation { return 2 }
    if ambiguousIsWide && Self.contains(EastAsianWidthTable.ambiguous, value) { return 2 }
    return 1
  }

  /// East Asian Wide or Fullwidth (the CJK characters and punctuation, fullwidth forms).
  public static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    contains(EastAsianWidthTable.wide, scalar.value)
  }

  /// Marks drawn on the character before them, invisible format characters, zero-width spaces
  /// and joiners, variation selectors, and C0/C1 controls.
  static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .control: return true
    default: break
    }
    let value = scalar.value
    return value == 0x200B || value == 0x2060 || (0xFE00...0xFE0F).contains(value)
      || (0xE0100...0xE01EF).contains(value) || (0x1160...0x11FF).contains(value)
  }

  /// Binary search in sorted, disjoint ranges.
  static func contains(_ ranges: [ClosedRange<UInt32>], _ value: UInt32) -> Bool {
    var low = 0
    var high = ranges.count - 1
    while low <= high {
      let middle = (low + high) / 2
      if value < ranges[middle].lowerBound {
        high = middle - 1
      } else if value > ranges[middle].upperBound {
        low = middle + 1
      } else {
        return true
      }
    }
    return false
  }

  private static func environmentSaysAmbiguousWide() -> Bool {
    guard let value = getenv("GRADUS_AMBIGUOUS_WIDE") else { return false }
    let text = String(cString: value)
    return !text.isEmpty && text != "0"
  }
}
