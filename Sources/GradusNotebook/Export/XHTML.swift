import GradusPictures

/// Helpers that keep exported HTML well-formed XML (XHTML-style), so that the page opens in any
/// browser and also parses with an XML parser (which the tests use to check it).
enum XHTML {
  /// Text safe inside an element or a quoted attribute (characters XML forbids dropped).
  static func escaped(_ text: String) -> String { XMLText.escaped(text) }

  /// A link target the page may point to: `http:`/`https:` addresses, relative paths and
  /// `#` anchors. Anything with another scheme (`javascript:`, `data:`, `file:`, `vbscript:`)
  /// is refused, including schemes hidden by spaces, tabs or control characters, which
  /// browsers strip before reading the scheme.
  static func safeLink(_ destination: String) -> String? {
    let squeezed = String(
      String.UnicodeScalarView(
        destination.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
    guard !squeezed.isEmpty else { return nil }
    guard let colon = squeezed.firstIndex(of: ":") else { return destination }
    let beforeColon = squeezed[..<colon]
    // A colon after the path, query or fragment starts is not a scheme (`a/b:c`, `#x:y`).
    if beforeColon.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return destination }
    let scheme = beforeColon.lowercased()
    return scheme == "http" || scheme == "https" ? destination : nil
  }
}
