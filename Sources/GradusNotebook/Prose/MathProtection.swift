/// TeX in prose (`$…$`, `$$…$$`) hidden from the Markdown parser, which would otherwise read
/// `\,` as an escaped comma and `_`/`*` in formulas as emphasis. Before parsing, each formula
/// becomes a placeholder (U+E000, its number, U+E001); after parsing, the placeholders in text
/// become formula nodes again. Code spans and code blocks are left alone, as Markdown would.
struct MathProtection {
  struct Formula: Equatable {
    var tex: String
    var display: Bool
    /// As written, with its dollars (put back where a placeholder lands in code).
    var source: String
  }

  static let open: Character = "\u{E000}"
  static let close: Character = "\u{E001}"

  var markdown = ""
  var formulas: [Formula] = []

  /// Protects `prose`. The placeholder characters themselves are private-use characters with
  /// no meaning; any already in the prose become U+FFFD so that they cannot pose as one.
  init(_ prose: String) {
    let cleaned = String(
      prose.map { $0 == Self.open || $0 == Self.close ? "\u{FFFD}" : $0 })
    var paragraph: [Character] = []
    var fence: (character: Character, length: Int)?
    var previousBlank = true
    var inIndentedCode = false
    // The content indentation of the list item the text is in (0 outside lists): inside an
    // item, code starts four columns further in.
    var listIndent = 0
    func flush() {
      protectParagraph(paragraph)
      paragraph = []
    }
    for line in cleaned.split(separator: "\n", omittingEmptySubsequences: false) {
      let blank = line.allSatisfy { $0 == " " || $0 == "\t" }
      if let open = fence {
        markdown += line + "\n"
        if let close = Self.fenceMarker(line), close.character == open.character,
          close.length >= open.length
        {
          fence = nil
        }
        continue
      }
      if let marker = Self.fenceMarker(line) {
        flush()
        fence = marker
        markdown += line + "\n"
        continue
      }
      let indent = Self.indentation(line)
      if !blank && previousBlank && indent < listIndent { listIndent = 0 }
      let isCode = indent >= listIndent + 4 && (previousBlank || inIndentedCode)
      if !blank && isCode && paragraph.isEmpty {
        inIndentedCode = true
        markdown += line + "\n"
        previousBlank = false
        continue
      }
      if let item = Self.listItemContentIndent(line) { listIndent = item }
      if blank {
        flush()
        markdown += line + "\n"
      } else {
        inIndentedCode = false
        paragraph += Array(line) + ["\n"]
      }
      previousBlank = blank
    }
    flush()
    markdown.removeLast()
  }

  /// Leading columns of white space (a tab counts four).
  static func indentation(_ line: Substring) -> Int {
    var columns = 0
    for character in line {
      if character == " " {
        columns += 1
      } else if character == "\t" {
        columns += 4 - columns % 4
      } else {
        break
      }
    }
    return columns
  }

  /// Where the text of a list item starts (`- item` → 2, `  10. item` → 6), or nil when the
  /// line starts no list item.
  static func listItemContentIndent(_ line: Substring) -> Int? {
    let indent = indentation(line)
    let rest = line.drop { $0 == " " || $0 == "\t" }
    var marker = 0
    if let first = rest.first, first == "-" || first == "*" || first == "+" {
      marker = 1
    } else {
      let digits = rest.prefix { $0.isASCII && $0.isNumber }.count
      let after = rest.dropFirst(digits).first
      guard (1...9).contains(digits), after == "." || after == ")" else { return nil }
      marker = digits + 1
    }
    let spaces = rest.dropFirst(marker).prefix { $0 == " " }.count
    guard spaces >= 1 else { return nil }
    return indent + marker + (spaces <= 4 ? spaces : 1)
  }

  /// ```` ``` ```` or `~~~` (three or more) after at most three spaces.
  static func fenceMarker(_ line: Substring) -> (character: Character, length: Int)? {
    let indent = line.prefix { $0 == " " }.count
    guard indent <= 3 else { return nil }
    let rest = line.dropFirst(indent)
    guard let first = rest.first, first == "`" || first == "~" else { return nil }
    let length = rest.prefix { $0 == first }.count
    return length >= 3 ? (first, length) : nil
  }

