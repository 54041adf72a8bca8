import GradusText

/// Prose cells as the terminal shows them: Markdown rendered and reflowed to the width in
/// display columns (Chinese laid out by the Chinese rules), formulas typeset as text. With
/// `styled` off (a pipe, `NO_COLOR`, `TERM=dumb`) the layout is the same without escape codes,
/// and code spans keep their backticks.
public struct TerminalProse: Sendable {
  /// The width of the text, in columns.
  public var columns: Int
  /// Whether to use escape codes (bold, italic, dim, colour).
  public var styled: Bool
  /// Whether formulas, rules, bullets and tables may use Unicode (scripts, box drawing).
  public var unicode: Bool
  let breaker: LineBreaker
  let glyphs: ProseGlyphs

  /// - Parameter width: how wide characters are; by default from the environment
  ///   (`GRADUS_AMBIGUOUS_WIDE`).
  public init(
    columns: Int, styled: Bool, unicode: Bool = true, width: DisplayWidth = .standard
  ) {
    self.columns = max(20, columns)
    self.styled = styled
    self.unicode = unicode
    breaker = LineBreaker(width: width)
    glyphs = unicode ? .unicode : .ascii
  }

  /// The rendered prose, lines joined by `\n` (no final newline).
  public func render(_ markdown: String) -> String {
    lines(MarkdownParser.parse(markdown), columns: columns).joined(separator: "\n")
  }

  /// Blocks with one blank line between them (none in a tight list item).
  func lines(_ blocks: [MarkdownBlock], columns: Int, tight: Bool = false) -> [String] {
    var result: [String] = []
    for block in blocks {
      if !result.isEmpty && !tight { result.append("") }
      result += lines(block, columns: columns)
    }
    return result
  }

  func lines(_ block: MarkdownBlock, columns: Int) -> [String] {
    switch block {
    case .heading(let level, let inlines):
      let text = reflow(runs(inlines, ProseStyle(bold: true)), columns: columns)
      guard level <= 2 else { return text.map(draw) }
      let rule = self.rule(level == 1 ? glyphs.headingRule : glyphs.rule, columns: widest(text))
      return text.map(draw) + [rule]
    case .paragraph(let inlines):
      return reflow(runs(inlines, ProseStyle()), columns: columns).map(draw)
    case .list(let ordered, let start, let tight, let items):
      return list(ordered: ordered, start: start, tight: tight, items: items, columns: columns)
    case .quote(let blocks):
      let bar = String(glyphs.quote)
      return lines(blocks, columns: columns - 2).map { $0.isEmpty ? bar : bar + " " + $0 }
    case .code(_, let text):
      // Line by line: `printable` would turn the line breaks into replacement characters.
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      let shown = lines.map { Self.printable(String($0)) }.joined(separator: "\n")
      return CodeGutter.lines(shown, columns: columns, width: breaker.width)
    case .math(let tex):
      return ProseMath.displayLines(tex, columns: columns - 4, unicode: unicode).map {
        "    " + Self.printable($0)
      }
    case .table(let alignments, let header, let rows):
      return TerminalTable(prose: self, alignments: alignments, header: header, rows: rows)
        .lines(columns: columns)
    case .rule:
      return [rule(glyphs.rule, columns: columns)]
    case .html(let text):
      let trimmed = text.hasSuffix("\n") ? String(text.dropLast()) : text
      return trimmed.split(separator: "\n", omittingEmptySubsequences: false).flatMap {
        reflow([TextRun(String($0), style: ProseStyle())], columns: columns).map(draw)
      }
    }
  }

  /// Items behind `•` or right-aligned numbers, later lines indented under the first.
  func list(ordered: Bool, start: Int, tight: Bool, items: [[MarkdownBlock]], columns: Int)
    -> [String]
  {
    let last = start + items.count - 1
    let numberWidth = String(last).count
    var result: [String] = []
    for (offset, item) in items.enumerated() {
      let marker: String
      if ordered {
        let number = String(start + offset)
        marker = String(repeating: " ", count: numberWidth - number.count) + number + ". "
      } else {
        marker = glyphs.bullet + " "
      }
      let indent = String(repeating: " ", count: marker.count)
      let body = lines(item, columns: columns - marker.count, tight: tight)
      if !tight && !result.isEmpty { result.append("") }
      for (index, line) in (body.isEmpty ? [""] : body).enumerated() {
        result.append(index == 0 ? marker + line : line.isEmpty ? "" : indent + line)
      }
    }
    return result
  }

