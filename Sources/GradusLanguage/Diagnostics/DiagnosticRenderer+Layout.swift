/// Placing markers and labels under a source line without collisions.
extension DiagnosticRenderer {
  /// Who drew a cell, which decides its colour.
  enum Role {
    case blank
    case primary
    case secondary
  }

  typealias Row = [(character: Character, role: Role)]

  /// The rows under one source line: the marker row, then (if some labels
  /// cannot sit on the marker row) a connector row and one row per label,
  /// rightmost label first, each with `|` still running down to the labels
  /// further left, as rustc lays them out.
  func layout(_ annotations: [Annotation], on line: DisplayLine) -> [Row] {
    guard !annotations.isEmpty else { return [] }
    struct Placed {
      var start: Int
      var end: Int
      var role: Role
      var label: String?
    }
    let placed = annotations.map { annotation -> Placed in
      let start = line.column(of: annotation.start)
      // A span that continues on later lines is marked to the end of this one.
      let stop = Swift.min(annotation.end, line.endOffset)
      let end = Swift.max(line.column(of: stop), start + 1)
      return Placed(
        start: start, end: end, role: annotation.isPrimary ? .primary : .secondary,
        label: annotation.label)
    }
    var rows: [Row] = [[]]
    // Secondaries first so the primary's `^` wins where they overlap.
    for mark in placed.sorted(by: { $0.role == .secondary && $1.role == .primary }) {
      let glyph: Character = mark.role == .primary ? "^" : "-"
      for column in mark.start..<mark.end { put(glyph, at: column, role: mark.role, in: &rows[0]) }
    }
    var labelled = placed.filter { $0.label != nil }.sorted {
      ($0.start, $0.role == .primary ? 1 : 0) > ($1.start, $1.role == .primary ? 1 : 0)
    }
    let rightEdge = placed.map(\.end).max() ?? 0
    if let first = labelled.first, first.end >= rightEdge, let label = first.label {
      put(label, at: rightEdge + 1, role: first.role, in: &rows[0])
      labelled.removeFirst()
    }
    guard !labelled.isEmpty else { return rows }
    var connectors: Row = []
    for mark in labelled { put("|", at: mark.start, role: mark.role, in: &connectors) }
    rows.append(connectors)
    for (index, mark) in labelled.enumerated() {
      var row: Row = []
      for left in labelled[(index + 1)...] { put("|", at: left.start, role: left.role, in: &row) }
      put(mark.label ?? "", at: mark.start, role: mark.role, in: &row)
      rows.append(row)
    }
    return rows
  }

  private func put(_ text: String, at column: Int, role: Role, in row: inout Row) {
    for (offset, character) in text.enumerated() {
      put(character, at: column + offset, role: role, in: &row)
    }
  }

  private func put(_ character: Character, at column: Int, role: Role, in row: inout Row) {
    guard column >= 0 else { return }
    while row.count <= column { row.append((" ", .blank)) }
    row[column] = (character, role)
  }

  /// Joins a row into text, colouring runs by role in ANSI mode.
  func paintRow(_ row: Row, severityCode: String) -> String {
    var text = ""
    var run = ""
    var runRole = Role.blank
    func flush() {
      switch runRole {
      case .blank: text += run
      case .primary: text += paint(run, severityCode)
      case .secondary: text += paint(run, "1;34")
      }
      run = ""
    }
    for cell in row {
      if cell.role != runRole {
        flush()
        runRole = cell.role
      }
      run.append(cell.character)
    }
    flush()
    while text.hasSuffix(" ") { text.removeLast() }
    return text
  }
}
