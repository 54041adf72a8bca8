/// A TeX formula, parsed once and rendered three ways (READER.md §3, §4): one line of terminal
/// text for `$…$`, a two-dimensional layout for `$$…$$`, and MathML for the HTML export.
///
/// The parser knows the TeX the lessons use and the common commands around it. It never fails:
/// an unknown command is shown as written and listed in `unknownCommands`.
public struct MathFormula: Sendable {
  /// The TeX source, without the `$` delimiters. Setting it parses the new source.
  public var source: String {
    didSet { (nodes, unknownCommands) = Self.parse(source) }
  }
  /// The commands the parser did not know, as written (`\foo`), in order of appearance.
  public private(set) var unknownCommands: [String]
  /// The top row of the formula.
  private(set) var nodes: [MathNode]

  public init(tex: String) {
    source = tex
    (nodes, unknownCommands) = Self.parse(tex)
  }

  /// The formula on one line: `Attention(Q, K, V) = softmax(QKᵀ/√dₖ)V`.
  public func inlineText(unicode: Bool = true) -> String {
    InlineRenderer(unicode: unicode).text(nodes)
  }

  /// The formula laid out for display: stacked fractions, limits under `Σ`, stretched
  /// delimiters. No line is wider than `width` display columns: a formula too wide is split at
  /// its top-level `\qquad`/`\quad`, and a part still too wide is set inline and wrapped after
  /// its relations and operators. Lines are not indented; without Unicode they are the ASCII
  /// inline form, wrapped the same way.
  public func displayLines(width: Int, unicode: Bool = true) -> [String] {
    DisplayLayout(unicode: unicode, width: width, formula: nodes).lines()
  }

  /// MathML Core (READER.md §4): `<math>` (with `display="block"` for display math) holding
  /// `<semantics>`, the rendering, and the TeX source as an `application/x-tex` annotation.
  public func mathML(display: Bool) -> String {
    MathMLRenderer().document(nodes, source: source, display: display)
  }

  private static func parse(_ tex: String) -> ([MathNode], [String]) {
    var parser = MathParser(tex)
    let nodes = parser.parseFormula()
    return (nodes, parser.unknownCommands)
  }
}

extension MathFormula: Equatable {
  public static func == (lhs: MathFormula, rhs: MathFormula) -> Bool {
    lhs.source == rhs.source
  }
}
