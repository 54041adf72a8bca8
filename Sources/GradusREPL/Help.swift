import GradusLanguage
import GradusNotebook
import GradusRuntime

/// `:help` and `:source`: every builtin (from `Interpreter.builtins`), every prelude model and
/// function (from its declaration and the `#'` comment above it), the language's blocks and
/// loops, and the commands.
extension REPLSession {
  func help(_ topic: String) -> Status {
    let topic = topic.hasPrefix(":") ? String(topic.dropFirst()) : topic
    if topic.isEmpty {
      console.write(helpOverview())
      return .succeeded
    }
    if let text = helpText(for: topic) {
      console.write(text)
      return .succeeded
    }
    let suggestion = Suggest.didYouMean(Suggest.nearest(topic, in: helpTopics))
    return fail(
      "no help for `\(topic)`" + (suggestion.map { "; " + $0 } ?? ""),
      help: ":help lists every topic")
  }

  /// Everything `:help NAME` knows, for completion and suggestions.
  var helpTopics: [String] {
    Interpreter.builtins.map(\.name) + prelude.entries.map(\.name) + LanguageHelp.topics.map(\.name)
      + MetaCommands.all.map(\.name)
  }

  /// The prelude's declarations, parsed once per session on first use.
  var prelude: Declarations {
    if let cached = preludeCache { return cached }
    let parsed = Declarations(interpreter.preludeSource)
    preludeCache = parsed
    return parsed
  }

  func helpText(for topic: String) -> String? {
    if let builtin = Interpreter.builtins.first(where: { $0.name == topic }) {
      let page = Self.helpPage(
        builtin.signature, kind: "builtin", [builtin.summary], example: builtin.example)
      guard interpreter.preludeDefinition(of: topic) != nil else { return page }
      return page + "  :source \(topic) shows its definition in the prelude\n"
    }
    if let entry = prelude.entry(named: topic) {
      let kind =
        entry.kind == .model
        ? "prelude model" : entry.kind == .function ? "prelude function" : "prelude value"
      let lines =
        entry.documentation.isEmpty ? [PreludeHelp.summaries[topic] ?? ""] : entry.documentation
      return Self.helpPage(
        prelude.signature(of: entry), kind: kind, lines, example: PreludeHelp.examples[topic] ?? "")
        + "  :source \(topic) shows its definition\n"
    }
    if let language = LanguageHelp.topics.first(where: { $0.name == topic }) {
      return Self.helpPage(
        language.syntax, kind: language.kind, [language.summary] + language.details,
        example: language.example)
    }
    if let command = MetaCommands.named(topic) {
      return "\(command.usage)\n  \(command.summary)\n"
    }
    return nil
  }

  private static func helpPage(
    _ signature: String, kind: String, _ lines: [String], example: String
  ) -> String {
    var text = "\(signature)    (\(kind))\n"
    for line in lines where !line.isEmpty { text += "  \(line)\n" }
    if !example.isEmpty {
      text += "  example:\n"
      for line in example.split(separator: "\n") { text += "    \(line)\n" }
    }
    return text
  }

  func helpOverview() -> String {
    let words = Localized(language)
    var text = words.helpCommands + "\n"
    let rows = MetaCommands.all.map {
      ["  " + $0.usage, words.commandSummary($0.name, english: $0.summary)]
    }
    text += TextLayout.table(rows)
    text += "\n" + words.helpBuiltins + "\n"
    text += TextLayout.wrapped(Interpreter.builtins.map(\.name).sorted(), width: 96, indent: "  ")
    text += "\n" + words.helpPrelude + "\n"
    let written = prelude.entries.map(\.name).filter {
      interpreter.preludeDefinition(of: $0) == nil
    }
    text += TextLayout.wrapped(written, width: 96, indent: "  ")
    text += "\n" + words.helpLanguage + " "
    text += LanguageHelp.topics.map(\.name).joined(separator: ", ") + "\n"
    text += "\n" + words.helpKeys
    return text
  }

  func showSource(_ name: String) -> Status {
    guard !name.isEmpty else { return fail("`:source` needs a name, e.g. :source Linear") }
    if userNames.contains(name), let value = interpreter.value(of: name) {
      return showUserSource(name, value)
    }
    if let entry = prelude.entry(named: name) {
      if interpreter.preludeDefinition(of: name) != nil {
        console.write(Self.fusedNote(name))
      }
      console.write(prelude.text(of: entry) + "\n")
      return .succeeded
    }
    if Interpreter.builtins.contains(where: { $0.name == name }) {
      console.write(Self.builtinNote(name))
      return .succeeded
    }
    let suggestion = Suggest.didYouMean(Suggest.nearest(name, in: interpreter.visibleNames))
    return fail("unknown name `\(name)`" + (suggestion.map { "; " + $0 } ?? ""))
  }

  /// The comment above a fused builtin's prelude definition: the name runs the builtin.
  static func fusedNote(_ name: String) -> String {
    var note = "# `\(name)` runs as a fused builtin that gives the values of this definition"
    if let rule = Interpreter.gradientRule(of: name) {
      note += ";\n# it records the engine's primitive `\(name)`: " + rule
    }
    return note + "\n# (trace_steps { … } runs the definition below, step by step)\n"
  }

  /// What `:source` says of a builtin with no Gradus definition: a primitive of the engine with
  /// its gradient rule, or a tool.
  static func builtinNote(_ name: String) -> String {
    if let rule = Interpreter.gradientRule(of: name) {
      return
        "`\(name)` is a primitive of the engine, written in Swift, with its own gradient rule:\n"
        + "  \(rule)\n:help \(name) describes it\n"
    }
    return "`\(name)` is a builtin, written in Swift, with no gradient rule of its own (a "
      + "gradient through it comes from the primitives it records); :help \(name) describes it\n"
  }

  private func showUserSource(_ name: String, _ value: Value) -> Status {
    switch value {
    case .function, .modelType: break
    default:
      return fail(
        "`\(name)` is a \(value.kindName), not a model or function",
        help: "type `\(name)` to see its value")
    }
    guard let text = definitionText(of: value) else {
      return fail("the definition of `\(name)` is not available")
    }
    console.write(text + "\n")
    return .succeeded
  }

  /// A function or model the user defined, as written; nil for other values.
  private func definitionText(of value: Value) -> String? {
    let source: SourceFile
    let nameSpan: Span
    switch value {
    case .function(let f): (source, nameSpan) = (f.source, f.declaration.name.span)
    case .modelType(let m): (source, nameSpan) = (m.source, m.declaration.name.span)
    default: return nil
    }
    let declarations = Declarations(source)
    guard let entry = declarations.entries.first(where: { $0.nameSpan == nameSpan }) else {
      return nil
    }
    return declarations.text(of: entry)
  }

  /// What a notebook front end shows when asked about `name` (Jupyter's inspect request): the
  /// `:help` page and the definition `:source` shows; for a value of the session, its kind,
  /// shape and value on one line. Nil for a name nobody knows.
  public func inspection(of name: String) -> String? {
    var text = helpText(for: name) ?? ""
    if userNames.contains(name), let value = interpreter.value(of: name) {
      if let definition = definitionText(of: value) {
        text += definition + "\n"
      } else {
        let summary = interpreter.summary(of: value)
        let shape = summary.shape.isEmpty ? "" : " " + summary.shape
        text += "\(name): \(summary.kind)\(shape) = \(summary.short.clipped(to: 200))\n"
      }
    } else if let entry = prelude.entry(named: name) {
      text += "\n" + prelude.text(of: entry) + "\n"
    }
    return text.isEmpty ? nil : text
  }
}
