/// Where a line may break between two characters, by the rules Chinese typesetting uses
/// (GB/T 15834-2011 §5.1, the W3C's CLREQ) together with the parts of UAX #14 that English
/// prose needs. Swift has no line-break property, so the classes are small explicit lists.
///
/// - A line may break after spaces, between two Han characters, and between Han and Latin
///   text or digits.
/// - Closing punctuation (`，。）` `, . )`) never starts a line; opening punctuation (`（“` `(`)
///   never ends one.
/// - Latin words, numbers (`0.7071`, `1,557,611,200`), `GPT-3` and `∂L/∂w` stay whole; so do
///   `——` and `……`, and a line never breaks before `…`.
public enum BreakRules {
  /// Characters that never start a line.
  public static let neverStart: Set<Character> = [
    "，", "。", "、", "；", "：", "？", "！", "”", "’", "）", "〕", "】", "》", "〉", "」", "』",
    "〗", "］", "｝", "·", "％", "℃", "°", ",", ".", ";", ":", "?", "!", ")", "]", "}", "%",
  ]

  /// Characters that never end a line.
  public static let neverEnd: Set<Character> = [
    "“", "‘", "（", "〔", "【", "《", "〈", "「", "『", "〖", "［", "｛", "(", "[", "{",
  ]

  /// Characters that never end a line when a digit follows (`$5`, `−3`).
  static let signs: Set<Character> = ["$", "−", "-", "+", "±"]

  static let dash: Character = "—"
  static let ellipsis: Character = "…"

  /// Whether a space or a tab (at which a line may always break, dropping it).
  public static func isSpace(_ character: Character) -> Bool {
    character == " " || character == "\t" || character == "\u{3000}"
  }

  /// A wide character that is not punctuation: Han, kana, Hangul, emoji, fullwidth letters.
  static func isIdeographic(_ character: Character) -> Bool {
    guard let first = character.unicodeScalars.first else { return false }
    if neverStart.contains(character) || neverEnd.contains(character) { return false }
    return DisplayWidth.isWide(first) || first.properties.isEmojiPresentation
  }

  static func isWide(_ character: Character) -> Bool {
    character.unicodeScalars.first.map(DisplayWidth.isWide) ?? false
  }

  /// Whether a line may break between `before` and `after`, two characters that are not
  /// spaces and stand side by side.
  public static func mayBreak(between before: Character, and after: Character) -> Bool {
    if neverStart.contains(after) || neverEnd.contains(before) { return false }
    if signs.contains(before) && after.isNumber { return false }
    if before == dash && after == dash { return false }
    if after == ellipsis { return false }
    if before == "\u{200B}" { return true }
    if isIdeographic(before) || isIdeographic(after) { return true }
    // Fullwidth closing punctuation ends a phrase (`）η`); fullwidth opening starts one.
    if neverStart.contains(before) && isWide(before) { return true }
    if neverEnd.contains(after) && isWide(after) { return true }
    if before == dash || after == dash { return true }
    return before == ellipsis
  }

  /// Whether a line may break before `after`, which follows one or more spaces; `lastWord` is
  /// the last character before those spaces (nil at the start of the text).
  public static func mayBreak(afterSpacesFollowing lastWord: Character?, before after: Character)
    -> Bool
  {
    if neverStart.contains(after) { return false }
    if let lastWord, neverEnd.contains(lastWord) { return false }
    return true
  }

  /// What a source line break between two lines becomes when they are joined into one
  /// paragraph: nothing between two wide characters (Chinese has no spaces between words),
  /// otherwise one space (CSS Text 3, segment break transformation).
  public static func lineJoiner(after before: Character?, before after: Character?) -> String {
    guard let before, let after else { return " " }
    return isWide(before) && isWide(after) ? "" : " "
  }
}