  /// `character` repeated to fill `columns`: box-drawing characters are East Asian Ambiguous,
  /// two columns each on an ambiguous-wide terminal.
  func rule(_ character: Character, columns: Int) -> String {
    String(repeating: character, count: max(1, columns / max(1, breaker.width.columns(character))))
  }

  func reflow(_ runs: [TextRun<ProseStyle>], columns: Int) -> [[TextRun<ProseStyle>]] {
    breaker.lines(runs, columns: columns)
  }

  func widest(_ lines: [[TextRun<ProseStyle>]]) -> Int {
    lines.map { line in line.reduce(0) { $0 + breaker.width.columns($1.text) } }.max() ?? 0
  }

  /// Inlines as styled runs: code spans break only at their spaces, formulas never.
  func runs(_ inlines: [MarkdownInline], _ style: ProseStyle) -> [TextRun<ProseStyle>] {
    inlines.flatMap { inline -> [TextRun<ProseStyle>] in
      switch inline {
      case .text(let text), .html(let text):
        return [TextRun(text, style: style)]
      case .code(let code):
        var codeStyle = style
        codeStyle.code = true
        return [
          TextRun(styled ? code : Self.backticked(code), style: codeStyle, breaking: .atSpaces)
        ]
      case .math(let tex, _):
        return [
          TextRun(ProseMath.inlineText(tex, unicode: unicode), style: style, breaking: .never)
        ]
      case .emphasis(let children):
        var inner = style
        inner.italic = true
        return runs(children, inner)
      case .strong(let children):
        var inner = style
        inner.bold = true
        return runs(children, inner)
      case .link(let destination, let children):
        return linked(runs(children, style), MarkdownInline.plainText(children), destination, style)
      case .image(let source, let alt):
        return linked(
          [TextRun("[" + MarkdownInline.plainText(alt) + "]", style: style)], "", source, style)
      case .hardBreak:
        return [TextRun("\n", style: style)]
      }
    }
  }

  /// A link as its text followed by its address in parentheses (dim), or the address alone
  /// when the text is the address.
  func linked(
    _ text: [TextRun<ProseStyle>], _ plain: String, _ destination: String, _ style: ProseStyle
  ) -> [TextRun<ProseStyle>] {
    var dim = style
    dim.dim = true
    if plain == destination || destination.isEmpty { return text }
    return text + [TextRun(" (" + destination + ")", style: dim)]
  }

  /// `` `code` ``, with a longer fence when the code holds backticks.
  static func backticked(_ code: String) -> String {
    guard code.contains("`") else { return "`" + code + "`" }
    return "`` " + code + " ``"
  }

  /// One line of runs, each styled run closed before the next starts and at the line's end.
  func draw(_ line: [TextRun<ProseStyle>]) -> String {
    line.map { run in
      let text = Self.printable(run.text)
      guard styled, let codes = run.style.escapeCodes else { return text }
      return "\u{1B}[" + codes + "m" + text + "\u{1B}[0m"
    }.joined()
  }

  /// Control characters (an escape sequence hidden in prose) shown as U+FFFD, never sent to
  /// the terminal; tabs become spaces.
  static func printable(_ text: String) -> String {
    guard
      text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    else { return text }
    return String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { scalar in
          if scalar == "\t" { return " " }
          return scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "\u{FFFD}" : scalar
        }))
  }
}

/// How a run of prose looks in the terminal.
struct ProseStyle: Equatable, Sendable {
  var bold = false
  var italic = false
  var dim = false
  var code = false

  /// The SGR parameters (`1;3`), or nil for plain text.
  var escapeCodes: String? {
    var codes: [String] = []
    if bold { codes.append("1") }
    if dim { codes.append("2") }
    if italic { codes.append("3") }
    if code { codes.append("36") }
    return codes.isEmpty ? nil : codes.joined(separator: ";")
  }
}
