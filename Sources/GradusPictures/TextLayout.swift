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

  /// The text on as few lines of at most `width` columns as it takes, broken at spaces (not
  /// at a no-break space, which becomes a space); a word wider than a line is cut into
  /// pieces that fit.
  func wrapped(to width: Int) -> [String] {
    let width = Swift.max(1, width)
    var lines: [String] = []
    var line = ""
    for word in split(separator: " ") {
      var word = String(word)
      if !line.isEmpty && line.displayWidth + 1 + word.displayWidth <= width {
        line += " " + word
        continue
      }
      if !line.isEmpty { lines.append(line) }
      while word.displayWidth > width {
        let piece = DisplayWidth.prefix(word, fitting: width)
        guard !piece.isEmpty else { break }
        lines.append(piece)
        word = String(word.dropFirst(piece.count))
      }
      line = word
    }
    if !line.isEmpty || lines.isEmpty { lines.append(line) }
    return lines.map { String($0.map { $0 == "\u{A0}" ? " " : $0 }) }
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

  /// A picture's title in bold, broken at spaces onto as many lines as the width needs.
  mutating func append(title: String, options: RenderOptions) {
    for line in title.wrapped(to: options.width) { append(options.bold(line)) }
  }

  var text: String { items.isEmpty ? "" : items.joined(separator: "\n") + "\n" }
}
