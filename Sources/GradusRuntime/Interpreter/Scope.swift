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
  /// An object scope refers to its model weakly: the model's methods hold this scope, so a
  /// strong reference would keep every model (and its parameters) alive forever. Once the model
  /// is gone the scope is an empty one of locals.
  private weak var instance: ModelInstance?

  var storage: Storage { instance.map { .object($0) } ?? .locals }

  init(parent: Scope?, storage: Storage = .locals) {
    self.parent = parent
    if case .object(let instance) = storage { self.instance = instance }
  }

  /// Finds a name here or in an enclosing scope.
  func lookup(_ name: String) -> Value? {
    var scope: Scope? = self
    while let current = scope {
      switch current.storage {
      case .locals:
        if let value = current.locals[name] { return value }
      case .object(let instance):
        // Methods are reached through `self.name(…)`, as in Python, so a method named like a
        // builtin (`zero_grad`) does not hide the builtin inside the model.
        if let value = instance.field(name) { return value }
      }
      scope = current.parent
    }
    return nil
  }

  /// The scope an assignment to `name` updates, if the name already exists there: this scope,
  /// or a model whose field it is (so `velocity = …` inside `step()` updates the optimizer's
  /// field). Outer locals (globals seen from a function) are never assigned: as in Python, the
  /// assignment makes a new local instead.
  func owner(of name: String) -> Scope? {
    var scope: Scope? = self
    while let current = scope {
      switch current.storage {
      case .locals:
        if current === self {
          if current.locals[name] != nil { return current }
        } else {
          return nil
        }
      case .object(let instance):
        if instance.field(name) != nil { return current }
      }
      scope = current.parent
    }
    return nil
  }

  /// Binds `name` in this scope (a local, or a field for an object scope).
  func define(_ name: String, _ value: Value) {
    switch storage {
    case .locals: locals.set(name, value)
    case .object(let instance): instance.setField(name, value)
    }
  }

  /// Names bound by a call's arguments (see `Interpreter.assign`).
  private var arguments: [String] = []

  /// Binds a function argument.
  func defineArgument(_ name: String, _ value: Value) {
    define(name, value)
    arguments.append(name)
  }

  func isArgument(_ name: String) -> Bool { arguments.contains(name) }

  /// Removes every local (`:reset`).
  func removeAll() { locals.removeAll() }

  /// The names defined directly in this scope, for `:vars` and completion.
  var names: [String] {
    switch storage {
    case .locals: return locals.names
    case .object(let instance): return instance.fieldNames
    }
  }

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
