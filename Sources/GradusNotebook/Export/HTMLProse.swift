/// Prose as XHTML, from the same `MarkdownBlock` tree the terminal renders: every text and
/// attribute escaped, raw HTML shown as text, links only to `http(s)`, relative paths and
/// anchors, formulas as MathML. The result is well-formed XML whatever the prose holds.
enum HTMLProse {
  static func render(_ markdown: String) -> String {
    blocks(MarkdownParser.parse(markdown))
  }

  static func blocks(_ blocks: [MarkdownBlock], tight: Bool = false) -> String {
    blocks.map { block($0, tight: tight) }.joined(separator: "\n")
  }

  static func block(_ block: MarkdownBlock, tight: Bool) -> String {
    switch block {
    case .heading(let level, let content):
      let tag = "h\(min(max(level, 1), 6))"
      return "<\(tag)>" + inlines(content) + "</\(tag)>"
    case .paragraph(let content):
      // Items of a tight list hold their text directly, as Markdown renderers do.
      return tight ? inlines(content) : "<p>" + inlines(content) + "</p>"
    case .list(let ordered, let start, let isTight, let items):
      let open = ordered ? (start == 1 ? "<ol>" : "<ol start=\"\(start)\">") : "<ul>"
      let body = items.map { "<li>" + blocks($0, tight: isTight) + "</li>" }
      return open + "\n" + body.joined(separator: "\n") + "\n" + (ordered ? "</ol>" : "</ul>")
    case .quote(let children):
      return "<blockquote>\n" + blocks(children) + "\n</blockquote>"
    case .code(let language, let text):
      return code(language: language, text: text)
    case .math(let tex):
      return ProseMath.mathML(tex, display: true)
    case .table(let alignments, let header, let rows):
      return table(alignments, header, rows)
    case .rule:
      return "<hr/>"
    case .html(let text):
      return "<pre class=\"raw\">" + XHTML.escaped(text) + "</pre>"
    }
  }

  /// A code block; Gradus code (unlabelled, or labelled `gradus`) coloured.
  static func code(language: String, text: String) -> String {
    let name = language.split(separator: " ").first.map(String.init) ?? ""
    let isGradus = name.isEmpty || name == "gradus"
    let safeName = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    let label = safeName && !name.isEmpty ? " class=\"language-\(name)\"" : ""
    let body = isGradus ? CodeColouring.html(text) : XHTML.escaped(text)
    return "<pre><code\(label)>" + body + "</code></pre>"
  }

  static func table(
    _ alignments: [TableAlignment], _ header: [[MarkdownInline]], _ rows: [[[MarkdownInline]]]
  ) -> String {
    func row(_ cells: [[MarkdownInline]], tag: String) -> String {
      let html = cells.enumerated().map { column, cell in
        let style: String
        switch alignments.indices.contains(column) ? alignments[column] : .none {
        case .left: style = " style=\"text-align: left\""
        case .center: style = " style=\"text-align: center\""
        case .right: style = " style=\"text-align: right\""
        case .none: style = ""
        }
        return "<\(tag)\(style)>" + inlines(cell) + "</\(tag)>"
      }
      return "<tr>" + html.joined() + "</tr>"
    }
    return "<table>\n<thead>" + row(header, tag: "th") + "</thead>\n<tbody>\n"
      + rows.map { row($0, tag: "td") }.joined(separator: "\n") + "\n</tbody>\n</table>"
  }

  static func inlines(_ content: [MarkdownInline]) -> String {
    content.map(inline).joined()
  }

  static func inline(_ inline: MarkdownInline) -> String {
    switch inline {
    case .text(let text), .html(let text): return XHTML.escaped(text)
    case .code(let code): return "<code>" + XHTML.escaped(code) + "</code>"
    case .math(let tex, _): return ProseMath.mathML(tex, display: false)
    case .emphasis(let children): return "<em>" + inlines(children) + "</em>"
    case .strong(let children): return "<strong>" + inlines(children) + "</strong>"
    case .link(let destination, let children):
      return link(destination, inlines(children))
    case .image(let source, let alt):
      // No images from prose: the page loads nothing from outside. The picture is a link.
      return link(source, XHTML.escaped(MarkdownInline.plainText(alt)))
    case .hardBreak: return "<br/>"
    }
  }

  /// A link when its target is safe; otherwise only its text.
  static func link(_ destination: String, _ text: String) -> String {
    guard let safe = XHTML.safeLink(destination) else { return text }
    return "<a href=\"" + XHTML.escaped(safe) + "\">" + text + "</a>"
  }
}
