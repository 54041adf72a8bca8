/// The two-dimensional layout of display math (READER.md §3): fractions stacked over a rule,
/// limits centred under and over `Σ`, `\left…\right` delimiters stretched to their content.
/// Inside a fraction, a limit or a script everything is set inline, so a fraction is three rows.
struct DisplayRenderer {
  /// Scripts stay on the line as Unicode script characters only when every script laid out in
  /// two dimensions has them; otherwise all are set a row lower or higher, full size.
  let unicodeScripts: Bool
  private let inline = InlineRenderer(unicode: true)

  init(formula: [MathNode]) {
    unicodeScripts = formula.allSatisfy(Self.scriptsHaveUnicode)
  }

  func box(_ nodes: [MathNode]) -> TextBox {
    TextBox.beside(MathSpacing.spaced(nodes, inScript: false).map { (box($0.node), $0.gapBefore) })
  }

  func box(_ node: MathNode) -> TextBox {
    switch node {
    case .group(let nodes): return box(nodes)
    case .scripts(let base, let sub, let sup): return scripts(base, sub: sub, sup: sup)
    case .fraction(let numerator, let denominator): return fraction(numerator, denominator)
    case .root(let radicand, let index): return root(radicand, index: index)
    case .fenced(let left, let body, let right): return fenced(left, body, right)
    case .accent(let base, let accent):
      let baseBox = box(base)
      guard baseBox.height > 1 else { return TextBox(inline.text(node)) }
      return TextBox.stacked([TextBox(accent.mathML), baseBox], baseline: baseBox.baseline + 1)
    default: return TextBox(inline.text(node))
    }
  }

  private func scripts(_ base: MathNode, sub: MathNode?, sup: MathNode?) -> TextBox {
    let baseBox = box(base)
    if base.hasLimits {
      let above = sup.map { [TextBox(inline.text($0, inScript: true))] } ?? []
      let below = sub.map { [TextBox(inline.text($0, inScript: true))] } ?? []
      return TextBox.stacked(above + [baseBox] + below, baseline: above.count + baseBox.baseline)
    }
    if unicodeScripts {
      let subText = sub.map { inline.script($0, superscript: false) } ?? ""
      let supText = sup.map { inline.script($0, superscript: true) } ?? ""
      var rows = Array(repeating: "", count: baseBox.height)
      rows[rows.count - 1] = subText
      rows[0] += supText
      return TextBox.beside([(baseBox, 0), (TextBox(rows: rows, baseline: baseBox.baseline), 0)])
    }
    // Full-size scripts a row above the base's top and below its bottom.
    let above = sup.map { [inline.text($0, inScript: true)] } ?? []
    let below = sub.map { [inline.text($0, inScript: true)] } ?? []
    let baseline = above.count + baseBox.baseline
    let baseColumn = TextBox(
      rows: above.map { _ in "" } + baseBox.rows + below.map { _ in "" }, baseline: baseline)
    let scriptColumn = TextBox(
      rows: above + Array(repeating: "", count: baseBox.height) + below, baseline: baseline)
    return TextBox.beside([(baseColumn, 0), (scriptColumn, 0)])
  }

  /// Numerator, a rule of `─` two columns wider than the wider part, denominator; centred.
  private func fraction(_ numerator: MathNode, _ denominator: MathNode) -> TextBox {
    let top = TextBox(inline.text(numerator))
    let bottom = TextBox(inline.text(denominator))
    let rule = TextBox(String(repeating: "─", count: max(top.width, bottom.width) + 2))
    return TextBox.stacked([top, rule, bottom], baseline: 1)
  }

  /// `√dₖ` for an atom; a compound radicand of one row gets an overline of `_` on the row
  /// above. A taller radicand (a fraction) gets a sign as tall as it, whose bar spans its top:
  ///
  ///         ________
  ///        ╱  a + b
  ///       ╱  ───────
  ///     ╲╱      2
  private func root(_ radicand: MathNode, index: MathNode?) -> TextBox {
    let sign = inline.rootSign(index: index)
    let body = box(radicand)
    if InlineRenderer.isAtomic(radicand.rowNodes), body.height == 1 {
      return TextBox(sign + body.rows[0])
    }
    guard body.height > 1 else {
      let signWidth = displayColumns(sign)
      let overline =
        String(repeating: " ", count: signWidth) + String(repeating: "_", count: body.width)
      return TextBox(rows: [overline, sign + body.rows[0]], baseline: 1)
    }
    // The index (`∛`'s 3, `ⁿ√`'s n) stands before the foot of the sign.
    let indexText = sign.hasSuffix("√") ? String(sign.dropLast()) : ""
    let foot = indexText + "╲╱"
    let footWidth = displayColumns(foot)
    let rise = body.height - 1
    let signWidth = footWidth + rise
    let blank = { (count: Int) in String(repeating: " ", count: count) }
    let overline = blank(signWidth) + String(repeating: "_", count: body.width + 1)
    let rows = body.rows.indices.map { row -> String in
      // Row r from the bottom holds the diagonal r columns right of the foot's `╱`.
      let fromBottom = body.height - 1 - row
      guard fromBottom > 0 else { return foot + blank(rise) + " " + body.rows[row] }
      let column = footWidth - 1 + fromBottom
      return blank(column) + "╱" + blank(signWidth - column - 1) + " " + body.rows[row]
    }
    return TextBox(rows: [overline] + rows, baseline: body.baseline + 1)
  }

  private func fenced(_ left: MathAtom?, _ body: [MathNode], _ right: MathAtom?) -> TextBox {
    let bodyBox = box(body)
    let height = bodyBox.height
    let column = { (delimiter: MathAtom?) in
      TextBox(
        rows: Delimiters.stretched(delimiter?.text ?? "", rows: height, middle: bodyBox.baseline),
        baseline: bodyBox.baseline)
    }
    return TextBox.beside([(column(left), 0), (bodyBox, 0), (column(right), 0)])
  }

  /// Whether every script that the layout sets in two dimensions has Unicode script
  /// characters; fraction parts, limits and scripts of scripts are set inline anyway.
  private static func scriptsHaveUnicode(_ node: MathNode) -> Bool {
    let inline = InlineRenderer(unicode: true)
    switch node {
    case .scripts(let base, let sub, let sup):
      if base.hasLimits { return true }
      return scriptsHaveUnicode(base)
        && sub.map { inline.unicodeScript($0, superscript: false) != nil } ?? true
        && sup.map { inline.unicodeScript($0, superscript: true) != nil } ?? true
    case .group(let nodes), .fenced(_, let nodes, _): return nodes.allSatisfy(scriptsHaveUnicode)
    case .root(let radicand, _), .accent(let radicand, _): return scriptsHaveUnicode(radicand)
    default: return true
    }
  }
}

extension MathNode {
  /// A `\sum` or `\max` whose scripts go below and above it in display.
  var hasLimits: Bool {
    switch self {
    case .largeOperator(_, let limits), .function(_, let limits): return limits
    default: return false
    }
  }
}
