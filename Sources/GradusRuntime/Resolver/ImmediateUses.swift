import GradusLanguage

/// What the resolver checks in a statement before it starts: the uses that certainly happen
/// once it does. Those are its names, `self` and `name { }` blocks, in source order, except in
/// code that a condition may skip (the right side of `and`/`or`, the branches of `if` after the
/// first condition, the bodies of loops) and in the bodies of functions and models, which run
/// when called. Skippable code keeps the evaluator's error, raised if it runs: `false and x`
/// is `false` whether `x` exists or not.
struct ImmediateUses {
  enum Use {
    /// A name read here (or updated by `x += …`), with its span.
    case name(String, Span)
    /// `self` outside any model.
    case selfOutsideModel(Span)
    /// `tarce { }`: a block the evaluator does not know.
    case unknownBlock(Identifier)

    /// The evaluator's diagnostic when the use is wrong (the same text and span as when it ran).
    func error(candidates: [String], source: SourceFile) -> RuntimeError {
      switch self {
      case .name(let name, let span):
        return RuntimeError(
          UnknownName.diagnostic(name, at: span, among: candidates), source: source)
      case .selfOutsideModel(let span):
        return RuntimeError(
          .error(.unknownName, "`self` is only defined inside a model", at: span), source: source)
      case .unknownBlock(let name):
        return RuntimeError(ScopedBlock.unknownBlockDiagnostic(name), source: source)
      }
    }
  }

  /// In source order.
  private(set) var uses = [Use]()

  mutating func visit(_ statement: Stmt) {
    switch statement.kind {
    case .expression(let expr):
      visit(expr)
    case .assign(let target, let value):
      visitTarget(target)
      visit(value)
    case .compoundAssign(let target, _, let value, _):
      if case .name(let name) = target.kind {
        uses.append(.name(name, target.span))
      } else {
        visitTarget(target)
      }
      visit(value)
    case .destructure(_, let value):
      visit(value)
    case .function, .model:
      break  // their bodies (and parameter defaults) run when called
    case .if(let statement):
      statement.branches.first.map { visit($0.condition) }
    case .for(let loop):
      visit(loop.iterable)
    case .while(let condition, _):
      visit(condition)
    case .return(let value):
      value.map { visit($0) }
    case .break, .continue:
      break
    case .scoped(let name, let body):
      if !ScopedBlock.names.contains(name.name) { uses.append(.unknownBlock(name)) }
      for inner in body.statements { visit(inner) }
    }
  }

  /// An assignment target: a plain name is written, not read; `a.b` and `a[i]` read `a` (and `i`).
  private mutating func visitTarget(_ target: Expr) {
    if case .name = target.kind { return }
    visit(target)
  }

  private mutating func visit(_ expr: Expr) {
    switch expr.kind {
    case .name(let name):
      uses.append(.name(name, expr.span))
    case .selfRef:
      uses.append(.selfOutsideModel(expr.span))
    case .logical(_, let lhs, _, _):
      visit(lhs)
    case .index(let base, let subscripts):
      visit(base)
      for entry in subscripts {
        switch entry {
        case .index(let index): visit(index)
        case .slice(let start, let stop, let step, _):
          for part in [start, stop, step] { part.map { visit($0) } }
        }
      }
    default:
      for child in expr.children { visit(child) }
    }
  }
}
