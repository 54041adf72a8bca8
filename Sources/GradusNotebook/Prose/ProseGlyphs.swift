/// The characters prose is drawn with: box drawing and a bullet where the terminal has
/// Unicode, ASCII where its locale is not UTF-8.
struct ProseGlyphs: Sendable {
  /// Under a level-1 heading, and under the others.
  var headingRule: Character
  var rule: Character
  var bullet: String
  var quote: Character
  /// Table borders: the vertical line, and the left/middle/right corners of the top, the line
  /// under the header, and the bottom.
  var vertical: Character
  var top: (Character, Character, Character)
  var middle: (Character, Character, Character)
  var bottom: (Character, Character, Character)

  static let unicode = ProseGlyphs(
    headingRule: "═", rule: "─", bullet: "•", quote: "┃", vertical: "│", top: ("┌", "┬", "┐"),
    middle: ("├", "┼", "┤"), bottom: ("└", "┴", "┘"))

  static let ascii = ProseGlyphs(
    headingRule: "=", rule: "-", bullet: "*", quote: "|", vertical: "|", top: ("+", "+", "+"),
    middle: ("+", "+", "+"), bottom: ("+", "+", "+"))
}
