/// Where names live. Function calls get a scope of locals whose parent is the scope the function
/// was defined in; model construction and methods see the model's fields through an object
/// scope; blocks (`if`, `for`, `while`) share their enclosing scope, as in Python.
final class Scope {
  enum Storage {
    case locals
    case object(ModelInstance)
  }

  let parent: Scope?
  private var locals = NameTable()
  /// The model of an object scope, held strongly. Methods do not keep an object scope (see
  /// `Interpreter.callFunction`), so no cycle keeps a model alive; a weak reference here made
  /// every look-up through a model pay for a side-table load and slow reference counting.
  private let instance: ModelInstance?

  /// The model whose fields this scope holds (an object scope), or nil for a scope of locals.
  var model: ModelInstance? { instance }

  init(parent: Scope?, storage: Storage = .locals) {
    self.parent = parent
    if case .object(let instance) = storage { self.instance = instance } else { instance = nil }
  }

  /// Finds a name here or in an enclosing scope.
  func lookup(_ name: String) -> Value? { lookup(NameKey(name)) }

  func lookup(_ key: NameKey) -> Value? {
    var scope = self
    while true {
      if let instance = scope.instance {
        // Methods are reached through `self.name(…)`, as in Python, so a method named like a
        // builtin (`zero_grad`) does not hide the builtin inside the model.
        if let value = instance.field(key) { return value }
      } else if let value = scope.locals[key] {
        return value
      }
      guard let parent = scope.parent else { return nil }
      scope = parent
    }
  }

  /// Where an assignment to a name lands: a local of this scope, or a field of a model whose
  /// scope is on the way out (so `velocity = …` inside `step()` updates the optimizer's field),
  /// or else a new name here. Outer locals (globals seen from a function) are never assigned:
  /// as in Python, the assignment makes a new local instead. Found in one walk, so that an
  /// assignment reads the current value and stores the new one without searching again.
  enum Binding {
    case local(Scope, Int)
    case field(ModelInstance, Int)
    /// Not bound yet: the assignment makes a new name in this scope.
    case new(Scope)

    var value: Value? {
      switch self {
      case .local(let scope, let i): return scope.locals.value(at: i)
      case .field(let instance, let i): return instance.fieldValue(at: i)
      case .new: return nil
      }
    }

    func store(_ value: Value, as key: NameKey) {
      switch self {
      case .local(let scope, let i): scope.locals.setValue(value, at: i)
      case .field(let instance, let i): instance.setFieldValue(value, at: i)
      case .new(let scope): scope.define(key, value)
      }
    }
  }

  func binding(for key: NameKey) -> Binding {
    if instance == nil, let i = locals.position(of: key) { return .local(self, i) }
    // Outwards through model scopes only: the first scope of locals on the way ends the walk.
    var scope = self
    while true {
      if let instance = scope.instance {
        if let i = instance.fieldPosition(key) { return .field(instance, i) }
      } else if scope !== self {
        return .new(self)
      }
      guard let parent = scope.parent else { return .new(self) }
      scope = parent
    }
  }

  /// Binds `name` in this scope (a local, or a field for an object scope).
  func define(_ key: NameKey, _ value: Value) {
    if let instance {
      instance.setField(key, value)
    } else {
      locals.set(key, value)
    }
  }

  /// Binds `name` in this scope (a local, or a field for an object scope).
  func define(_ name: String, _ value: Value) { define(NameKey(name), value) }

  /// How many names a call's arguments bound (see `Interpreter.assign`): arguments are bound
  /// before anything else, so they are the first names of the table.
  private var argumentCount = 0

  /// Binds a function argument.
  func defineArgument(_ key: NameKey, _ value: Value) {
    define(key, value)
    argumentCount += 1
  }

  func isArgument(_ key: NameKey) -> Bool {
    guard argumentCount > 0 else { return false }
    let position = instance.map { $0.fieldPosition(key) } ?? locals.position(of: key)
    return position.map { $0 < argumentCount } ?? false
  }

  /// Removes every local (`:reset`).
  func removeAll() { locals.removeAll() }

  /// The names defined directly in this scope, for `:vars` and completion.
  var names: [String] { instance?.fieldNames ?? locals.names }

  /// Every visible name (for "did you mean" suggestions).
  var visibleNames: [String] {
    var result = [String]()
    var scope: Scope? = self
    while let current = scope {
      result += current.names
      scope = current.parent
    }
    return result
  }
}
