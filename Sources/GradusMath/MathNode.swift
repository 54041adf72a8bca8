/// How TeX spaces an item against its neighbours (The TeXbook, chapter 18, simplified to whole
/// columns): relations and binary operators get a space on each side, punctuation one after.
enum SpacingClass: Equatable, Sendable {
  case ordinary, largeOperator, function, binary, relation, opening, closing, punctuation
}

/// The spacing class of an item's left and right edges.
typealias EdgeSpacing = (left: SpacingClass, right: SpacingClass)

/// A leaf of the formula: a letter, a number, an operator, a fence or a named symbol, with its
/// spelling for each output.
struct MathAtom: Equatable, Sendable {
  enum Kind: Equatable, Sendable { case identifier, number, `operator` }

  var kind: Kind
  /// The terminal spelling with Unicode: `·`, `−`, `σ`.
  var text: String
  /// The spelling for a terminal without Unicode: `*`, `-`, `sigma`.
  var ascii: String
  /// The character inside `<mi>`/`<mo>`: usually `text`, `⋅` for `\cdot`, `∑` for `\sum`.
  var mathML: String
  var spacing: SpacingClass
  /// An identifier set upright (`\mathrm{d}`, capital Greek), not in the italic of variables.
  var upright: Bool = false

  static func identifier(_ text: String, ascii: String? = nil, upright: Bool = false) -> MathAtom {
    MathAtom(
      kind: .identifier, text: text, ascii: ascii ?? text, mathML: text, spacing: .ordinary,
      upright: upright)
  }

  static func number(_ digits: String) -> MathAtom {
    MathAtom(kind: .number, text: digits, ascii: digits, mathML: digits, spacing: .ordinary)
  }

  static func `operator`(
    _ text: String, _ spacing: SpacingClass, ascii: String? = nil, mathML: String? = nil
  ) -> MathAtom {
    MathAtom(
      kind: .operator, text: text, ascii: ascii ?? text, mathML: mathML ?? text, spacing: spacing)
  }
}

/// An explicit space: `\,` `\:` `\;` `\quad` `\qquad` `\!`, in terminal columns and in MathML ems.
struct MathSpace: Equatable, Sendable {
  var columns: Int
  var em: String
}

/// An accent over one symbol: `\hat{y}` is `y` with U+0302, composed to `ŷ` where Unicode can.
struct MathAccent: Equatable, Sendable {
  /// The TeX name without backslash, also the ASCII spelling: `hat(y)`.
  var name: String
  var combiningMark: Unicode.Scalar
  /// The accent character MathML puts in `<mover accent="true">`.
  var mathML: String
  /// Whether the accent may repeat over every character of a longer base, like a bar does.
  var spansCharacters: Bool
}

/// One node of a parsed formula. Lists of nodes are rows, spaced by `MathSpacing`.
indirect enum MathNode: Equatable, Sendable {
  case atom(MathAtom)
  /// `\sum`, `\prod`, `\int`: with limits above and below in display when `limits` is set.
  case largeOperator(MathAtom, limits: Bool)
  /// `\tanh`, `\max`, `\operatorname{softmax}`: an upright name applied to what follows.
  case function(String, limits: Bool)
  /// `\text{ untied}`: words, spaces kept.
  case text(String)
  case space(MathSpace)
  /// `{…}`, and the argument of a command.
  case group([MathNode])
  case scripts(base: MathNode, sub: MathNode?, sup: MathNode?)
  case fraction(numerator: MathNode, denominator: MathNode)
  case root(MathNode, index: MathNode?)
  /// `\left( … \right)`; a nil delimiter is TeX's `\left.` (nothing drawn).
  case fenced(left: MathAtom?, body: [MathNode], right: MathAtom?)
  case accent(MathNode, MathAccent)
  /// A command this parser does not know, shown as written.
  case unknown(String)

  var isScripts: Bool {
    if case .scripts = self { return true }
    return false
  }

  /// The nodes of a row: a group's children, or the node alone.
  var rowNodes: [MathNode] {
    if case .group(let nodes) = self { return nodes }
    return [self]
  }

  /// The spacing class of the node's left and right edges: a `\left(…\right)` spaces like an
  /// opening fence on its left and a closing one on its right.
  var spacing: EdgeSpacing {
    switch self {
    case .atom(let atom): return (atom.spacing, atom.spacing)
    case .largeOperator: return (.largeOperator, .largeOperator)
    case .function: return (.function, .function)
    case .scripts(let base, _, _): return base.spacing
    case .fenced: return (.opening, .closing)
    default: return (.ordinary, .ordinary)
    }
  }
}
