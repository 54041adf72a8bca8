/// A recursive-descent parser for TeX math: the subset the lessons use, and the common commands
/// around it. It never fails: a command it does not know becomes a node shown as written, a group
/// left open closes at the end, a stray `}` or `\right` is drawn as the character it is.
struct MathParser {
  private var lexer: MathLexer
  private(set) var unknownCommands: [String] = []
  private var depth = 0
  /// Nesting deeper than this is shown as written instead of parsed, so that no input can
  /// exhaust the stack of the parser or of the renderers that walk the tree.
  static let maximumDepth = 64

  init(_ source: String) {
    lexer = MathLexer(source)
  }

  mutating func parseFormula() -> [MathNode] {
    var nodes: [MathNode] = []
    while true {
      nodes += parseList()
      switch lexer.next() {
      case .character("}"): nodes.append(.atom(.operator("}", .closing)))
      case .command("right"): nodes += parseDelimiter().map { [.atom($0)] } ?? []
      default: return nodes
      }
    }
  }

  /// Items up to the end, a `}`, a `\right` or `closing`, which is left for the caller.
  private mutating func parseList(endingAt closing: Character? = nil) -> [MathNode] {
    var nodes: [MathNode] = []
    while true {
      let token = lexer.peek()
      switch token {
      case .end, .character("}"), .command("right"): return nodes
      case .character(let character) where character == closing: return nodes
      default: _ = lexer.next()
      }
      switch token {
      case .character("^"): attach(parseArgument(), superscript: true, to: &nodes)
      case .character("_"): attach(parseArgument(), superscript: false, to: &nodes)
      case .character("'"): attach(readPrimes(), superscript: true, to: &nodes)
      default: if let node = parseItem(token) { nodes.append(node) }
      }
    }
  }

  /// One item of a list, from its first token (already consumed); nil for a command that
  /// draws nothing, like `\displaystyle`.
  private mutating func parseItem(_ token: MathToken) -> MathNode? {
    switch token {
    case .character("{"): return parseGroupBody()
    case .character("~"): return .space(MathSymbols.tie)
    case .character(let character) where character.isASCII && character.isNumber:
      return .atom(.number(readNumber(startingWith: character)))
    case .character(let character): return .atom(Self.atom(for: character))
    case .command(let name): return parseCommand(name)
    case .end: return nil
    }
  }

  /// The rest of a `{…}` group whose `{` was just read.
  private mutating func parseGroupBody() -> MathNode {
    guard depth < Self.maximumDepth else {
      return .unknown("{" + lexer.readGroupRest() + "}")
    }
    depth += 1
    defer { depth -= 1 }
    let nodes = parseList()
    if lexer.peek() == .character("}") { _ = lexer.next() }
    return .group(nodes)
  }

  /// The argument of a command or a script: a braced group or a single token (one digit of a
  /// number, as in TeX: `x^12` is x¹2).
  private mutating func parseArgument() -> MathNode {
    switch lexer.peek() {
    case .character("{"):
      _ = lexer.next()
      return parseGroupBody()
    case .end, .character("}"), .character("^"), .character("_"), .command("right"):
      return .group([])
    case .character(let character) where character.isASCII && character.isNumber:
      _ = lexer.next()
      return .atom(.number(String(character)))
    default:
      let token = lexer.next()
      guard depth < Self.maximumDepth else {
        if case .command(let name) = token { return .unknown("\\" + name) }
        return .group([])
      }
      depth += 1
      defer { depth -= 1 }
      return parseItem(token) ?? .group([])
    }
  }

