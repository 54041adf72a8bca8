/// How many terminal columns text takes: East Asian wide and fullwidth characters (Chinese,
/// Japanese, Korean, fullwidth forms) and emoji take two, combining marks and format
/// characters none, everything else one. Ambiguous-width characters (`·`, `α`, `—`) count
/// one, as most terminals draw them. The one place pictures measure text, so that a shared
/// table-driven implementation can replace it.
public enum DisplayWidth {
  /// The columns of `text`, one grapheme cluster at a time.
  public static func of(_ text: some StringProtocol) -> Int {
    text.reduce(0) { $0 + of($1) }
  }

  /// The columns of one grapheme cluster: its first scalar decides, unless the cluster is
  /// shown as an emoji.
  public static func of(_ character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if scalars.contains(where: { $0.properties.isEmojiPresentation })
      || scalars.contains("\u{FE0F}")
    {
      return 2
    }
    return of(first)
  }

  static func of(_ scalar: Unicode.Scalar) -> Int {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    case .control: return 0
    default: break
    }
    if scalar.value == 0x200B { return 0 }
    return isWide(scalar.value) ? 2 : 1
  }

  /// East Asian Width W or F (Unicode 15, the blocks that matter; rare ideographs beyond the
  /// BMP are covered by the supplementary ideographic planes).
  static func isWide(_ value: UInt32) -> Bool {
    switch value {
    case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
      0x25FD...0x25FE, 0x2614...0x2615, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
      0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
      0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
      0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
      return true
    default:
      return false
    }
  }

  /// The longest start of `text` that fits in `columns`.
  public static func prefix(_ text: String, fitting columns: Int) -> String {
    var result = ""
    var used = 0
    for character in text {
      let width = of(character)
      if used + width > columns { break }
      result.append(character)
      used += width
    }
    return result
  }
}

extension String {
  /// Terminal columns (see `DisplayWidth`).
  var displayWidth: Int { DisplayWidth.of(self) }
}
