/// The TeX commands and characters the parser knows, with their spellings for each output.
enum MathSymbols {
  /// Greek letters by name. Capitals are upright, as TeX sets them.
  static let greek: [String: MathAtom] = {
    let lower: [(String, String)] = [
      ("alpha", "α"), ("beta", "β"), ("gamma", "γ"), ("delta", "δ"), ("epsilon", "ϵ"),
      ("varepsilon", "ε"), ("zeta", "ζ"), ("eta", "η"), ("theta", "θ"), ("vartheta", "ϑ"),
      ("iota", "ι"), ("kappa", "κ"), ("lambda", "λ"), ("mu", "μ"), ("nu", "ν"), ("xi", "ξ"),
      ("omicron", "ο"), ("pi", "π"), ("varpi", "ϖ"), ("rho", "ρ"), ("varrho", "ϱ"),
      ("sigma", "σ"), ("varsigma", "ς"), ("tau", "τ"), ("upsilon", "υ"), ("phi", "ϕ"),
      ("varphi", "φ"), ("chi", "χ"), ("psi", "ψ"), ("omega", "ω"),
    ]
    let upper: [(String, String)] = [
      ("Gamma", "Γ"), ("Delta", "Δ"), ("Theta", "Θ"), ("Lambda", "Λ"), ("Xi", "Ξ"), ("Pi", "Π"),
      ("Sigma", "Σ"), ("Upsilon", "Υ"), ("Phi", "Φ"), ("Psi", "Ψ"), ("Omega", "Ω"),
    ]
    var table: [String: MathAtom] = [:]
    for (name, letter) in lower { table[name] = .identifier(letter, ascii: name) }
    for (name, letter) in upper { table[name] = .identifier(letter, ascii: name, upright: true) }
    return table
  }()

  /// The ASCII names of Greek letters typed as Unicode characters: `σ` is `sigma`.
  static let asciiGreek: [String: String] = Dictionary(
    greek.values.map { ($0.text, $0.ascii) }, uniquingKeysWith: { first, _ in first })

