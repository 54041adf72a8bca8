import GradusLanguage

/// Where a name lives, decided once by the resolver (`SlotResolver`) so that the evaluator reads
/// and writes an array element instead of searching scopes by name (Crafting Interpreters,
/// chapter "Resolving and Binding", and clox's local slots).
///
/// Every running piece of code has a frame (`Scope`) holding one array of values: a call has
/// its parameters and the names its body assigns; the session's top level and the prelude have
/// a growing array each. A model's fields are not slots: they live in the model, in the order
/// they were first assigned (that order is `params(net)`'s), so a field is found in the model by
/// its precomputed key.
///
/// Gradus scopes are Python's (a function's body is one scope, blocks share it), and a name is
/// bound by running an assignment, not by a declaration. So a slot says where a name is once it
/// is bound; when the slot is still empty (a function that reads a global `x` before its own
/// `x = …`), the evaluator falls back to finding the name by name, which gives what running the
/// code always gave.
enum Slot {
  /// Slot `index` of the running frame: a parameter, or a name the function's body assigns.
  case local(Int)
  /// Slot `index` of the frame `depth` levels out: a closure reading a local of the function it
  /// was defined in. Closures capture the frame itself, so they see later changes to it.
  case enclosing(depth: Int, index: Int)
  /// Slot `index` of the session's top level. If the session has not bound it, the prelude's
  /// value of the same name (slot `prelude`, -1 if it has none): `relu` is the prelude's until
  /// a cell assigns `relu = …`, and from then on the learner's, even in functions defined earlier.
  case global(Int, prelude: Int)
  /// Slot `index` of the prelude's top level (names read by the prelude's own code, which never
  /// sees the learner's names).
  case prelude(Int)
  /// A name used in a model's body or in a method: one of the model's fields if the model has
  /// it, else the top-level name (`global` for the session's code, -1 for the prelude's;
  /// `prelude` as for `global`). `fc1` and `relu` in `forward(x) = fc2(relu(fc1(x)))`.
  case field(NameKey, global: Int, prelude: Int)
  /// Found by name at run time, as before there were slots: code the resolver did not see (an
  /// expression evaluated by itself) and the rare shapes where a slot would not say where the
  /// name lives (a closure inside a method, a model declared inside a function).
  case byName
}

/// The names of a frame's slots, in slot order: a function's parameters first (so that slot
/// `i < parameterCount` is an argument), then every name its body assigns. Shared by all calls
/// of a function; the top level's and the prelude's layouts grow as cells define names.
final class FrameLayout {
  private(set) var names: [String] = []
  private var positions: [String: Int] = [:]
  /// How many of the first slots are parameters.
  let parameterCount: Int

  init(parameters: [String] = [], names more: [String] = []) {
    parameterCount = parameters.count
    for name in parameters + more { _ = slot(for: name) }
  }

  var count: Int { names.count }

  /// The slot of `name`, or nil if this frame has none.
  func position(of name: String) -> Int? { positions[name] }

  /// The slot of `name`, added at the end if it has none yet.
  func slot(for name: String) -> Int {
    if let position = positions[name] { return position }
    positions[name] = names.count
    names.append(name)
    return names.count - 1
  }
}
