/// Padding and cutting plain text to a number of terminal columns, measured by
/// `DisplayWidth`: what pictures draw themselves (box drawing, braille, blocks) is one column a
/// character, but labels may be Chinese, two columns a character.
extension String {
  /// Spaces after the text up to `width` columns.
  func padded(to width: Int) -> String {
    let used = displayWidth
    return used >= width ? self : self + String(repeating: " ", count: width - used)
  }

  /// Spaces before the text up to `width` columns.
  func leftPadded(to width: Int) -> String {
    let used = displayWidth
    return used >= width ? self : String(repeating: " ", count: width - used) + self
  }

  /// Centred in `width` columns (extra space goes to the right).
  func centred(in width: Int) -> String {
    let used = displayWidth
    guard used < width else { return self }
    let left = (width - used) / 2
    return String(repeating: " ", count: left) + self
      + String(repeating: " ", count: width - used - left)
  }

  /// At most `width` columns, ending in `…` (or `~` in ASCII) when cut; a wide character that
  /// would straddle the edge is left out (and the gap padded).
  func truncated(to width: Int, unicode: Bool) -> String {
    guard displayWidth > width else { return self }
    guard width > 1 else { return DisplayWidth.prefix(self, fitting: Swift.max(0, width)) }
    return (DisplayWidth.prefix(self, fitting: width - 1) + (unicode ? "…" : "~")).padded(
      to: width)
  }

  /// Without spaces at the end of each line: terminals do not need them and goldens stay clean.
  func trimmingTrailingSpaces() -> String {
    var text = Substring(self)
    while text.last == " " { text = text.dropLast() }
    return String(text)
  }
}

/// Lines of a picture, joined with a final newline.
struct Lines {
  private(set) var items: [String] = []

  mutating func append(_ line: String) { items.append(line.trimmingTrailingSpaces()) }

  var text: String { items.isEmpty ? "" : items.joined(separator: "\n") + "\n" }
}
