extension Value {
  /// The kind with its article, for messages: "an int", "a tensor", "none", "a `Linear` model".
  var kindWithArticle: String {
    switch self {
    case .none: return "none"
    case .object(let o): return "a `\(o.type.name)` model"
    default:
      let kind = kindName
      let vowel = kind.first.map { "aeiou".contains($0) } ?? false
      return (vowel ? "an " : "a ") + kind
    }
  }
}

/// "1 item", "3 items".
func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)" + (n == 1 ? "" : "s") }