  /// Copies a paragraph's text to `markdown`, formulas replaced by placeholders.
  private mutating func protectParagraph(_ text: [Character]) {
    var index = 0
    while index < text.count {
      let character = text[index]
      if character == "\\" && index + 1 < text.count && Self.isEscapable(text[index + 1]) {
        markdown += String(text[index...(index + 1)])
        index += 2
      } else if character == "`" {
        let end = Self.codeSpanEnd(text, from: index)
        markdown += String(text[index..<end])
        index = end
      } else if character == "$", let end = Self.formulaEnd(text, from: index) {
        let display = text[index + 1] == "$"
        let delimiter = display ? 2 : 1
        let tex = String(text[(index + delimiter)..<(end - delimiter)])
        markdown += "\(Self.open)\(formulas.count)\(Self.close)"
        formulas.append(Formula(tex: tex, display: display, source: String(text[index..<end])))
        index = end
      } else {
        markdown.append(character)
        index += 1
      }
    }
  }

  /// ASCII punctuation, which a backslash escapes in Markdown (`\$` is a dollar).
  static func isEscapable(_ character: Character) -> Bool {
    character.isASCII && (character.isPunctuation || character.isSymbol)
  }

  /// The index after a code span starting at `start` (a run of backticks closed by a run of
  /// the same length), or after the backtick run alone when nothing closes it.
  static func codeSpanEnd(_ text: [Character], from start: Int) -> Int {
    var runEnd = start
    while runEnd < text.count && text[runEnd] == "`" { runEnd += 1 }
    let length = runEnd - start
    var index = runEnd
    while index < text.count {
      guard text[index] == "`" else {
        index += 1
        continue
      }
      var closeEnd = index
      while closeEnd < text.count && text[closeEnd] == "`" { closeEnd += 1 }
      if closeEnd - index == length { return closeEnd }
      index = closeEnd
    }
    return runEnd
  }

  /// The index after the formula starting at `start` (`$$…$$`, or `$…$` whose opening `$` is
  /// not followed by a space and whose closing `$` is neither after a space nor before a
  /// digit), or nil when this dollar opens none.
  static func formulaEnd(_ text: [Character], from start: Int) -> Int? {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" }
    if start + 1 < text.count && text[start + 1] == "$" {
      var index = start + 2
      while index + 1 < text.count {
        if text[index] == "\\" {
          index += 2
          continue
        }
        if text[index] == "$" && text[index + 1] == "$" {
          return index > start + 2 ? index + 2 : nil
        }
        index += 1
      }
      return nil
    }
    guard start + 1 < text.count, !isSpace(text[start + 1]) else { return nil }
    var index = start + 1
    while index < text.count {
      if text[index] == "\\" {
        index += 2
        continue
      }
      if text[index] == "$" {
        let afterDigit = index + 1 < text.count && text[index + 1].isNumber
        if isSpace(text[index - 1]) || afterDigit { return nil }
        return index + 1
      }
      index += 1
    }
    return nil
  }

  /// `text` split at placeholders into text and formulas (in order).
  func pieces(_ text: String) -> [MarkdownInline] {
    var result: [MarkdownInline] = []
    var pending = ""
    var rest = Substring(text)
    while let open = rest.firstIndex(of: Self.open) {
      pending += rest[..<open]
      let afterOpen = rest.index(after: open)
      guard let close = rest[afterOpen...].firstIndex(of: Self.close),
        let number = Int(rest[afterOpen..<close]), formulas.indices.contains(number)
      else {
        pending.append("\u{FFFD}")
        rest = rest[afterOpen...]
        continue
      }
      if !pending.isEmpty { result.append(.text(pending)) }
      pending = ""
      result.append(.math(tex: formulas[number].tex, display: formulas[number].display))
      rest = rest[rest.index(after: close)...]
    }
    pending += rest
    if !pending.isEmpty { result.append(.text(pending)) }
    return result
  }

  /// `text` with each placeholder put back as the formula was written (for code, link
  /// addresses and raw HTML, where a formula is just characters).
  func restored(_ text: String) -> String {
    pieces(text).map { piece in
      switch piece {
      case .math(let tex, let display): return display ? "$$\(tex)$$" : "$\(tex)$"
      default: return MarkdownInline.plainText([piece])
      }
    }.joined()
  }
}
