import GradusLanguage

/// The names a run of statements binds in the scope it runs in: assignment targets, loop
/// variables, unpacked names, functions and models. Blocks (`if`, `for`, `while`, `trace { }`)
/// share the enclosing scope, so their statements count; the bodies of functions and models
/// have scopes of their own, so theirs do not.
enum DefinedNames {
  static func of(_ statements: [Stmt]) -> Set<String> { Set(ordered(statements)) }

  /// The same names, each once, in the order the statements first bind them (a function's
  /// slots, so that its frames list their names in a stable order).
  static func ordered(_ statements: [Stmt]) -> [String] {
    var names = OrderedNames()
    for statement in statements { collect(statement, into: &names) }
    return names.list
  }

  private static func collect(_ statement: Stmt, into names: inout OrderedNames) {
    func block(_ block: Block) {
      for inner in block.statements { collect(inner, into: &names) }
    }
    switch statement.kind {
    case .assign(let target, _):
      if case .name(let name) = target.kind { names.insert(name) }
    case .destructure(let targets, _):
      targets.forEach { names.insert($0.name) }
    case .function(let declaration):
      names.insert(declaration.name.name)
    case .model(let declaration):
      names.insert(declaration.name.name)
    case .if(let statement):
      statement.branches.forEach { block($0.body) }
      statement.elseBody.map(block)
    case .for(let loop):
      loop.pattern.names.forEach { names.insert($0.name) }
      block(loop.body)
    case .while(_, let body), .scoped(_, let body):
      block(body)
    case .expression, .compoundAssign, .return, .break, .continue:
      break
    }
  }
}

/// Names in first-seen order, each once.
private struct OrderedNames {
  private(set) var list: [String] = []
  private var seen = Set<String>()

  mutating func insert(_ name: String) {
    if seen.insert(name).inserted { list.append(name) }
  }
}
