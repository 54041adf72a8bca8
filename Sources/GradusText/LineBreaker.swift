/// How a run of text may be broken across lines.
public enum RunBreaking: Equatable, Sendable {
  /// By the prose rules (`BreakRules`).
  case prose
  /// Only at its own spaces (a code span).
  case atSpaces
  /// Never inside (an inline formula).
  case never
}

/// A piece of text with one style, and how it may be broken across lines.
public struct TextRun<Style: Equatable>: Equatable {
  public var text: String
  public var style: Style
  public var breaking: RunBreaking

  public init(_ text: String, style: Style, breaking: RunBreaking = .prose) {
    self.text = text
    self.style = style
    self.breaking = breaking
  }
}

/// Fills lines greedily up to a width in display columns: runs are cut only where
/// `BreakRules` allows it, the spaces at a break are dropped, a `\n` in a run forces a break,
/// and a piece longer than a whole line is cut between two grapheme clusters.
public struct LineBreaker: Sendable {
  public var width: DisplayWidth

  public init(width: DisplayWidth = .standard) { self.width = width }

  /// One character of the text being laid out, with the run it came from.
  struct Glyph {
    var character: Character
    var run: Int
    var columns: Int
  }

  /// `text` with `|` at every place a line may break (for tests and for reading the rules).
  public func marked(_ text: String) -> String {
    let glyphs = text.map { Glyph(character: $0, run: 0, columns: 1) }
    let breaks = opportunities(glyphs, breaking: [.prose])
    var result = ""
    for (index, glyph) in glyphs.enumerated() {
      if breaks[index] { result += "|" }
      result.append(glyph.character)
    }
    return result
  }

  /// The lines of `runs` no wider than `columns`, each a list of runs (neighbouring runs of
  /// one style merged), without trailing spaces.
  public func lines<Style>(_ runs: [TextRun<Style>], columns: Int) -> [[TextRun<Style>]] {
    var glyphs: [Glyph] = []
    for (index, run) in runs.enumerated() {
      for character in run.text {
        glyphs.append(Glyph(character: character, run: index, columns: width.columns(character)))
      }
    }
    let breaks = opportunities(glyphs, breaking: runs.map(\.breaking))
    return fill(glyphs, breaks: breaks, columns: max(1, columns)).map { range in
      Self.merged(glyphs[range], runs)
    }
  }

  /// `text` as plain lines no wider than `columns`.
  public func lines(_ text: String, columns: Int) -> [String] {
    lines([TextRun(text, style: 0)], columns: columns).map { $0.map(\.text).joined() }
  }

  /// `breaks[i]`: whether a line may break before glyph `i`.
  func opportunities(_ glyphs: [Glyph], breaking: [RunBreaking]) -> [Bool] {
    var breaks = [Bool](repeating: false, count: glyphs.count)
    var lastWord: Character?
    for index in glyphs.indices.dropFirst() {
      let before = glyphs[index - 1]
      let after = glyphs[index]
      if before.character == "\n" {
        lastWord = nil
        continue
      }
      if !BreakRules.isSpace(before.character) { lastWord = before.character }
      if after.character == "\n" || BreakRules.isSpace(after.character) { continue }
      let sameRun = before.run == after.run
      if sameRun && breaking[after.run] == .never { continue }
      if BreakRules.isSpace(before.character) {
        breaks[index] = BreakRules.mayBreak(afterSpacesFollowing: lastWord, before: after.character)
      } else if !(sameRun && breaking[after.run] == .atSpaces) {
        breaks[index] = BreakRules.mayBreak(between: before.character, and: after.character)
      }
    }
    return breaks
  }

  /// Greedy fill: the glyph ranges of the lines, trailing spaces and forced `\n` left out.
  func fill(_ glyphs: [Glyph], breaks: [Bool], columns: Int) -> [Range<Int>] {
    var lines: [Range<Int>] = []
    var lineStart = 0
    var lineColumns = 0
    var segmentStart = 0
    func endLine(at end: Int) {
      lines.append(lineStart..<trimmedEnd(glyphs, lineStart, end))
      lineColumns = 0
    }
    func place(_ segment: Range<Int>) {
      let visible = segment.lowerBound..<trimmedEnd(glyphs, segment.lowerBound, segment.upperBound)
      let needed = visible.reduce(0) { $0 + glyphs[$1].columns }
      if lineColumns > 0 && lineColumns + needed > columns {
        endLine(at: segment.lowerBound)
        lineStart = segment.lowerBound
      }
      // A piece longer than a line: cut it between grapheme clusters.
      for index in segment {
        let glyph = glyphs[index]
        let isSpace = BreakRules.isSpace(glyph.character)
        if !isSpace && lineColumns > 0 && lineColumns + glyph.columns > columns {
          endLine(at: index)
          lineStart = index
        }
        lineColumns += glyph.columns
      }
    }
    for index in glyphs.indices {
      if glyphs[index].character == "\n" {
        place(segmentStart..<index)
        endLine(at: index)
        lineStart = index + 1
        segmentStart = index + 1
      } else if breaks[index] {
        place(segmentStart..<index)
        segmentStart = index
      }
    }
    place(segmentStart..<glyphs.count)
    if lineStart < glyphs.count || lines.isEmpty || lineColumns > 0 {
      lines.append(lineStart..<trimmedEnd(glyphs, lineStart, glyphs.count))
    }
    return lines
  }

  private func trimmedEnd(_ glyphs: [Glyph], _ start: Int, _ end: Int) -> Int {
    var end = end
    while end > start && BreakRules.isSpace(glyphs[end - 1].character) { end -= 1 }
    return end
  }

  /// The glyphs of one line as runs: consecutive glyphs of one source run (or of runs with
  /// the same style) become one run.
  static func merged<Style>(_ glyphs: ArraySlice<Glyph>, _ runs: [TextRun<Style>])
    -> [TextRun<Style>]
  {
    var result: [TextRun<Style>] = []
    var lastRun = -1
    for glyph in glyphs {
      let source = runs[glyph.run]
      if let last = result.last, glyph.run == lastRun || last.style == source.style {
        result[result.count - 1].text.append(glyph.character)
      } else {
        result.append(
          TextRun(String(glyph.character), style: source.style, breaking: source.breaking))
      }
      lastRun = glyph.run
    }
    return result
  }
}
