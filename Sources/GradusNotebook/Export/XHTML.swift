import GradusPictures
import Ink

/// Helpers that keep exported HTML well-formed XML (XHTML-style), so that the page opens in any
/// browser and also parses with an XML parser (which the tests use to check it).
enum XHTML {
  /// Text safe inside an element or a quoted attribute.
  static func escaped(_ text: String) -> String { XMLText.escaped(text) }

  /// Markdown as HTML (Ink), with the void elements Ink writes HTML-style (`<br>`, `<hr>`,
  /// `<img …>`) closed and stray ampersands (in link addresses) escaped.
  static func markdown(_ text: String) -> String {
    wellFormed(Ink.MarkdownParser().html(from: text))
  }

  static func wellFormed(_ html: String) -> String {
    closingVoidElements(escapingStrayAmpersands(html))
  }

  /// `&` that does not start an entity (`a=1&b=2` in a link) becomes `&amp;`.
  static func escapingStrayAmpersands(_ html: String) -> String {
    var result = ""
    var rest = Substring(html)
    while let index = rest.firstIndex(of: "&") {
      result += rest[..<index]
      rest = rest[index...]
      let length = entityLength(rest)
      result += length.map { String(rest.prefix($0)) } ?? "&amp;"
      rest = rest.dropFirst(length ?? 1)
    }
    return result + rest
  }

  /// `<br>` → `<br/>`, and the same for the other void elements; a `<` that starts no tag
  /// becomes `&lt;`.
  static func closingVoidElements(_ html: String) -> String {
    var result = ""
    var rest = Substring(html)
    while let index = rest.firstIndex(of: "<") {
      result += rest[..<index]
      rest = rest[index...]
      guard let close = rest.firstIndex(of: ">") else {
        result += "&lt;"
        rest = rest.dropFirst()
        continue
      }
      result += closedIfVoid(String(rest[...close]))
      rest = rest[rest.index(after: close)...]
    }
    return result + rest
  }

  /// The length of an entity or character reference at the start (`&amp;`, `&#39;`), if any.
  private static func entityLength(_ text: Substring) -> Int? {
    var length = 1
    for character in text.dropFirst() {
      length += 1
      if character == ";" { return length > 2 ? length : nil }
      if !(character.isLetter || character.isNumber || character == "#") || length > 12 {
        return nil
      }
    }
    return nil
  }

  static let voidElements: Set<String> = [
    "br", "hr", "img", "input", "meta", "link", "col", "wbr", "source",
  ]

  /// `<br>` → `<br/>`; other tags unchanged.
  private static func closedIfVoid(_ tag: String) -> String {
    let name = tag.dropFirst().prefix { $0.isLetter || $0.isNumber }.lowercased()
    guard voidElements.contains(name), !tag.hasSuffix("/>") else { return tag }
    return String(tag.dropLast()) + "/>"
  }
}
