/// One source line prepared for display under a gutter: tabs expanded,
/// control characters made visible, and a map from byte offsets to the
/// terminal columns where carets must go (East Asian wide characters and
/// emoji take two columns, so `中` needs `^^`).
struct DisplayLine {
  /// The visible text (after truncation, if the line was too long).
  private(set) var text = ""
  /// Byte offset where the line starts and ends in the file.
  let startOffset: Int
  let endOffset: Int
  /// (byte offset, display column) at every character boundary, ascending.
  private var boundaries: [(offset: Int, column: Int)] = []
  /// How each character is shown; `glyphs[i]` lies between boundaries i and i+1.
  private var glyphs: [String] = []
  /// First shown display column, and how far columns shift after truncation.
  private var windowStart = 0
  private var windowEnd = Int.max
  private var shift = 0

  init(source: SourceFile, line: Int, tabWidth: Int) {
    let range = source.lineRange(line)
    startOffset = range.lowerBound
    endOffset = range.upperBound
    var offset = range.lowerBound
    var column = 0
    for character in String(decoding: source.utf8[range], as: UTF8.self) {
      boundaries.append((offset, column))
      let (glyph, width) = DisplayLine.glyph(for: character, tabWidth: tabWidth)
      glyphs.append(glyph)
      offset += character.utf8.count
      column += width
    }
    boundaries.append((offset, column))
    text = glyphs.joined()
  }

  /// Total display width of the untruncated line.
  var width: Int { boundaries.last?.column ?? 0 }

  /// Display column (after truncation) of a byte offset; offsets past the end
  /// of the line map to just after its last character.
  func column(of offset: Int) -> Int {
    var low = 0
    var high = boundaries.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if boundaries[mid].offset <= offset { low = mid } else { high = mid - 1 }
    }
    let raw = boundaries.isEmpty ? 0 : boundaries[low].column
    return Swift.min(Swift.max(raw, windowStart), windowEnd) + shift
  }

  /// Shows only about `maxWidth` columns around `focus` (a display column), so
  /// a diagnostic on a 1 MB line prints a readable excerpt with `...` ends.
  mutating func truncate(around focus: Int, maxWidth: Int) {
    guard width > maxWidth, maxWidth > 0 else { return }
    windowStart = Swift.max(0, Swift.min(focus - maxWidth / 4, width - maxWidth))
    windowEnd = windowStart + maxWidth
    var shown = windowStart > 0 ? "..." : ""
    shift = shown.count - windowStart
    for (position, glyph) in glyphs.enumerated() {
      let first = boundaries[position].column
      let next = boundaries[position + 1].column
      if first >= windowStart, next <= windowEnd { shown += glyph }
    }
    if windowEnd < width { shown += "..." }
    text = shown
  }

  /// How a source character is shown, and how many columns it takes.
  static func glyph(for character: Character, tabWidth: Int) -> (String, Int) {
    if character == "\t" { return (String(repeating: " ", count: tabWidth), tabWidth) }
    guard let scalar = character.unicodeScalars.first else { return ("", 0) }
    // Control characters could drive the terminal (escape sequences), so
    // they are replaced by a visible placeholder.
    if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) { return ("\u{FFFD}", 1) }
    return (String(character), isWide(scalar) ? 2 : 1)
  }

  /// East Asian wide/fullwidth ranges and the common emoji blocks.
  static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x1100 { return false }
    let wide: [ClosedRange<UInt32>] = [
      0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
    ]
    return wide.contains { $0.contains(value) }
  }
}
