/// Padding and cutting plain text to a number of columns. Pictures count one column per
/// `Character`: every character they draw (box drawing, braille, blocks) is one column wide.
extension String {
  /// Spaces after the text up to `width` columns.
  func padded(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }

  /// Spaces before the text up to `width` columns.
  func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }

  /// Centred in `width` columns (extra space goes to the right).
  func centred(in width: Int) -> String {
    guard count < width else { return self }
    let left = (width - count) / 2
    return String(repeating: " ", count: left) + self
      + String(repeating: " ", count: width - count - left)
  }

  /// At most `width` columns, ending in `…` (or `~` in ASCII) when cut.
  func truncated(to width: Int, unicode: Bool) -> String {
    guard count > width else { return self }
    guard width > 1 else { return String(prefix(Swift.max(0, width))) }
    return String(prefix(width - 1)) + (unicode ? "…" : "~")
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
