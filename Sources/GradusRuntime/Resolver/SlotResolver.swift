import GradusLanguage

/// The resolver's second job: it walks a whole cell once, functions and models included, and
/// binds every name to a `Slot`, recorded in the interpreter's `SlotTable`. The evaluator then
/// reads slots and never searches scopes for a name it was told about.
///
/// As in jlox's `Resolver`, it keeps a stack of the function bodies it is inside. A name a
/// function's body assigns (or a parameter) is a slot of that function's frame; a name it only
/// reads is looked for outwards: an enclosing function's slot (a closure), a model's field (in
/// a model's body or a method), or else a top-level name, which gets a slot in the top-level
/// frame now, bound or not, so that a function can use a name a later cell defines.
struct SlotResolver {
  /// Whose top level the cell is: the learner's session or the prelude.
  enum Root {
    case session
    case prelude
  }

  /// A function body, method body or model body being resolved.
  private struct Context {
    enum Kind {
      case function
      case method
      case modelBody
    }
    let kind: Kind
    /// A function's or method's slots (empty for a model's body, whose names are fields).
    let layout: FrameLayout
    /// Whether the model (for a model's body or its method) is declared at the top level, so that
    /// a name that is not one of its fields is a top-level name.
    let modelAtTopLevel: Bool
  }

  let root: Root
  /// The session's top-level frame and the prelude's.
  let globals: Scope
  let prelude: Scope
  private(set) var table: SlotTable
  private var contexts: [Context] = []

  init(root: Root, globals: Scope, prelude: Scope, table: SlotTable) {
    self.root = root
    self.globals = globals
    self.prelude = prelude
    self.table = table
  }

  /// Resolves a cell's statements (at the top level).
  mutating func resolve(_ statements: [Stmt]) {
    for statement in statements { resolve(statement) }
  }

  /// Resolves an expression evaluated by itself at the top level (`:type x`).
  mutating func resolve(_ expression: Expr) { expr(expression) }

  // MARK: Statements

  private mutating func resolve(_ statement: Stmt) {
    switch statement.kind {
    case .expression(let value):
      expr(value)
    case .assign(let target, let value), .compoundAssign(let target, _, let value, _):
      assignmentTarget(target)
      expr(value)
    case .destructure(let targets, let value):
      expr(value)
      table.setBindings(targets.map { write($0.name) }, for: statement)
    case .function(let declaration):
      table.setBindings([write(declaration.name.name)], for: statement)
      for parameter in declaration.parameters { parameter.defaultValue.map { expr($0) } }
      function(declaration, statement, kind: .function, modelAtTopLevel: false)
    case .model(let declaration):
      table.setBindings([write(declaration.name.name)], for: statement)
      model(declaration)
    case .if(let statement):
      for branch in statement.branches {
        expr(branch.condition)
        block(branch.body)
      }
      statement.elseBody.map { block($0) }
    case .for(let loop):
      expr(loop.iterable)
      table.setBindings(loop.pattern.names.map { write($0.name) }, for: statement)
      block(loop.body)
    case .while(let condition, let body):
      expr(condition)
      block(body)
    case .return(let value):
      value.map { expr($0) }
    case .break, .continue:
      break
    case .scoped(_, let body):
      block(body)
    }
  }

  private mutating func block(_ block: Block) {
    for statement in block.statements { resolve(statement) }
  }

  /// `x = …` writes `x`'s slot; `a.b = …` and `a[i] = …` read `a` (and `i`).
  private mutating func assignmentTarget(_ target: Expr) {
    if case .name(let name) = target.kind {
      table.set(write(name), for: target)
    } else {
      expr(target)
    }
  }

  /// A function's frame: its parameters, then every name its body binds; its body is resolved
  /// with that frame innermost.
  private mutating func function(
    _ declaration: FunctionDecl, _ statement: Stmt, kind: Context.Kind, modelAtTopLevel: Bool
  ) {
    let assigned: [String]
    switch declaration.body {
    case .expression: assigned = []
    case .block(let body):
      assigned = DefinedNames.ordered(body.statements) + Self.rebound(in: body.statements)
    }
    let layout = FrameLayout(
      parameters: declaration.parameters.map(\.name.name), names: assigned)
    table.setLayout(layout, for: statement)
    contexts.append(Context(kind: kind, layout: layout, modelAtTopLevel: modelAtTopLevel))
    switch declaration.body {
    case .expression(let value): expr(value)
    case .block(let body): block(body)
    }
    contexts.removeLast()
  }

