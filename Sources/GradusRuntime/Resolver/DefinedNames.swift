import GradusLanguage

/// The names a run of statements binds in the scope it runs in: assignment targets, loop
/// variables, unpacked names, functions and models. Blocks (`if`, `for`, `while`, `trace { }`)
/// share the enclosing scope, so their statements count; the bodies of functions and models
/// have scopes of their own, so theirs do not.
enum DefinedNames {
  static func of(_ statements: [Stmt]) -> Set<String> {
    var names = Set<String>()
    for statement in statements { collect(statement, into: &names) }
    return names
  }

  private static func collect(_ statement: Stmt, into names: inout Set<String>) {
    func block(_ block: Block) {
      for inner in block.statements { collect(inner, into: &names) }
    }
    switch statement.kind {
    case .assign(let target, _):
      if case .name(let name) = target.kind { names.insert(name) }
    case .destructure(let targets, _):
      names.formUnion(targets.map(\.name))
    case .function(let declaration):
      names.insert(declaration.name.name)
    case .model(let declaration):
      names.insert(declaration.name.name)
    case .if(let statement):
      statement.branches.forEach { block($0.body) }
      statement.elseBody.map(block)
    case .for(let loop):
      names.formUnion(loop.pattern.names.map(\.name))
      block(loop.body)
    case .while(_, let body), .scoped(_, let body):
      block(body)
    case .expression, .compoundAssign, .return, .break, .continue:
      break
    }
  }
}
