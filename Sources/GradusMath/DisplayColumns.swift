/// The number of terminal columns a string takes. This is the one place that decides widths in
/// this module, so it can be replaced by the project's shared East Asian Width table: for now
/// wide CJK ranges count 2 and combining marks 0, everything else 1.
func displayColumns(_ text: String) -> Int {
  text.unicodeScalars.reduce(0) { $0 + displayColumns($1) }
}

func displayColumns(_ scalar: Unicode.Scalar) -> Int {
  if scalar.value < 0x300 { return 1 }  // Latin, before the first combining marks
  switch scalar.properties.generalCategory {
  case .nonspacingMark, .enclosingMark, .format: return 0
  default: break
  }
  if scalar == "\u{200B}" || (0xFE00...0xFE0F).contains(scalar.value) { return 0 }
  return wideRanges.contains { $0.contains(scalar.value) } ? 2 : 1
}

/// Hangul Jamo, CJK radicals to Yi, Hangul syllables, CJK compatibility, fullwidth forms, the
/// supplementary ideographic planes, and the common emoji blocks.
private let wideRanges: [ClosedRange<UInt32>] = [
  0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
  0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
  0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
]
