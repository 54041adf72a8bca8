/// Delimiters built from the Unicode bracket pieces (U+239B–U+23AD) to span several rows.
enum Delimiters {
  /// Top, repeated and bottom pieces, and for braces the middle piece.
  private struct Pieces {
    var top: String
    var repeated: String
    var bottom: String
    var middle: String?
  }

  private static let pieces: [String: Pieces] = [
    "(": Pieces(top: "⎛", repeated: "⎜", bottom: "⎝"),
    ")": Pieces(top: "⎞", repeated: "⎟", bottom: "⎠"),
    "[": Pieces(top: "⎡", repeated: "⎢", bottom: "⎣"),
    "]": Pieces(top: "⎤", repeated: "⎥", bottom: "⎦"),
    "{": Pieces(top: "⎧", repeated: "⎪", bottom: "⎩", middle: "⎨"),
    "}": Pieces(top: "⎫", repeated: "⎪", bottom: "⎭", middle: "⎬"),
    "⌊": Pieces(top: "⎢", repeated: "⎢", bottom: "⎣"),
    "⌋": Pieces(top: "⎥", repeated: "⎥", bottom: "⎦"),
    "⌈": Pieces(top: "⎡", repeated: "⎢", bottom: "⎢"),
    "⌉": Pieces(top: "⎤", repeated: "⎥", bottom: "⎥"),
    "|": Pieces(top: "│", repeated: "│", bottom: "│"),
    "‖": Pieces(top: "‖", repeated: "‖", bottom: "‖"),
  ]

  /// The delimiter as `rows` rows; `middle` is the row a brace points from. A delimiter
  /// without pieces (`⟨`) stands on the middle row.
  static func stretched(_ delimiter: String, rows: Int, middle: Int) -> [String] {
    guard rows > 1 else { return [delimiter] }
    guard let pieces = pieces[delimiter] else {
      let blank = String(repeating: " ", count: displayColumns(delimiter))
      return (0..<rows).map { $0 == middle ? delimiter : blank }
    }
    return (0..<rows).map { row in
      if row == 0 { return pieces.top }
      if row == rows - 1 { return pieces.bottom }
      if row == middle, let centre = pieces.middle { return centre }
      return pieces.repeated
    }
  }
}
