import GradusLanguage

/// The resolver: the pass between parsing and evaluation (as in Crafting Interpreters' jlox
/// `Resolver`). It reads a whole cell before any of it runs and decides, for every name the
/// cell's top-level code reads, whether anything could ever bind it: a name the session or the
/// prelude already has, or one the cell itself defines somewhere at its top level (`x = …`,
/// `for x in …`, `(a, b) = …`, `fn f`, `model M`; blocks share the enclosing scope).
///
/// A name nothing can bind is reported with the evaluator's own diagnostic ("unknown name",
/// with the "did you mean" suggestion), and the statement holding it never starts: the cell
/// runs up to that statement, so names assigned before it keep their values, as the REPL
/// promises, but `train(net, epochs: n_epochs_typo)` fails before training, not after.
///
/// Code that runs later is not judged now: a function's or a model's body may use a global that
/// a later cell defines, so its unknown names stay runtime errors, raised when it runs. So does
/// a name this cell defines only after the statement that reads it (`print(x); x = 1`).
struct Resolver {
  /// Whether the session (its globals, the prelude, the builtins) binds a name now.
  let isBound: (String) -> Bool
  /// Every name visible now, for suggestions.
  let visibleNames: () -> [String]

  /// Resolves a cell's top-level statements.
  func resolve(_ statements: [Stmt], source: SourceFile) -> ResolvedCell {
    let defined = DefinedNames.of(statements)
    for (position, statement) in statements.enumerated() {
      var found = ImmediateUses()
      found.visit(statement)
      if let use = found.uses.first(where: { !isKnown($0, defined) }) {
        // Suggestions come from what is bound when the statement would run.
        let candidates = visibleNames() + DefinedNames.of(Array(statements[..<position]))
        return ResolvedCell(
          statements: statements, source: source,
          failure: (position, use.error(candidates: candidates, source: source)))
      }
    }
    return ResolvedCell(statements: statements, source: source, failure: nil)
  }

  private func isKnown(_ use: ImmediateUses.Use, _ defined: Set<String>) -> Bool {
    switch use {
    case .name(let name, _): return defined.contains(name) || isBound(name)
    case .selfOutsideModel, .unknownBlock: return false
    }
  }
}

/// A cell after resolution: its statements, and the first statement that cannot run with the
/// error it reports (`Interpreter.run(_:)` runs the statements before it, then throws it).
public struct ResolvedCell {
  public let statements: [Stmt]
  public let source: SourceFile
  let failure: (statement: Int, error: RuntimeError)?

  /// The error resolution found, if any (the cell still runs the statements before it).
  public var error: RuntimeError? { failure?.error }
}
