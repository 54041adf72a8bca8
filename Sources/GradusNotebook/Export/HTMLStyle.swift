/// The exported page's style sheet, inline in the page. Plain and print-friendly: the page is
/// for reading a lesson, so prose gets a comfortable measure and code and output stand apart.
enum HTMLStyle {
  static let css = """
    :root { color-scheme: light; }
    body { margin: 0; background: #fafafa; color: #1f2328;
      font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Noto Sans CJK SC",
        "WenQuanYi Micro Hei", sans-serif; }
    /* A math font by name: with a text font Chromium draws no stretched parentheses and a
       broken radical bar (READER.md §4). */
    math { font-family: "Latin Modern Math", "STIX Two Math", "DejaVu Math TeX Gyre", math; }
    math[display="block"] { margin: 0.8em 0; }
    main { max-width: 900px; margin: 0 auto; padding: 24px 20px 48px; background: #ffffff; }
    .meta, footer { color: #59636e; font-size: 13px; }
    footer { max-width: 900px; margin: 0 auto; padding: 12px 20px 32px; }
    .prose h1 { font-size: 1.9em; margin: 0.6em 0 0.3em; }
    .prose h2 { font-size: 1.4em; margin: 1.2em 0 0.3em; }
    .prose code { background: #eff1f3; padding: 0.1em 0.3em; border-radius: 4px; }
    .prose pre code { background: none; padding: 0; }
    .prose pre { background: #f6f8fa; padding: 8px 12px; border-radius: 6px; overflow-x: auto; }
    .prose blockquote { border-left: 4px solid #d0d7de; margin-left: 0; padding-left: 12px; color: #59636e; }
    .prose table { border-collapse: collapse; }
    .prose th, .prose td { border: 1px solid #d0d7de; padding: 4px 10px; }
    pre, code { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 14px; }
    .cell { margin: 18px 0; }
    .cell pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    .label { display: block; color: #8c959f; font: 12px ui-monospace, Menlo, Consolas, monospace; margin-bottom: 2px; }
    .in pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 12px; }
    .out { border-left: 3px solid #d0d7de; padding: 6px 0 6px 12px; margin-top: 6px; }
    .out > * + * { margin-top: 8px; }
    .out .text { color: #1f2328; }
    .value pre { color: #0b4f8a; }
    .error { background: #fff1f0; border: 1px solid #f5c2c0; border-radius: 6px; padding: 8px 12px; color: #82071e; }
    .kw { color: #8250df; } .num { color: #0550ae; } .str { color: #0a3069; }
    .com { color: #6e7781; font-style: italic; }
    .prose pre.raw { white-space: pre-wrap; }
    .skipped { color: #8c959f; font-style: italic; margin: 6px 0 0; }
    figure { margin: 4px 0; }
    figure svg { display: block; max-width: 100%; height: auto; }
    @media print { body { background: #ffffff; } main { padding: 0; } .cell { break-inside: avoid; } }

    """
}