  private mutating func parseCommand(_ name: String) -> MathNode? {
    if let atom = MathSymbols.greek[name] ?? MathSymbols.commands[name] { return .atom(atom) }
    if let large = MathSymbols.largeOperators[name] {
      return .largeOperator(large.atom, limits: large.limits)
    }
    if MathSymbols.functions.contains(name) { return .function(name, limits: false) }
    if MathSymbols.functionsWithLimits.contains(name) { return .function(name, limits: true) }
    if let space = MathSymbols.spaces[name] { return .space(space) }
    if let accent = MathSymbols.accents[name] { return .accent(parseArgument(), accent) }
    if MathSymbols.ignored.contains(name) { return nil }
    if MathSymbols.sizedDelimiters.contains(name) { return parseDelimiter().map { .atom($0) } }
    if MathSymbols.transparentStyles.contains(name) { return parseArgument() }
    if MathSymbols.uprightStyles.contains(name) { return Self.upright(parseArgument()) }
    if MathSymbols.textStyles.contains(name) { return .text(readText()) }
    switch name {
    case "frac", "dfrac", "tfrac", "cfrac":
      return .fraction(numerator: parseArgument(), denominator: parseArgument())
    case "sqrt": return parseRoot()
    case "left": return parseFenced()
    case "operatorname": return parseOperatorName()
    case "mathbb": return Self.doubleStruck(parseArgument())
    default:
      unknownCommands.append("\\" + name)
      return .unknown("\\" + name)
    }
  }

  /// `\sqrt{x}` or `\sqrt[n]{x}`.
  private mutating func parseRoot() -> MathNode {
    var index: MathNode?
    if lexer.peek() == .character("["), depth < Self.maximumDepth {
      _ = lexer.next()
      depth += 1
      index = .group(parseList(endingAt: "]"))
      depth -= 1
      if lexer.peek() == .character("]") { _ = lexer.next() }
    }
    return .root(parseArgument(), index: index)
  }

  /// `\left( … \right)`, whose `\left` was just read. A missing `\right` closes at the end.
  private mutating func parseFenced() -> MathNode {
    guard depth < Self.maximumDepth else { return .unknown("\\left") }
    let left = parseDelimiter()
    depth += 1
    let body = parseList()
    depth -= 1
    var right: MathAtom?
    if lexer.peek() == .command("right") {
      _ = lexer.next()
      right = parseDelimiter()
    }
    return .fenced(left: left, body: body, right: right)
  }

  /// The delimiter after `\left`, `\right` or `\big`; nil for `.` (TeX's empty delimiter).
  private mutating func parseDelimiter() -> MathAtom? {
    switch lexer.next() {
    case .character("."), .end: return nil
    case .character("<"): return MathSymbols.commands["langle"]
    case .character(">"): return MathSymbols.commands["rangle"]
    case .character(let character): return Self.atom(for: character)
    case .command(let name):
      if let atom = MathSymbols.commands[name], atom.kind == .operator { return atom }
      unknownCommands.append("\\" + name)
      return .operator("\\" + name, .ordinary)
    }
  }

  /// `\operatorname{softmax}`, or `\operatorname*{argmax}` with limits below in display.
  private mutating func parseOperatorName() -> MathNode {
    var limits = false
    if lexer.unspacedCharacter() == "*" {
      lexer.skipCharacter()
      limits = true
    }
    return .function(Self.plainText(of: parseArgument()), limits: limits)
  }

  /// The argument of `\text`: raw, its spaces kept, TeX's escapes of special characters undone.
  /// A command inside the text is kept as written and reported like any unknown command.
  private mutating func readText() -> String {
    guard let raw = lexer.readBracedText() else { return "" }
    let characters = Array(raw)
    var text = ""
    var index = 0
    while index < characters.count {
      let character = characters[index]
      index += 1
      if character == "~" {
        text.append("\u{A0}")
      } else if character != "\\" || index == characters.count {
        text.append(character)
      } else if "{}$%#&_ ".contains(characters[index]) {
        text.append(characters[index])
        index += 1
      } else if ",:;".contains(characters[index]) {
        text.append(" ")  // TeX's thin, medium and thick spaces work in text too
        index += 1
      } else {
        var command = "\\" + String(characters[index])
        index += 1
        while index < characters.count, characters[index].isASCIILetter, command.last!.isASCIILetter
        {
          command.append(characters[index])
          index += 1
        }
        unknownCommands.append(command)
        text += command
      }
    }
    return text
  }

