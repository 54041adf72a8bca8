import GradusPictures

/// Small text helpers (the REPL uses no Foundation).
extension String {
  /// Without leading and trailing spaces, tabs and line breaks.
  func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(self[first...last])
  }

  /// The first word and the rest, trimmed: `":load a b"` → (`":load"`, `"a b"`).
  func splitCommand() -> (word: String, rest: String) {
    let text = trimmingWhitespace()
    guard let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (text, "") }
    return (String(text[..<space]), String(text[space...]).trimmingWhitespace())
  }

  /// Spaces after the text up to `width` terminal columns (a Chinese character takes two).
  func padded(to width: Int) -> String {
    let used = DisplayWidth.of(self)
    return used >= width ? self : self + String(repeating: " ", count: width - used)
  }

  /// At most `width` characters on one line, ending in `…` when cut.
  func clipped(to width: Int) -> String {
    let line = split(separator: "\n").map { String($0).trimmingWhitespace() }.joined(separator: " ")
    return line.count <= width ? line : String(line.prefix(width - 1)) + "…"
  }
}

enum TextLayout {
  /// Rows of cells as a left-aligned table with two spaces between columns.
  static func table(_ rows: [[String]]) -> String {
    let columns = rows.map(\.count).max() ?? 0
    let widths = (0..<columns).map { c in
      rows.map { c < $0.count ? DisplayWidth.of($0[c]) : 0 }.max() ?? 0
    }
    return rows.map { row in
      row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padded(to: widths[c]) }
        .joined(separator: "  ").trimmingTrailing()
    }.joined(separator: "\n") + "\n"
  }

  /// Words in columns across a line of `width` characters, as `ls` lists files.
  static func columns(_ words: [String], width: Int) -> String {
    guard let longest = words.map(\.count).max() else { return "" }
    let cell = longest + 2
    let perLine = Swift.max(1, width / cell)
    let rows = (words.count + perLine - 1) / perLine
    var lines: [String] = []
    for r in 0..<rows {
      // Down the columns first, so alphabetical order reads top to bottom.
      let line = stride(from: r, to: words.count, by: rows).map { words[$0].padded(to: cell) }
      lines.append(line.joined().trimmingTrailing())
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Words joined with `, ` and wrapped at `width`, each line indented.
  static func wrapped(_ words: [String], width: Int, indent: String) -> String {
    var lines: [String] = []
    var line = indent
    for (i, word) in words.enumerated() {
      if line.count + word.count + 2 > width && line != indent {
        lines.append(line)
        line = indent
      }
      line += word + (i == words.count - 1 ? "" : ", ")
    }
    lines.append(line)
    return lines.map { $0.trimmingTrailing() }.joined(separator: "\n") + "\n"
  }
}

extension String {
  fileprivate func trimmingTrailing() -> String {
    var result = Substring(self)
    while result.last == " " { result.removeLast() }
    return String(result)
  }
}
