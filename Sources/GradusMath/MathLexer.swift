/// A token of TeX math: a command (`\frac`, `\,`) or one character. Spaces are skipped, as TeX
/// skips them in math mode.
enum MathToken: Equatable {
  /// The command's name without the backslash: `frac`, `,`, `{`.
  case command(String)
  case character(Character)
  case end
}

/// Reads TeX math one token at a time. The parser also asks for raw text (`\text{…}`), which
/// must not be tokenised because its spaces count.
struct MathLexer {
  private let characters: [Character]
  private var position = 0

  init(_ source: String) {
    characters = Array(source)
  }

  func peek() -> MathToken {
    var copy = self
    return copy.next()
  }

  mutating func next() -> MathToken {
    skipSpaces()
    guard position < characters.count else { return .end }
    let character = characters[position]
    position += 1
    guard character == "\\" else { return .character(character) }
    guard position < characters.count else { return .command("") }
    let first = characters[position]
    position += 1
    guard first.isASCIILetter else { return .command(String(first)) }
    var name = String(first)
    while position < characters.count, characters[position].isASCIILetter {
      name.append(characters[position])
      position += 1
    }
    return .command(name)
  }

  /// A character after the last token, without skipping spaces: a digit here continues a
  /// number, a `*` here stars a command (`\operatorname*`).
  func unspacedCharacter(_ offset: Int = 0) -> Character? {
    position + offset < characters.count ? characters[position + offset] : nil
  }

  mutating func skipCharacter() {
    position += 1
  }

  /// The raw text of a braced argument, `{` and the matching `}` removed, or nil when the next
  /// token is not `{` (nothing is consumed then). An unclosed group runs to the end.
  mutating func readBracedText() -> String? {
    skipSpaces()
    guard position < characters.count, characters[position] == "{" else { return nil }
    position += 1
    return readGroupRest()
  }

  /// The raw text up to the `}` that closes a group whose `{` was just read; the `}` is
  /// consumed, and an unclosed group runs to the end.
  mutating func readGroupRest() -> String {
    var depth = 1
    var text = ""
    while position < characters.count {
      let character = characters[position]
      position += 1
      if character == "\\", position < characters.count {
        text.append(character)
        text.append(characters[position])
        position += 1
        continue
      }
      if character == "{" { depth += 1 }
      if character == "}" {
        depth -= 1
        if depth == 0 { break }
      }
      text.append(character)
    }
    return text
  }

  private mutating func skipSpaces() {
    while position < characters.count, characters[position].isWhitespace { position += 1 }
  }
}

extension Character {
  var isASCIILetter: Bool { isASCII && isLetter }
}
