import GradusLanguage

/// A cell kept for `:save`: its code and what `_` and `Out[n]` can know of it.
struct SavedCell {
  let code: String
  /// The cell's number (what `Out[n]` indexes); nil for a `:load`ed file or `:seed`.
  let number: Int?
  /// Whether the cell showed a value, which `_` and `Out[number]` then hold.
  let showedValue: Bool

  init(_ code: String, number: Int? = nil, showedValue: Bool = false) {
    self.code = code
    self.number = number
    self.showedValue = showedValue
  }
}

/// The cells of a session as a file that `gradus run` runs the way the session ran. A script has
/// no `_` and no `Out`, so a value they refer to is kept in a name of its own: the cell that
/// showed it ends `out_3 = …` then `out_3` (it still shows), and `_` or `Out[3]` later on
/// become `out_3`.
enum SessionFile {
  struct Result {
    let text: String
    /// References that could not be rewritten (`Out` used otherwise than `Out[n]`, a value of a
    /// cell that is not saved), as written.
    let unresolved: [String]
  }

  /// A use of `_` or `Out[n]`: the bytes it covers in its cell and the cell whose value it is.
  private struct Reference {
    let span: Span
    let cell: Int?
    let written: String
  }

  static func text(of cells: [SavedCell]) -> Result {
    var references: [[Reference]] = []
    var lastShown: Int?
    var unresolved: [String] = []
    for cell in cells {
      let found = Self.references(in: cell.code, lastShown: lastShown)
      references.append(found.references)
      unresolved += found.unresolved
      if cell.showedValue, let number = cell.number { lastShown = number }
    }
    let needed = Set(references.joined().compactMap(\.cell))
    let taken = Set(cells.flatMap { Self.identifiers(in: $0.code) })
    var names: [Int: String] = [:]
    for number in needed.sorted() {
      var name = "out_\(number)"
      while taken.contains(name) { name += "_" }
      names[number] = name
    }
    var bound = Set<Int>()
    var texts: [String] = []
    for (cell, uses) in zip(cells, references) {
      var edits: [(span: Span, text: String)] = []
      for use in uses {
        if let number = use.cell, let name = names[number] {
          edits.append((use.span, name))
        } else {
          unresolved.append(use.written)
        }
      }
      // References first, then the binding around the (rewritten) last expression: `_ * 2`
      // may itself be a value a later cell needs.
      var code = Self.applying(edits, to: cell.code)
      if let number = cell.number, let name = names[number], cell.showedValue,
        let last = Self.lastShownExpression(in: code)
      {
        code = Self.applying([(last, "\(name) = \(Self.slice(code, last))\n\(name)")], to: code)
        bound.insert(number)
      }
      texts.append(code)
    }
    for number in needed.subtracting(bound).sorted() { unresolved.append("Out[\(number)]") }
    let text = "# A Gradus session saved with :save\n\n" + texts.joined(separator: "\n\n") + "\n"
    return Result(text: text, unresolved: Array(Set(unresolved)).sorted())
  }

  /// The `_` and `Out[n]` in a cell's code, tokens only (not inside strings or comments).
  private static func references(in code: String, lastShown: Int?) -> (
    references: [Reference], unresolved: [String]
  ) {
    let tokens = Lexer.tokenize(SourceFile(name: "<cell>", text: code)).tokens
    var found: [Reference] = []
    var unresolved: [String] = []
    for (i, token) in tokens.enumerated() where token.kind == .identifier {
      if token.text == "_" {
        found.append(Reference(span: token.span, cell: lastShown, written: "_"))
      } else if token.text == "Out" {
        let rest = tokens.dropFirst(i + 1).prefix(3).map { ($0.kind, $0.text) }
        if rest.count == 3, rest[0].0 == .leftBracket, rest[1].0 == .number,
          let number = Int(rest[1].1), rest[2].0 == .rightBracket
        {
          let span = token.span.union(tokens[i + 3].span)
          found.append(Reference(span: span, cell: number, written: "Out[\(number)]"))
        } else {
          unresolved.append("Out")
        }
      }
    }
    return (found, unresolved)
  }

  private static func identifiers(in code: String) -> [String] {
    Lexer.tokenize(SourceFile(name: "<cell>", text: code)).tokens.filter {
      $0.kind == .identifier
    }.map(\.text)
  }

  /// The span of the cell's last top-level statement when it is a bare expression: the value
  /// the session showed last for it.
  private static func lastShownExpression(in code: String) -> Span? {
    let parsed = Parser.parseCell(code)
    guard let last = parsed.program.statements.last, case .expression = last.kind else {
      return nil
    }
    return last.span
  }

  private static func slice(_ code: String, _ span: Span) -> String {
    String(decoding: Array(code.utf8)[span.start..<span.end], as: UTF8.self)
  }

  /// `code` with each span replaced, the spans not overlapping.
  private static func applying(_ edits: [(span: Span, text: String)], to code: String) -> String {
    var bytes = Array(code.utf8)
    for edit in edits.sorted(by: { $0.span.start > $1.span.start }) {
      bytes.replaceSubrange(edit.span.start..<edit.span.end, with: Array(edit.text.utf8))
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