  /// Operators, relations, fences and ordinary symbols named by a command.
  static let commands: [String: MathAtom] = {
    var table: [String: MathAtom] = [:]
    func add(_ names: [String], _ atom: MathAtom) { for name in names { table[name] = atom } }
    // Binary operators.
    add(["cdot"], .operator("·", .binary, ascii: "*", mathML: "⋅"))
    add(["times"], .operator("×", .binary, ascii: "x"))
    add(["odot"], .operator("⊙", .binary, ascii: "(.)"))
    add(["otimes"], .operator("⊗", .binary, ascii: "(x)"))
    add(["oplus"], .operator("⊕", .binary, ascii: "(+)"))
    add(["pm"], .operator("±", .binary, ascii: "+-"))
    add(["mp"], .operator("∓", .binary, ascii: "-+"))
    add(["div"], .operator("÷", .binary, ascii: "/"))
    add(["ast"], .operator("∗", .binary, ascii: "*"))
    add(["circ"], .operator("∘", .binary, ascii: "o"))
    add(["bullet"], .operator("∙", .binary, ascii: "*"))
    add(["cup"], .operator("∪", .binary, ascii: "u"))
    add(["cap"], .operator("∩", .binary, ascii: "n"))
    add(["setminus"], .operator("∖", .binary, ascii: "\\"))
    add(["wedge", "land"], .operator("∧", .binary, ascii: "and"))
    add(["vee", "lor"], .operator("∨", .binary, ascii: "or"))
    // Relations.
    add(["le", "leq"], .operator("≤", .relation, ascii: "<="))
    add(["ge", "geq"], .operator("≥", .relation, ascii: ">="))
    add(["ne", "neq"], .operator("≠", .relation, ascii: "!="))
    add(["approx"], .operator("≈", .relation, ascii: "~="))
    add(["sim"], .operator("∼", .relation, ascii: "~"))
    add(["simeq"], .operator("≃", .relation, ascii: "~="))
    add(["equiv"], .operator("≡", .relation, ascii: "=="))
    add(["propto"], .operator("∝", .relation, ascii: "~"))
    add(["ll"], .operator("≪", .relation, ascii: "<<"))
    add(["gg"], .operator("≫", .relation, ascii: ">>"))
    add(["leftarrow", "gets"], .operator("←", .relation, ascii: "<-"))
    add(["rightarrow", "to"], .operator("→", .relation, ascii: "->"))
    add(["leftrightarrow"], .operator("↔", .relation, ascii: "<->"))
    add(["Leftarrow"], .operator("⇐", .relation, ascii: "<="))
    add(["Rightarrow", "implies"], .operator("⇒", .relation, ascii: "=>"))
    add(["Leftrightarrow", "iff"], .operator("⇔", .relation, ascii: "<=>"))
    add(["mapsto"], .operator("↦", .relation, ascii: "|->"))
    add(["in"], .operator("∈", .relation, ascii: "in"))
    add(["notin"], .operator("∉", .relation, ascii: "not in"))
    add(["subset"], .operator("⊂", .relation, ascii: "subset"))
    add(["subseteq"], .operator("⊆", .relation, ascii: "subseteq"))
    add(["supset"], .operator("⊃", .relation, ascii: "supset"))
    add(["mid"], .operator("∣", .relation, ascii: "|"))
    // Ordinary symbols, set like letters.
    add(["top"], .identifier("⊤", ascii: "T"))
    add(["bot"], .identifier("⊥", ascii: "_|_"))
    add(["infty"], .identifier("∞", ascii: "inf"))
    add(["partial"], .identifier("∂", ascii: "d", upright: true))
    add(["nabla"], .identifier("∇", ascii: "nabla", upright: true))
    add(["ell"], .identifier("ℓ", ascii: "l"))
    add(["hbar"], .identifier("ℏ", ascii: "hbar"))
    add(["forall"], .identifier("∀", ascii: "for all"))
    add(["exists"], .identifier("∃", ascii: "exists"))
    add(["emptyset", "varnothing"], .identifier("∅", ascii: "{}"))
    add(["neg", "lnot"], .operator("¬", .ordinary, ascii: "not "))
    add(["prime"], .operator("′", .ordinary, ascii: "'"))
    add(["ldots", "dots"], .operator("…", .ordinary, ascii: "..."))
    add(["cdots"], .operator("⋯", .ordinary, ascii: "..."))
    add(["vdots"], .operator("⋮", .ordinary, ascii: ":"))
    add(["ddots"], .operator("⋱", .ordinary, ascii: "..."))
    // Fences and escaped characters.
    add(["{", "lbrace"], .operator("{", .opening))
    add(["}", "rbrace"], .operator("}", .closing))
    add(["langle"], .operator("⟨", .opening, ascii: "<"))
    add(["rangle"], .operator("⟩", .closing, ascii: ">"))
    add(["lfloor"], .operator("⌊", .opening, ascii: "floor("))
    add(["rfloor"], .operator("⌋", .closing, ascii: ")"))
    add(["lceil"], .operator("⌈", .opening, ascii: "ceil("))
    add(["rceil"], .operator("⌉", .closing, ascii: ")"))
    add(["|", "Vert", "lVert", "rVert"], .operator("‖", .ordinary, ascii: "||"))
    add(["vert", "lvert", "rvert"], .operator("|", .ordinary))
    for escaped in ["$", "%", "#", "&", "_"] { add([escaped], .operator(escaped, .ordinary)) }
    return table
  }()

  /// Plain characters that are operators; every other character is a letter or an ordinary
  /// symbol. Unicode operators typed directly (`−`, `·`, `≤`) space like their commands.
  static let characters: [Character: MathAtom] = {
    var table: [Character: MathAtom] = [
      "+": .operator("+", .binary), "-": .operator("−", .binary, ascii: "-"),
      "*": .operator("∗", .binary, ascii: "*"),
      "=": .operator("=", .relation), "<": .operator("<", .relation),
      ">": .operator(">", .relation), ":": .operator(":", .relation),
      ",": .operator(",", .punctuation), ";": .operator(";", .punctuation),
      "(": .operator("(", .opening), "[": .operator("[", .opening),
      ")": .operator(")", .closing), "]": .operator("]", .closing), "!": .operator("!", .closing),
      "?": .operator("?", .closing), "/": .operator("/", .ordinary),
      "|": .operator("|", .ordinary), ".": .operator(".", .ordinary),
      "'": .operator("′", .ordinary, ascii: "'"), "−": .operator("−", .binary, ascii: "-"),
    ]
    for atom in commands.values where atom.kind == .operator && atom.text.count == 1 {
      if let character = atom.text.first, table[character] == nil { table[character] = atom }
    }
    return table
  }()

