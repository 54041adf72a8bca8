import CMarkGFM
import GradusText

/// Markdown (CommonMark with GFM tables) parsed by GitHub's cmark-gfm into a `MarkdownBlock`
/// tree, with `$…$`/`$$…$$` formulas protected from it (`MathProtection`).
public enum MarkdownParser {
  /// Registers the GFM extensions once, before the first parse.
  nonisolated(unsafe) private static let tableExtension: OpaquePointer? = {
    cmark_gfm_core_extensions_ensure_registered()
    return cmark_find_syntax_extension("table")
  }()

  public static func parse(_ markdown: String) -> [MarkdownBlock] {
    let protection = MathProtection(markdown)
    guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return [.html(markdown)] }
    defer { cmark_parser_free(parser) }
    if let tableExtension { cmark_parser_attach_syntax_extension(parser, tableExtension) }
    var source = protection.markdown
    source.withUTF8 { bytes in
      bytes.withMemoryRebound(to: CChar.self) {
        cmark_parser_feed(parser, $0.baseAddress, $0.count)
      }
    }
    guard let document = cmark_parser_finish(parser) else { return [.html(markdown)] }
    defer { cmark_node_free(document) }
    return TreeBuilder(protection: protection).blocks(childrenOf: document)
  }
}

/// Turns cmark's nodes into `MarkdownBlock`s and `MarkdownInline`s.
struct TreeBuilder {
  let protection: MathProtection

  func children(_ node: OpaquePointer) -> [OpaquePointer] {
    var result: [OpaquePointer] = []
    var child = cmark_node_first_child(node)
    while let current = child {
      result.append(current)
      child = cmark_node_next(current)
    }
    return result
  }

  func kind(_ node: OpaquePointer) -> String { String(cString: cmark_node_get_type_string(node)) }

  func literal(_ node: OpaquePointer) -> String {
    cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
  }

  func blocks(childrenOf node: OpaquePointer) -> [MarkdownBlock] {
    children(node).flatMap { blocks($0) }
  }

  func blocks(_ node: OpaquePointer) -> [MarkdownBlock] {
    switch kind(node) {
    case "heading":
      return [.heading(level: Int(cmark_node_get_heading_level(node)), inlines(childrenOf: node))]
    case "paragraph": return Self.splittingDisplayMath(inlines(childrenOf: node))
    case "list":
      let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
      return [
        .list(
          ordered: ordered, start: Int(cmark_node_get_list_start(node)),
          tight: cmark_node_get_list_tight(node) != 0,
          items: children(node).map { blocks(childrenOf: $0) })
      ]
    case "block_quote": return [.quote(blocks(childrenOf: node))]
    case "code_block":
      let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
      let text = protection.restored(literal(node))
      return [.code(language: info, text: text.hasSuffix("\n") ? String(text.dropLast()) : text)]
    case "thematic_break": return [.rule]
    case "html_block":
      let text = protection.restored(literal(node))
      return [.html(text.hasSuffix("\n") ? String(text.dropLast()) : text)]
    case "table": return [table(node)]
    default: return [.paragraph(inlines(childrenOf: node))]
    }
  }

  func table(_ node: OpaquePointer) -> MarkdownBlock {
    let count = Int(cmark_gfm_extensions_get_table_columns(node))
    let codes = cmark_gfm_extensions_get_table_alignments(node)
    let alignments: [TableAlignment] = (0..<count).map { column in
      switch codes.map({ UInt8($0[column]) }) {
      case UInt8(ascii: "l"): .left
      case UInt8(ascii: "c"): .center
      case UInt8(ascii: "r"): .right
      default: .none
      }
    }
    var header: [[MarkdownInline]] = []
    var rows: [[[MarkdownInline]]] = []
    for row in children(node) {
      let cells = children(row).map { inlines(childrenOf: $0) }
      if cmark_gfm_extensions_get_table_row_is_header(row) != 0 {
        header = cells
      } else {
        rows.append(cells)
      }
    }
    return .table(alignments: alignments, header: header, rows: rows)
  }

  func inlines(childrenOf node: OpaquePointer) -> [MarkdownInline] {
    Self.joiningSoftBreaks(children(node).map(inline))
  }

  /// One inline node; soft breaks come back as `nil` until `joiningSoftBreaks` decides them.
  func inline(_ node: OpaquePointer) -> [MarkdownInline]? {
    switch kind(node) {
    case "text": return protection.pieces(literal(node))
    case "code": return [.code(protection.restored(literal(node)))]
    case "emph": return [.emphasis(inlines(childrenOf: node))]
    case "strong": return [.strong(inlines(childrenOf: node))]
    case "link":
      let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
      return [.link(destination: protection.restored(url), inlines(childrenOf: node))]
    case "image":
      let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
      return [.image(source: protection.restored(url), alt: inlines(childrenOf: node))]
    case "linebreak": return [.hardBreak]
    case "softbreak": return nil
    case "html_inline": return [.html(protection.restored(literal(node)))]
    default: return [.text(protection.restored(literal(node)))]
    }
  }

  /// A source line break inside a paragraph becomes a space, or nothing between two wide
  /// characters (Chinese has no spaces between words). Neighbouring texts are merged.
  static func joiningSoftBreaks(_ pieces: [[MarkdownInline]?]) -> [MarkdownInline] {
    var result: [MarkdownInline] = []
    for (index, piece) in pieces.enumerated() {
      guard let piece else {
        let before = MarkdownInline.plainText(result).last
        let after = pieces[(index + 1)...].lazy.compactMap { $0 }.first.flatMap {
          MarkdownInline.plainText($0).first
        }
        append(.text(BreakRules.lineJoiner(after: before, before: after)), to: &result)
        continue
      }
      for inline in piece { append(inline, to: &result) }
    }
    return result
  }

  static func append(_ inline: MarkdownInline, to inlines: inout [MarkdownInline]) {
    if case .text(let text) = inline, case .text(let previous)? = inlines.last {
      inlines[inlines.count - 1] = .text(previous + text)
    } else if case .text(let text) = inline, text.isEmpty {
      return
    } else {
      inlines.append(inline)
    }
  }

  /// A paragraph with `$$…$$` formulas in it: the text around each formula as paragraphs of
  /// their own, each formula as a display block (blank text around them dropped).
  static func splittingDisplayMath(_ inlines: [MarkdownInline]) -> [MarkdownBlock] {
    var blocks: [MarkdownBlock] = []
    var pending: [MarkdownInline] = []
    func flush() {
      while pending.first == .hardBreak { pending.removeFirst() }
      while pending.last == .hardBreak { pending.removeLast() }
      if case .text(let text)? = pending.first {
        let trimmed = String(text.drop(while: \.isWhitespace))
        if trimmed.isEmpty { pending.removeFirst() } else { pending[0] = .text(trimmed) }
      }
      if case .text(let text)? = pending.last {
        let trimmed = String(text.reversed().drop(while: \.isWhitespace).reversed())
        if trimmed.isEmpty {
          pending.removeLast()
        } else {
          pending[pending.count - 1] = .text(trimmed)
        }
      }
      if !pending.isEmpty { blocks.append(.paragraph(pending)) }
      pending = []
    }
    for inline in inlines {
      if case .math(let tex, display: true) = inline {
        flush()
        blocks.append(.math(tex: tex))
      } else {
        pending.append(inline)
      }
    }
    flush()
    return blocks
  }
}