  /// A model: its parameters' defaults in the declaring frame, its body with the model's
  /// fields innermost, and its methods, whose frames sit on the declaring frame (a method keeps
  /// the frame its model was declared in, and sees the fields through the model it is called on).
  private mutating func model(_ declaration: ModelDecl) {
    let atTopLevel = contexts.isEmpty
    for parameter in declaration.parameters { parameter.defaultValue.map { expr($0) } }
    let body = Context(kind: .modelBody, layout: FrameLayout(), modelAtTopLevel: atTopLevel)
    contexts.append(body)
    for member in declaration.members {
      if case .function = member.kind { continue }
      resolve(member)
    }
    contexts.removeLast()
    for member in declaration.members {
      guard case .function(let method) = member.kind else { continue }
      // A method's defaults are evaluated where its model's fields are seen.
      contexts.append(body)
      for parameter in method.parameters { parameter.defaultValue.map { expr($0) } }
      contexts.removeLast()
      function(method, member, kind: .method, modelAtTopLevel: atTopLevel)
    }
  }

  /// Names a function's body may bind without assigning them: `x += 1` and `x[i] = v` (which
  /// rebinds a tensor name to a changed copy). Slots for them too, so that reads of such a name
  /// find the function's own value once it has one.
  private static func rebound(in statements: [Stmt]) -> [String] {
    var names = [String]()
    func base(_ target: Expr) {
      switch target.kind {
      case .name(let name): names.append(name)
      case .index(let inner, _): base(inner)
      default: break
      }
    }
    for statement in statements {
      switch statement.kind {
      case .compoundAssign(let target, _, _, _): base(target)
      case .assign(let target, _): if case .index = target.kind { base(target) }
      case .if(let branches):
        for branch in branches.branches { names += rebound(in: branch.body.statements) }
        names += rebound(in: branches.elseBody?.statements ?? [])
      case .for(let loop): names += rebound(in: loop.body.statements)
      case .while(_, let body), .scoped(_, let body): names += rebound(in: body.statements)
      default: break
      }
    }
    return names
  }

  // MARK: Names

  private mutating func expr(_ expression: Expr) {
    if case .name(let name) = expression.kind {
      table.set(read(name), for: expression)
    } else {
      for child in expression.children { expr(child) }
    }
  }

  /// Where a read of `name` looks first.
  private mutating func read(_ name: String) -> Slot {
    guard let inner = contexts.last else { return topLevel(name) }
    switch inner.kind {
    case .function:
      if let i = inner.layout.position(of: name) { return .local(i) }
    case .method:
      if let i = inner.layout.position(of: name) { return .local(i) }
      return field(name, modelAtTopLevel: inner.modelAtTopLevel)
    case .modelBody:
      return field(name, modelAtTopLevel: inner.modelAtTopLevel)
    }
    // A closure: the functions it is nested in, innermost first. The frame of the function a
    // closure was defined in is its frame's parent, so the depth counts frames.
    for (depth, outer) in contexts.reversed().enumerated().dropFirst() {
      guard case .function = outer.kind else { return .byName }
      if let i = outer.layout.position(of: name) { return .enclosing(depth: depth, index: i) }
    }
    return topLevel(name)
  }

  /// Where an assignment to `name` lands: the innermost function's slot, a field in a model's
  /// body, or a top-level slot.
  private mutating func write(_ name: String) -> Slot {
    guard let inner = contexts.last else { return topLevel(name) }
    switch inner.kind {
    case .function, .method: return .local(inner.layout.slot(for: name))
    case .modelBody: return field(name, modelAtTopLevel: inner.modelAtTopLevel)
    }
  }

  private mutating func field(_ name: String, modelAtTopLevel: Bool) -> Slot {
    guard modelAtTopLevel else { return .byName }
    switch topLevel(name) {
    case .global(let i, let preludeSlot):
      return .field(NameKey(name), global: i, prelude: preludeSlot)
    case .prelude(let i):
      return .field(NameKey(name), global: -1, prelude: i)
    default:
      return .byName
    }
  }

  private func topLevel(_ name: String) -> Slot {
    switch root {
    case .session:
      return .global(globals.slot(for: name), prelude: prelude.layout.position(of: name) ?? -1)
    case .prelude:
      return .prelude(prelude.slot(for: name))
    }
  }
}
