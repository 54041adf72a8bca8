/// A piece of an inline rendering: the text of one item of the top row, the space before it, and
/// whether the line may break after it.
struct InlinePiece {
  var text: String
  var gapBefore: Int
  var breakAfter: Bool
}

/// A formula as one line of text (READER.md §3): Unicode scripts where every character of a
/// script has one, else `x_(…)`/`x^(…)`; fractions as `a/b` with parentheses where needed.
/// Without Unicode: ASCII operators, `sqrt(…)`, `sum_(i=1)^n`.
struct InlineRenderer {
  var unicode: Bool

  func text(_ nodes: [MathNode], inScript: Bool = false) -> String {
    Self.joined(pieces(nodes, inScript: inScript))
  }

  static func joined(_ pieces: [InlinePiece]) -> String {
    pieces.map { String(repeating: " ", count: $0.gapBefore) + $0.text }.joined()
  }

  /// The items of a row as text. A function before a fraction takes it in parentheses:
  /// `sin(pos/10000^(2i/d))`.
  func pieces(_ nodes: [MathNode], inScript: Bool = false) -> [InlinePiece] {
    var pieces: [InlinePiece] = []
    var previous: MathNode?
    for item in MathSpacing.spaced(nodes, inScript: inScript) {
      var text = self.text(item.node, inScript: inScript)
      var gap = item.gapBefore
      if case .fraction = item.node, case .function = previous?.withoutScripts {
        text = "(" + text + ")"
        gap = 0
      }
      if !unicode, gap == 0, let last = pieces.last?.text.last, let first = text.first,
        last.isLetter || last.isNumber, first.isLetter || first.isNumber,
        previous.map(isSpelledOut) == true || isSpelledOut(item.node)
      {
        gap = 1  // `alpha x`, not `alphax`, when a symbol is spelled as a word
      }
      pieces.append(InlinePiece(text: text, gapBefore: gap, breakAfter: item.breakAfter))
      previous = item.node
    }
    return pieces
  }

  func text(_ node: MathNode, inScript: Bool = false) -> String {
    switch node {
    case .atom(let atom), .largeOperator(let atom, _): return unicode ? atom.text : atom.ascii
    case .function(let name, _): return name
    case .text(let text): return text
    case .unknown(let written): return written
    case .space(let space): return inScript ? "" : String(repeating: " ", count: space.columns)
    case .group(let nodes): return text(nodes, inScript: inScript)
    case .scripts(let base, let sub, let sup):
      return text(base, inScript: inScript) + (sub.map { script($0, superscript: false) } ?? "")
        + (sup.map { script($0, superscript: true) } ?? "")
    case .fraction(let numerator, let denominator):
      return fraction(numerator, denominator, inScript: inScript)
    case .root(let radicand, let index): return root(radicand, index: index, inScript: inScript)
    case .fenced(let left, let body, let right):
      return delimiter(left) + text(body, inScript: inScript) + delimiter(right)
    case .accent(let base, let accent): return self.accent(accent, over: base, inScript: inScript)
    }
  }

  /// A sub- or superscript: Unicode script characters if every character has one, else
  /// `_t`, `_ab`, `_(i+a,j+b)`.
  func script(_ node: MathNode, superscript: Bool) -> String {
    let plain = text(node, inScript: true)
    if plain.isEmpty { return "" }  // `x^{}`, or a script cut off at the end of the source
    if superscript, plain.allSatisfy({ $0 == "′" || $0 == "'" }) {
      return plain  // primes are already raised: `a′`, `a'`
    }
    if unicode, let scripted = ScriptCharacters.script(plain, superscript: superscript) {
      return scripted
    }
    return (superscript ? "^" : "_") + Self.parenthesized(plain, unless: Self.isWord(node))
  }

  /// The script in Unicode script characters, or nil: what the display layout asks before it
  /// decides to keep scripts on the line.
  func unicodeScript(_ node: MathNode, superscript: Bool) -> String? {
    ScriptCharacters.script(text(node, inScript: true), superscript: superscript)
  }

