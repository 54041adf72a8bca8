extension String {
  /// The string without trailing spaces and tabs (no Foundation here).
  func trimmingTrailingSpaces() -> String {
    var result = Substring(self)
    while let last = result.last, last == " " || last == "\t" { result.removeLast() }
    return String(result)
  }
}
