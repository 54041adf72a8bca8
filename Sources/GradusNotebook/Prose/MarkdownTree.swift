/// Prose as a tree of blocks holding inlines: what the terminal renderer and the HTML
/// exporter both walk, so that they always agree on what a lesson's Markdown means.
public indirect enum MarkdownBlock: Equatable, Sendable {
  case heading(level: Int, [MarkdownInline])
  case paragraph([MarkdownInline])
  /// Items, each a list of blocks; `start` is the first number of an ordered list.
  case list(ordered: Bool, start: Int, tight: Bool, items: [[MarkdownBlock]])
  case quote([MarkdownBlock])
  /// Fenced or indented code, as written (never reflowed); `language` from the fence's info.
  case code(language: String, text: String)
  /// A `$$…$$` display formula (TeX).
  case math(tex: String)
  case table(alignments: [TableAlignment], header: [[MarkdownInline]], rows: [[[MarkdownInline]]])
  case rule
  /// Raw HTML in the source: shown as the text it is, never interpreted.
  case html(String)
}

/// How a table column is aligned (GFM's `:--`, `:-:`, `--:`).
public enum TableAlignment: Equatable, Sendable {
  case none, left, center, right
}

public indirect enum MarkdownInline: Equatable, Sendable {
  /// Text, with source line breaks already joined (a space, or nothing between two Chinese
  /// characters).
  case text(String)
  case code(String)
  /// A `$…$` formula (TeX), or a `$$…$$` one inside a heading or table cell.
  case math(tex: String, display: Bool)
  case emphasis([MarkdownInline])
  case strong([MarkdownInline])
  case link(destination: String, [MarkdownInline])
  case image(source: String, alt: [MarkdownInline])
  case hardBreak
  /// Raw inline HTML: shown as text.
  case html(String)
}

extension MarkdownInline {
  /// The text a reader sees, without styles (for titles, alt text and neighbour tests).
  public static func plainText(_ inlines: [MarkdownInline]) -> String {
    inlines.map { inline in
      switch inline {
      case .text(let text), .code(let text), .html(let text): return text
      case .math(let tex, _): return tex
      case .emphasis(let children), .strong(let children), .link(_, let children),
        .image(_, let children):
        return plainText(children)
      case .hardBreak: return "\n"
      }
    }.joined()
  }
}
