import GradusLanguage

/// "unknown name `prnt`", with a suggestion: one text whether the resolver finds the name
/// before the cell runs or the evaluator meets it inside a function.
enum UnknownName {
  /// Names learners bring from Python, and what Gradus writes instead ("" for none).
  private static let pythonisms = [
    "True": "true", "False": "false", "None": "none", "range": "0..<n", "np": "", "torch": "",
    "len": "len", "def": "fn",
  ]

  static func diagnostic(_ name: String, at span: Span, among candidates: [String]) -> Diagnostic {
    var help = Suggest.didYouMean(Suggest.nearest(name, in: candidates))
    if let replacement = pythonisms[name], !replacement.isEmpty, replacement != name {
      help = "Gradus writes `\(replacement)` here"
    } else if name == "np" || name == "torch" {
      help = "Gradus has no modules to import: the functions are built in (`:help` lists them)"
    }
    return .error(.unknownName, "unknown name `\(name)`", at: span, help: help)
  }
}

/// The named blocks `name { … }` the evaluator gives meaning to.
enum ScopedBlock {
  static let names = ["trace", "trace_steps", "no_grad", "detect_anomaly", "analyze"]

  static func unknownBlockDiagnostic(_ name: Identifier) -> Diagnostic {
    .error(
      .unknownName, "unknown block `\(name.name)`", at: name.span,
      help: Suggest.didYouMean(Suggest.nearest(name.name, in: names))
        ?? "the blocks are `trace { }`, `trace_steps { }`, `no_grad { }`, `detect_anomaly { }` and `analyze { }`"
    )
  }
}
