import GradusLanguage

/// How the evaluator reads and writes a name: through the slot the resolver gave its node
/// (`Slot`), and by name only when the slot says nothing yet (see `Slot`'s comment on unbound
/// slots), which gives the same value the search by name always gave.
extension Interpreter {
  /// The value of the name node `node` (spelled `name`) seen from `scope`, nil if unbound.
  @inline(__always)
  func read(_ node: Expr, named name: String, in scope: Scope) -> Value? {
    switch slots.slot(of: node) {
    case .local(let i):
      if let value = scope.value(at: i) { return value }
    case .enclosing(let depth, let i):
      var frame = scope
      for _ in 0..<depth { frame = frame.parent ?? frame }
      if let value = frame.value(at: i) { return value }
    case .global(let i, let preludeSlot):
      return globals.value(at: i) ?? preludeValue(at: preludeSlot)
    case .prelude(let i):
      return preludeScope.value(at: i)
    case .field(let key, let global, let preludeSlot):
      if let value = scope.instance?.field(key) { return value }
      if global >= 0, let value = globals.value(at: global) { return value }
      return preludeValue(at: preludeSlot)
    case .byName:
      break
    }
    return scope.lookup(name)
  }

  @inline(__always)
  private func preludeValue(at i: Int) -> Value? { i >= 0 ? preludeScope.value(at: i) : nil }

  /// Where an assignment to the name node `target` (spelled `name`) lands (see `Scope.Binding`).
  func binding(for target: Expr, named name: String, in scope: Scope) -> Scope.Binding {
    binding(for: slots.slot(of: target), named: name, in: scope)
  }

  func binding(for slot: Slot, named name: String, in scope: Scope) -> Scope.Binding {
    switch slot {
    case .local(let i):
      // In a method, an unbound local may be one of the model's fields (`velocity = …`).
      if scope.instance == nil || scope.value(at: i) != nil { return .slot(scope, i) }
    case .global(let i, _) where scope === globals:
      return .slot(globals, i)
    case .prelude(let i) where scope === preludeScope:
      return .slot(preludeScope, i)
    default:
      break
    }
    return scope.binding(for: name)
  }

  /// Where each identifier a statement binds (`for x in`, `(a, b) = …`, `fn f`) lands.
  func bindings(of statement: Stmt, names: [Identifier], in scope: Scope) -> [Scope.Binding] {
    guard let slots = slots.bindings(of: statement), slots.count == names.count else {
      return names.map { scope.binding(for: $0.name) }
    }
    return zip(slots, names).map { slot, name in
      switch slot {
      case .local(let i) where scope.instance == nil: return .slot(scope, i)
      case .global(let i, _) where scope === globals: return .slot(globals, i)
      case .prelude(let i) where scope === preludeScope: return .slot(preludeScope, i)
      default: return scope.binding(for: name.name)
      }
    }
  }

  /// Resolves a cell's slots before it runs (and an expression evaluated by itself, `:type x`).
  func resolveSlots(_ statements: [Stmt], root: SlotResolver.Root) {
    var resolver = SlotResolver(root: root, globals: globals, prelude: preludeScope, table: slots)
    slots = SlotTable()  // the resolver holds the only copy while it adds to it
    resolver.resolve(statements)
    slots = resolver.table
  }

  func resolveSlots(_ expression: Expr) {
    var resolver = SlotResolver(
      root: .session, globals: globals, prelude: preludeScope, table: slots)
    slots = SlotTable()
    resolver.resolve(expression)
    slots = resolver.table
  }
}

extension Interpreter {
  /// Whether an assignment to `slot` (spelled `name`) rebinds one of the running call's
  /// arguments.
  @inline(__always)
  func isArgument(_ slot: Slot, named name: String, in scope: Scope) -> Bool {
    if case .local(let i) = slot { return scope.isArgumentSlot(i) }
    return scope.isArgument(name)
  }

  /// The slots of a function statement's frames (computed here for one the resolver did not see).
  func functionLayout(of statement: Stmt, _ declaration: FunctionDecl) -> FrameLayout {
    if let layout = slots.layout(of: statement) { return layout }
    var assigned = [String]()
    if case .block(let body) = declaration.body { assigned = DefinedNames.ordered(body.statements) }
    return FrameLayout(parameters: declaration.parameters.map(\.name.name), names: assigned)
  }

  /// `fn f` and `model M` bind their name in the running frame (a field in a model's body).
  func define(_ statement: Stmt, _ name: Identifier, _ value: Value, in scope: Scope) {
    switch slots.bindings(of: statement)?.first {
    case .local(let i)? where !scope.holdsFields: scope.setValue(value, at: i)
    case .global(let i, _)? where scope === globals: globals.setValue(value, at: i)
    case .prelude(let i)? where scope === preludeScope: preludeScope.setValue(value, at: i)
    default: scope.define(name.name, value)
    }
  }
}