  /// `a/b`: a numerator that is not a product and a denominator that is not atomic go in
  /// parentheses, `1/(2n)`, `(a + b)/c`, `∂L/∂wᵢⱼ`.
  private func fraction(_ numerator: MathNode, _ denominator: MathNode, inScript: Bool) -> String {
    let top = text(numerator, inScript: inScript)
    let bottom = text(denominator, inScript: inScript)
    return Self.parenthesized(top, unless: Self.isProduct(numerator.rowNodes)) + "/"
      + Self.parenthesized(bottom, unless: Self.isAtomic(denominator.rowNodes))
  }

  private func root(_ radicand: MathNode, index: MathNode?, inScript: Bool) -> String {
    let body = text(radicand, inScript: inScript)
    guard unicode else {
      let name = index.map { "root[" + text($0, inScript: true) + "]" } ?? "sqrt"
      return name + "(" + body + ")"
    }
    return rootSign(index: index)
      + Self.parenthesized(body, unless: Self.isAtomic(radicand.rowNodes))
  }

  /// `√`, `∛`, `∜`, or the index as a Unicode superscript before `√` (`ⁿ√`), else `[n]√`.
  func rootSign(index: MathNode?) -> String {
    guard let index else { return "√" }
    let indexText = text(index, inScript: true)
    switch indexText {
    case "": return "√"
    case "3": return "∛"
    case "4": return "∜"
    default:
      return (ScriptCharacters.script(indexText, superscript: true) ?? "[\(indexText)]") + "√"
    }
  }

  private func delimiter(_ atom: MathAtom?) -> String {
    guard let atom else { return "" }
    return unicode ? atom.text : atom.ascii
  }

  /// `ŷ`: the combining mark after a one-character base, composed where Unicode has the
  /// composite; a bar over every character of a longer base; else `hat(xy)`.
  private func accent(_ accent: MathAccent, over base: MathNode, inScript: Bool) -> String {
    let body = text(base, inScript: inScript)
    guard unicode, !body.isEmpty else { return accent.name + "(" + body + ")" }
    let mark = String(Character(accent.combiningMark))
    if body.count == 1 { return Composition.composed(body + mark) }
    guard accent.spansCharacters else { return accent.name + "(" + body + ")" }
    return body.map { Composition.composed(String($0) + mark) }.joined()
  }

  private func isSpelledOut(_ node: MathNode) -> Bool {
    switch node.withoutScripts {
    case .atom(let atom), .largeOperator(let atom, _):
      return atom.ascii.count > 1 && atom.ascii != atom.text
    default: return false
    }
  }

  static func parenthesized(_ text: String, unless bare: Bool) -> String {
    bare ? text : "(" + text + ")"
  }

  /// A script that needs no parentheses after `_` or `^`: one symbol (`t`, `⊤`), or letters
  /// and numbers only (`ab`, `10`, `σ`) — judged on the atoms, since in ASCII `×` is spelled `x`.
  static func isWord(_ script: MathNode) -> Bool {
    let nodes = script.rowNodes
    if nodes.count == 1, case .atom = nodes[0] { return true }
    return !nodes.isEmpty
      && nodes.allSatisfy {
        if case .atom(let atom) = $0 { return atom.kind != .operator }
        return false
      }
  }

  /// Ordinary items side by side, as in `QKᵀ` or `2n`: no operator, relation or fraction.
  static func isProduct(_ nodes: [MathNode]) -> Bool {
    nodes.allSatisfy { node in
      switch node.withoutScripts {
      case .fraction, .space, .largeOperator, .function: return false
      case .atom(let atom): return atom.kind != .operator
      case .group(let inner): return isProduct(inner)
      default: return true
      }
    }
  }

  /// A single symbol, number, root or bracketed item (with scripts), or `∂` before one:
  /// nothing to misread after a `/`.
  static func isAtomic(_ nodes: [MathNode]) -> Bool {
    var nodes = nodes
    if nodes.count == 2, case .atom(let first) = nodes[0], first.text == "∂" { nodes.removeFirst() }
    guard nodes.count == 1 else { return false }
    switch nodes[0].withoutScripts {
    case .atom(let atom): return atom.kind != .operator
    case .root, .fenced, .accent, .text, .unknown: return true
    case .group(let inner): return isAtomic(inner)
    default: return false
    }
  }
}

extension MathNode {
  /// The base of a scripted node, or the node itself.
  var withoutScripts: MathNode {
    if case .scripts(let base, _, _) = self { return base.withoutScripts }
    return self
  }
}