  /// `\sum` and friends, with their MathML characters (`∑` rather than the letter `Σ`), and
  /// whether they take limits below and above in display. Atoms, not `MathNode`s: a table of
  /// nodes keeps each indirect case's box for the life of the process behind a pointer that
  /// carries the enum's tag bits, which LeakSanitizer cannot see, so it reported the boxes as
  /// leaked (75 bytes each, in every `gradus` that read a formula).
  static let largeOperators: [String: (atom: MathAtom, limits: Bool)] = [
    "sum": (.operator("Σ", .largeOperator, ascii: "sum", mathML: "∑"), true),
    "prod": (.operator("Π", .largeOperator, ascii: "prod", mathML: "∏"), true),
    "coprod": (.operator("∐", .largeOperator, ascii: "coprod"), true),
    "bigcup": (.operator("⋃", .largeOperator, ascii: "union"), true),
    "bigcap": (.operator("⋂", .largeOperator, ascii: "intersection"), true),
    "int": (.operator("∫", .largeOperator, ascii: "int"), false),
    "iint": (.operator("∬", .largeOperator, ascii: "iint"), false),
    "oint": (.operator("∮", .largeOperator, ascii: "oint"), false),
  ]

  /// Function names set upright; the second group takes limits below in display, like `\max`.
  static let functions: Set<String> = [
    "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
    "coth", "log", "ln", "lg", "exp", "arg", "deg", "dim", "ker", "hom",
  ]
  static let functionsWithLimits: Set<String> = [
    "max", "min", "sup", "inf", "lim", "liminf", "limsup", "det", "gcd", "Pr", "argmax", "argmin",
  ]

  /// `\,` and friends; `\!` is a negative space in TeX and nothing in the terminal.
  static let spaces: [String: MathSpace] = [
    ",": MathSpace(columns: 1, em: "0.1667em"), "thinspace": MathSpace(columns: 1, em: "0.1667em"),
    ":": MathSpace(columns: 1, em: "0.2222em"), ">": MathSpace(columns: 1, em: "0.2222em"),
    "medspace": MathSpace(columns: 1, em: "0.2222em"),
    ";": MathSpace(columns: 1, em: "0.2778em"), "thickspace": MathSpace(columns: 1, em: "0.2778em"),
    " ": MathSpace(columns: 1, em: "0.25em"),
    "quad": MathSpace(columns: 2, em: "1em"), "qquad": MathSpace(columns: 4, em: "2em"),
    "!": MathSpace(columns: 0, em: "-0.1667em"),
  ]
  /// `~`, TeX's unbreakable space.
  static let tie = MathSpace(columns: 1, em: "0.25em")

  /// Accents by command; a wide form (`\widehat`) draws as its plain one.
  static let accents: [String: MathAccent] = {
    // (commands, combining mark, MathML's accent character, spans every character of its base)
    let table: [([String], Unicode.Scalar, String, Bool)] = [
      (["hat", "widehat"], "\u{302}", "^", false), (["check"], "\u{30C}", "ˇ", false),
      (["tilde", "widetilde"], "\u{303}", "~", false), (["bar"], "\u{304}", "¯", true),
      (["overline"], "\u{305}", "‾", true), (["vec"], "\u{20D7}", "→", false),
      (["dot"], "\u{307}", "˙", false), (["ddot"], "\u{308}", "¨", false),
      (["acute"], "\u{301}", "´", false), (["grave"], "\u{300}", "`", false),
      (["breve"], "\u{306}", "˘", false),
    ]
    var accents: [String: MathAccent] = [:]
    for (commands, mark, mathML, spans) in table {
      let accent = MathAccent(
        name: commands[0], combiningMark: mark, mathML: mathML, spansCharacters: spans)
      for command in commands { accents[command] = accent }
    }
    return accents
  }()

  /// Commands that only change TeX's type style or size; their content is kept as it is.
  static let transparentStyles: Set<String> = [
    "mathbf", "mathit", "mathsf", "mathtt", "mathcal", "mathscr", "mathfrak", "boldsymbol", "bm",
    "mathnormal",
  ]
  /// Commands whose argument is upright letters: one identifier `<mi>softmax</mi>`.
  static let uprightStyles: Set<String> = ["mathrm", "mathup", "textup"]
  /// Commands whose argument is text, spaces kept.
  static let textStyles: Set<String> = [
    "text", "textrm", "textit", "textbf", "textsf", "texttt", "textnormal", "mbox",
  ]
  /// Commands with nothing to draw here (style and size switches, `\limits`).
  static let ignored: Set<String> = [
    "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle", "limits", "nolimits",
    "nonumber", "notag",
  ]
  /// `\big(` and friends: a plain delimiter of a fixed size.
  static let sizedDelimiters: Set<String> = {
    var names: Set<String> = []
    for size in ["big", "Big", "bigg", "Bigg"] {
      for side in ["", "l", "r", "m"] { names.insert(size + side) }
    }
    return names
  }()

  /// Double-struck capitals that Unicode has in the Basic Multilingual Plane.
  static let doubleStruck: [Character: String] = [
    "C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ",
  ]
}
