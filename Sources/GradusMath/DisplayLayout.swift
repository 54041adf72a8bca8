/// Fits display math into a width (READER.md §3): the whole layout if it fits; else one part
/// per line, split at top-level `\qquad`/`\quad`; a part still too wide is set inline and
/// wrapped after its top-level relations, operators and commas, continuation lines indented.
struct DisplayLayout {
  var unicode: Bool
  var width: Int
  var formula: [MathNode]

  /// Continuation lines of a wrapped part start this many columns in, when the width allows.
  static let continuationIndent = 2

  func lines() -> [String] {
    if let whole = fitted(formula) { return whole }
    let parts = Self.parts(of: formula)
    guard parts.count > 1 else { return wrapped(formula) }
    return parts.flatMap { fitted($0) ?? wrapped($0) }
  }

  /// The part laid out (in two dimensions with Unicode, on one line without), or nil when a
  /// line of it is wider than the width.
  private func fitted(_ nodes: [MathNode]) -> [String]? {
    let lines =
      unicode
      ? DisplayRenderer(formula: formula).box(nodes).lines
      : [InlineRenderer(unicode: false).text(nodes)]
    return lines.allSatisfy { displayColumns($0) <= width } ? lines : nil
  }

  /// The top row cut at its `\quad` and `\qquad` spaces, spaces at the cuts dropped.
  static func parts(of nodes: [MathNode]) -> [[MathNode]] {
    var parts: [[MathNode]] = [[]]
    for node in nodes {
      if case .space(let space) = node, space.columns >= 2 {
        parts.append([])
      } else {
        parts[parts.count - 1].append(node)
      }
    }
    return parts.map(trimmingSpaces).filter { !$0.isEmpty }
  }

  private static func trimmingSpaces(_ nodes: [MathNode]) -> [MathNode] {
    let isSpace = { (node: MathNode) -> Bool in
      if case .space = node { return true } else { return false }
    }
    return Array(nodes.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
  }

  /// The inline form, filled greedily into lines that break only after a break point; a run
  /// longer than a line is cut at a character boundary.
  private func wrapped(_ nodes: [MathNode]) -> [String] {
    let limit = max(width, 1)
    let indent = limit >= 20 ? String(repeating: " ", count: Self.continuationIndent) : ""
    var lines: [String] = []
    var line: (text: String, columns: Int)?
    for chunk in Self.chunks(InlineRenderer(unicode: unicode).pieces(nodes)) {
      let columns = displayColumns(chunk.text)
      if let current = line, current.columns + chunk.gapBefore + columns <= limit {
        let gap = String(repeating: " ", count: chunk.gapBefore)
        line = (current.text + gap + chunk.text, current.columns + chunk.gapBefore + columns)
      } else {
        if let current = line { lines.append(current.text) }
        let start = line == nil ? "" : indent
        line = (start + chunk.text, start.count + columns)
      }
    }
    if let line { lines.append(line.text) }
    return lines.flatMap { Self.cut($0, to: limit) }
  }

  /// Runs of pieces that end at a break point, each with the gap before its first piece.
  private static func chunks(_ pieces: [InlinePiece]) -> [InlinePiece] {
    var chunks: [InlinePiece] = []
    var open = false
    for piece in pieces {
      if open {
        chunks[chunks.count - 1].text += String(repeating: " ", count: piece.gapBefore) + piece.text
      } else {
        chunks.append(piece)
      }
      open = !piece.breakAfter
    }
    return chunks
  }

  /// A line cut into lines of at most `limit` columns, at grapheme boundaries.
  private static func cut(_ line: String, to limit: Int) -> [String] {
    var lines = [""]
    var columns = 0
    for character in line {
      let width = displayColumns(String(character))
      if columns + width > limit, columns > 0 {
        lines.append("")
        columns = 0
      }
      lines[lines.count - 1].append(character)
      columns += width
    }
    return lines
  }
}
