/// The characters Unicode has as sub- and superscripts, restricted to those common monospace
/// fonts draw (READER.md §3): no Greek, no `q` above, few letters below.
enum ScriptCharacters {
  static let subscripts: [Character: Character] = table(
    from: "0123456789+−=()aehijklmnoprstuvx",
    to: "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")

  static let superscripts: [Character: Character] = table(
    from: "0123456789+−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW⊤′",
    to: "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵀ′")

  /// The script in Unicode script characters, or nil when any character has none: scripts are
  /// all or nothing, never half raised.
  static func script(_ text: String, superscript: Bool) -> String? {
    let table = superscript ? superscripts : subscripts
    var result = ""
    for character in text {
      guard let scripted = table[character] else { return nil }
      result.append(scripted)
    }
    return text.isEmpty ? nil : result
  }

  private static func table(from plain: String, to scripted: String) -> [Character: Character] {
    precondition(plain.count == scripted.count, "script tables must pair up")
    return Dictionary(zip(plain, scripted), uniquingKeysWith: { first, _ in first })
  }
}
