/// "Did you mean …?" suggestions by edit distance, as in Elm's
/// `Reporting/Suggest.hs`.
public enum Suggest {
  /// Up to `limit` candidates close to `name`, nearest first.
  ///
  /// Closeness is the Damerau–Levenshtein distance (optimal string alignment:
  /// insertions, deletions, substitutions and swaps of neighbours each cost 1)
  /// ignoring case. The allowed distance grows with the name: names of up to
  /// 2 characters only match up to case (`x1` should not suggest `x2`), up to
  /// 4 characters allow 1 edit, up to 8 allow 2, longer names 3. Ties are
  /// broken alphabetically so the output is deterministic. `name` itself is
  /// never suggested.
  public static func nearest(
    _ name: String, in candidates: some Sequence<String>, limit: Int = 3
  ) -> [String] {
    let target = Array(name.lowercased())
    let threshold = maxDistance(forLength: target.count)
    var scored: [(distance: Int, candidate: String)] = []
    var seen = Set<String>()
    for candidate in candidates where candidate != name && seen.insert(candidate).inserted {
      let other = Array(candidate.lowercased())
      guard abs(other.count - target.count) <= threshold else { continue }
      let d = distance(target, other)
      if d <= threshold { scored.append((d, candidate)) }
    }
    scored.sort { ($0.distance, $0.candidate) < ($1.distance, $1.candidate) }
    return scored.prefix(Swift.max(0, limit)).map(\.candidate)
  }

  /// The case-insensitive optimal-string-alignment distance between two strings.
  public static func distance(_ a: String, _ b: String) -> Int {
    distance(Array(a.lowercased()), Array(b.lowercased()))
  }

  /// "did you mean `loss`?" or "did you mean `a`, `b` or `c`?"; nil when empty.
  public static func didYouMean(_ suggestions: [String]) -> String? {
    let quoted = suggestions.map { "`\($0)`" }
    guard let last = quoted.last else { return nil }
    if quoted.count == 1 { return "did you mean \(last)?" }
    return "did you mean \(quoted.dropLast().joined(separator: ", ")) or \(last)?"
  }

  static func maxDistance(forLength length: Int) -> Int {
    switch length {
    case ...2: 0
    case ...4: 1
    case ...8: 2
    default: 3
    }
  }

  /// Dynamic programming over three rows (the swap looks two rows back).
  static func distance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var twoBack = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var best = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          best = Swift.min(best, twoBack[j - 2] + 1)
        }
        current[j] = best
      }
      (twoBack, previous, current) = (previous, current, twoBack)
    }
    return previous[b.count]
  }
}
