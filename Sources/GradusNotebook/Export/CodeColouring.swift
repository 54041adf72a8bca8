import GradusLanguage

/// Gradus code as XHTML with its tokens coloured by kind (keywords, numbers, strings,
/// comments), using the language's own lexer so the colours follow the language. The text
/// between tokens (spaces, comments) is kept exactly, so the code reads as written.
enum CodeColouring {
  static func html(_ code: String) -> String {
    let tokens = Lexer.tokenize(SourceFile(name: "<code>", text: code)).tokens
    let bytes = Array(code.utf8)
    var html = ""
    var offset = 0
    for token in tokens where token.kind != .eof && token.span.start >= offset {
      let end = min(token.span.end, bytes.count)
      html += gap(bytes[offset..<token.span.start])
      let text = XHTML.escaped(String(decoding: bytes[token.span.start..<end], as: UTF8.self))
      if let name = className(token.kind) {
        html += "<span class=\"\(name)\">" + text + "</span>"
      } else {
        html += text
      }
      offset = end
    }
    return html + gap(bytes[offset...])
  }

  static func className(_ kind: TokenKind) -> String? {
    switch kind {
    case .number: "num"
    case .string: "str"
    case .prose: "com"
    default: kind.isKeyword ? "kw" : nil
    }
  }

  /// Text between tokens: spaces, and comments from `#` to the end of the line.
  static func gap(_ bytes: ArraySlice<UInt8>) -> String {
    let text = String(decoding: bytes, as: UTF8.self)
    var html = ""
    var comment: String?
    for character in text {
      if comment == nil && character == "#" { comment = "" }
      if character == "\n", let open = comment {
        html += "<span class=\"com\">" + XHTML.escaped(open) + "</span>"
        comment = nil
      }
      if comment != nil {
        comment!.append(character)
      } else {
        html += XHTML.escaped(String(character))
      }
    }
    if let open = comment { html += "<span class=\"com\">" + XHTML.escaped(open) + "</span>" }
    return html
  }
}
