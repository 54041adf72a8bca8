/// A frame: the values of the names of one running piece of code, one array of slots (see
/// `Slot`). A call gets a frame whose parent is the frame the function was defined in (so a
/// closure reaches its enclosing function's slots); a method's frame also holds its model, whose
/// fields it sees; a model's body runs in a frame that holds the model and keeps every name it
/// assigns as a field. The session's top level and the prelude are frames whose arrays grow as
/// cells define names. Blocks (`if`, `for`, `while`) share their enclosing frame, as in Python.
final class Scope {
  let parent: Scope?
  /// The names of the slots, shared by every call of the same function.
  let layout: FrameLayout
  /// One value per slot, nil while the name is unbound. It may be shorter than the layout (a
  /// top-level layout grows while the cell is resolved): a missing slot is an unbound one.
  private(set) var values: [Value?]
  /// The model of a method's frame or of a model's body, held strongly. Methods keep only the
  /// frame their model was declared in (see `Interpreter.callFunction`), so no cycle keeps a
  /// model alive.
  let instance: ModelInstance?
  /// A model's body: the names it assigns are fields of `instance`, not slots.
  let holdsFields: Bool
  /// How many names a call's arguments bound: slots `0..<argumentCount` (or, in a model's
  /// body, its first fields). See `Interpreter.assign`.
  private var argumentCount = 0

  init(
    parent: Scope?, layout: FrameLayout = FrameLayout(), instance: ModelInstance? = nil,
    holdsFields: Bool = false
  ) {
    self.parent = parent
    self.layout = layout
    self.instance = instance
    self.holdsFields = holdsFields
    values = Array(repeating: nil, count: layout.count)
  }

  /// The model whose fields this frame sees, or nil.
  var model: ModelInstance? { instance }

  // MARK: Slots (the evaluator's path)

  /// The value in slot `i`, nil while unbound.
  @inline(__always)
  func value(at i: Int) -> Value? { i < values.count ? values[i] : nil }

  func setValue(_ value: Value, at i: Int) {
    if i >= values.count { values += Array(repeating: nil, count: i + 1 - values.count) }
    values[i] = value
  }

  /// The slot of `name` in this frame, added if it has none (a top-level name a cell defines).
  func slot(for name: String) -> Int { layout.slot(for: name) }

  // MARK: By name (code the resolver did not see, unbound slots, and the query API)

  /// Finds a name here or in an enclosing frame: a bound slot, then the model's fields.
  func lookup(_ name: String) -> Value? {
    var key: NameKey?
    var scope = self
    while true {
      if let i = scope.layout.position(of: name), let value = scope.value(at: i) { return value }
      if let instance = scope.instance {
        // Methods are reached through `self.name(…)`, as in Python, so a method named like a
        // builtin (`zero_grad`) does not hide the builtin inside the model.
        let fieldKey = key ?? NameKey(name)
        key = fieldKey
        if let value = instance.field(fieldKey) { return value }
      }
      guard let parent = scope.parent else { return nil }
      scope = parent
    }
  }

  /// Where an assignment to a name lands: a bound slot of this frame, else a field of this
  /// frame's model (so `velocity = …` inside `step()` updates the optimizer's field), else a new
  /// name here (a field in a model's body). Enclosing frames are never assigned: as in Python,
  /// the assignment makes a new local instead.
  enum Binding {
    case slot(Scope, Int)
    case field(ModelInstance, Int)
    /// A model's body assigning a name its model does not have yet.
    case newField(ModelInstance, NameKey)

    var value: Value? {
      switch self {
      case .slot(let scope, let i): return scope.value(at: i)
      case .field(let instance, let i): return instance.fieldValue(at: i)
      case .newField: return nil
      }
    }

    func store(_ value: Value) {
      switch self {
      case .slot(let scope, let i): scope.setValue(value, at: i)
      case .field(let instance, let i): instance.setFieldValue(value, at: i)
      case .newField(let instance, let key): instance.setField(key, value)
      }
    }
  }

  func binding(for name: String) -> Binding {
    if !holdsFields, let i = layout.position(of: name), value(at: i) != nil {
      return .slot(self, i)
    }
    if let instance {
      let key = NameKey(name)
      if let i = instance.fieldPosition(key) { return .field(instance, i) }
      if holdsFields { return .newField(instance, key) }
    }
    return .slot(self, slot(for: name))
  }

  /// Binds `name` in this frame (a slot, or a field in a model's body).
  func define(_ name: String, _ value: Value) {
    if holdsFields, let instance {
      instance.setField(name, value)
    } else {
      setValue(value, at: slot(for: name))
    }
  }

  /// Binds a call's next argument: parameter `i` is slot `i` (a field in a model's body).
  func defineArgument(_ name: String, at i: Int, _ value: Value) {
    if holdsFields { define(name, value) } else { setValue(value, at: i) }
    argumentCount += 1
  }

  /// Whether `name` holds one of the call's arguments (assigning it rebinds, never a cell).
  func isArgument(_ name: String) -> Bool {
    guard argumentCount > 0 else { return false }
    let position =
      holdsFields ? instance?.fieldPosition(NameKey(name)) : layout.position(of: name)
    return position.map { $0 < argumentCount } ?? false
  }

  /// Whether slot `i` holds one of the call's arguments.
  @inline(__always)
  func isArgumentSlot(_ i: Int) -> Bool { !holdsFields && i < argumentCount }

  /// Unbinds every name (`:reset`); the slots stay, since resolved code refers to them.
  func removeAll() { values = Array(repeating: nil, count: values.count) }

  /// Drops every value, so that functions and models that hold this frame are freed.
  func release() { values = [] }

  /// The names bound directly in this frame, for `:vars` and completion.
  var names: [String] {
    if holdsFields, let instance { return instance.fieldNames }
    return layout.names.indices.compactMap { value(at: $0) == nil ? nil : layout.names[$0] }
  }

  /// Every visible name (for "did you mean" suggestions).
  var visibleNames: [String] {
    var result = [String]()
    var scope: Scope? = self
    while let current = scope {
      result += current.names
      if !current.holdsFields, let instance = current.instance { result += instance.fieldNames }
      scope = current.parent
    }
    return result
  }
}
