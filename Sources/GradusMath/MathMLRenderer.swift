/// MathML Core for the HTML export (READER.md §4). Plain delimiters are `stretchy="false"` so
/// that they do not grow to the tallest item beside them; `\left…\right` ones stretch.
struct MathMLRenderer {
  func document(_ nodes: [MathNode], source: String, display: Bool) -> String {
    let attributes = display ? #" display="block""# : ""
    return #"<math xmlns="http://www.w3.org/1998/Math/MathML"\#(attributes)>"#
      + "<semantics><mrow>\(row(nodes))</mrow>"
      + #"<annotation encoding="application/x-tex">\#(Self.escaped(source))</annotation>"#
      + "</semantics></math>"
  }

  private func row(_ nodes: [MathNode]) -> String {
    nodes.map(element).joined()
  }

  /// Exactly one element, as a script, a fraction part or a root index must be.
  private func argument(_ node: MathNode) -> String {
    let nodes = node.rowNodes
    if nodes.count == 1, !nodes[0].isBareFunction { return element(nodes[0]) }
    return "<mrow>\(row(nodes))</mrow>"
  }

  private func element(_ node: MathNode) -> String {
    switch node {
    case .atom(let atom): return self.atom(atom, plainDelimiter: true)
    case .largeOperator(let atom, _): return "<mo>\(Self.escaped(atom.mathML))</mo>"
    case .function(let name, _): return "<mi>\(Self.escaped(name))</mi>" + Self.functionApplication
    case .text(let text): return "<mtext>\(Self.textContent(text))</mtext>"
    case .space(let space): return #"<mspace width="\#(space.em)"/>"#
    case .group(let nodes): return "<mrow>\(row(nodes))</mrow>"
    case .scripts(let base, let sub, let sup): return scripts(base, sub: sub, sup: sup)
    case .fraction(let numerator, let denominator):
      return "<mfrac>\(argument(numerator))\(argument(denominator))</mfrac>"
    case .root(let radicand, nil): return "<msqrt>\(row(radicand.rowNodes))</msqrt>"
    case .root(let radicand, let index?):
      return "<mroot>\(argument(radicand))\(argument(index))</mroot>"
    case .fenced(let left, let body, let right):
      let fence = { (delimiter: MathAtom?) in
        delimiter.map { self.atom($0, plainDelimiter: false) } ?? ""
      }
      return "<mrow>\(fence(left))\(row(body))\(fence(right))</mrow>"
    case .accent(let base, let accent):
      return
        #"<mover accent="true">\#(argument(base))<mo>\#(Self.escaped(accent.mathML))</mo></mover>"#
    case .unknown(let written): return "<merror><mtext>\(Self.escaped(written))</mtext></merror>"
    }
  }

  private func atom(_ atom: MathAtom, plainDelimiter: Bool) -> String {
    let text = Self.escaped(atom.mathML)
    switch atom.kind {
    case .number: return "<mn>\(text)</mn>"
    case .identifier:
      let upright = atom.upright && atom.mathML.count == 1
      return upright ? #"<mi mathvariant="normal">\#(text)</mi>"# : "<mi>\(text)</mi>"
    case .operator:
      let fence = [.opening, .closing].contains(atom.spacing) || "|‖/".contains(atom.mathML)
      return plainDelimiter && fence ? #"<mo stretchy="false">\#(text)</mo>"# : "<mo>\(text)</mo>"
    }
  }

  /// `<msub>`, `<msup>`, `<msubsup>`; limits of `\sum` as `<munder>`, `<mover>`,
  /// `<munderover>` (MathML moves them beside the sign in inline math by itself). A function
  /// keeps its function application after the scripts: `log₂ x`.
  private func scripts(_ base: MathNode, sub: MathNode?, sup: MathNode?) -> String {
    let baseElement: String
    if case .function(let name, _) = base {
      baseElement = "<mi>\(Self.escaped(name))</mi>"
    } else {
      baseElement = argument(base)
    }
    let names =
      base.hasLimits
      ? (under: "munder", over: "mover", both: "munderover")
      : (under: "msub", over: "msup", both: "msubsup")
    let tag: String
    switch (sub, sup) {
    case (_?, _?): tag = names.both
    case (_?, nil): tag = names.under
    case (nil, _?): tag = names.over
    case (nil, nil): return element(base)
    }
    let scripts = [sub, sup].compactMap { $0.map(argument) }.joined()
    let application = base.isBareFunction ? Self.functionApplication : ""
    return "<\(tag)>\(baseElement)\(scripts)</\(tag)>" + application
  }

  /// U+2061 FUNCTION APPLICATION, the invisible operator between `tanh` and its argument.
  private static let functionApplication = "<mo>&#x2061;</mo>"

  /// Text for `<mtext>`: MathML trims edge spaces, so they become no-break spaces.
  private static func textContent(_ text: String) -> String {
    let leading = text.prefix { $0 == " " }.count
    let trailing = text.count == leading ? 0 : text.reversed().prefix { $0 == " " }.count
    let middle = text.dropFirst(leading).dropLast(trailing)
    let space = "&#xA0;"
    return String(repeating: space, count: leading) + escaped(String(middle))
      + String(repeating: space, count: trailing)
  }

  /// Text for an element or attribute. Characters XML 1.0 forbids (C0 controls but tab and
  /// newlines, U+FFFE, U+FFFF) mean nothing in TeX and would make the page unreadable to an XML
  /// parser, so they become spaces here, where every piece of text passes.
  static func escaped(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
      case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
        result += " "
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}

extension MathNode {
  /// A function name, which stands for two elements in MathML (the name and U+2061).
  var isBareFunction: Bool {
    if case .function = self { return true }
    return false
  }
}