  private mutating func readNumber(startingWith first: Character) -> String {
    var digits = String(first)
    while let character = lexer.unspacedCharacter() {
      let continuesNumber =
        character.isASCII && character.isNumber
        || (character == "."
          && lexer.unspacedCharacter(1).map { $0.isASCII && $0.isNumber } == true)
      guard continuesNumber else { break }
      digits.append(character)
      lexer.skipCharacter()
    }
    return digits
  }

  /// `x'`, `x''`: the primes in a row, as one superscript.
  private mutating func readPrimes() -> MathNode {
    let prime = MathNode.atom(MathSymbols.commands["prime"]!)
    var primes = [prime]
    while lexer.peek() == .character("'") {
      _ = lexer.next()
      primes.append(prime)
    }
    return primes.count == 1 ? prime : .group(primes)
  }

  /// Attaches a sub- or superscript to the last item. A second script of the same kind starts
  /// a new scripted item with an empty base (`x_1_2` shows as x₁₂), which TeX would refuse.
  private func attach(_ script: MathNode, superscript: Bool, to nodes: inout [MathNode]) {
    var base: MathNode = .group([])
    var sub: MathNode?
    var sup: MathNode?
    if case .scripts(let oldBase, let oldSub, let oldSup) = nodes.last,
      (superscript ? oldSup : oldSub) == nil
    {
      nodes.removeLast()
      (base, sub, sup) = (oldBase, oldSub, oldSup)
    } else if let last = nodes.last, !last.isScripts {
      if case .space = last {
      } else {
        nodes.removeLast()
        base = last
      }
    }
    if superscript { sup = script } else { sub = script }
    nodes.append(.scripts(base: base, sub: sub, sup: sup))
  }

  static func atom(for character: Character) -> MathAtom {
    if let atom = MathSymbols.characters[character] { return atom }
    if character.isLetter {
      return .identifier(String(character), ascii: MathSymbols.asciiGreek[String(character)])
    }
    return .operator(String(character), .ordinary)
  }

  /// `\mathrm{…}`: letters and digits become one upright identifier (`<mi>softmax</mi>`); any
  /// other content keeps its structure with its letters set upright.
  private static func upright(_ argument: MathNode) -> MathNode {
    let nodes = argument.rowNodes
    let simple = nodes.allSatisfy {
      if case .atom(let atom) = $0 { return atom.kind != .operator }
      return false
    }
    if simple, !nodes.isEmpty {
      let name = plainText(of: argument)
      return .atom(.identifier(name, ascii: name, upright: true))
    }
    return .group(
      nodes.map {
        guard case .atom(var atom) = $0, atom.kind == .identifier else { return $0 }
        atom.upright = true
        return .atom(atom)
      })
  }

  /// `\mathbb{R}` as `ℝ`, for the capitals Unicode has outside the mathematical alphabets.
  private static func doubleStruck(_ argument: MathNode) -> MathNode {
    .group(
      argument.rowNodes.map {
        guard case .atom(let atom) = $0, atom.kind == .identifier, let letter = atom.text.first,
          atom.text.count == 1, let struck = MathSymbols.doubleStruck[letter]
        else { return $0 }
        return .atom(.identifier(struck, ascii: atom.ascii, upright: true))
      })
  }

  /// The characters of a name written with atoms, spaces dropped: `arg\,max` is `argmax`.
  private static func plainText(of node: MathNode) -> String {
    node.rowNodes.map { child -> String in
      switch child {
      case .atom(let atom): return atom.text
      case .group: return plainText(of: child)
      case .text(let text): return text
      default: return ""
      }
    }.joined()
  }
}
