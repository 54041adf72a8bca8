import Foundation

enum Composition {
  /// A letter and a combining mark as one precomposed character where Unicode has one
  /// (`y` + U+0302 is `ŷ`), so terminals that draw combining marks badly still show it.
  static func composed(_ text: String) -> String {
    text.precomposedStringWithCanonicalMapping
  }
}
