import GradusText

/// Code as the reader shows it, behind a gutter: never reflowed (its line breaks and spaces
/// are the author's), but a line wider than the text width goes on under a dotted gutter, so
/// nothing passes the right edge:
///
///     │ y = x[:, 0:3].sum(dim=1, keepdim=True)        # y = sum(x[:, 0:3], axis:
///     ┆  1, keep: true)
enum CodeGutter {
  static let first = "  │ "
  static let continued = "  ┆ "

  /// The lines of `code` behind the gutter, none wider than `columns` display columns.
  static func lines(_ code: String, columns: Int, width: DisplayWidth = .standard) -> [String] {
    let room = max(8, columns - 4)
    return code.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
      cut(line, columns: room, width: width).enumerated().map { (index, piece) in
        (index == 0 ? first : continued) + piece
      }
    }
  }

  /// `line` in pieces of at most `columns` display columns, cut between grapheme clusters.
  static func cut(_ line: Substring, columns: Int, width: DisplayWidth) -> [Substring] {
    var pieces: [Substring] = []
    var start = line.startIndex
    var used = 0
    for index in line.indices {
      let columnsHere = width.columns(line[index])
      if used + columnsHere > columns && index > start {
        pieces.append(line[start..<index])
        start = index
        used = 0
      }
      used += columnsHere
    }
    pieces.append(line[start...])
    return pieces
  }
}
