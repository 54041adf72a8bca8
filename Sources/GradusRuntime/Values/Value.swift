import GradusAutograd
import GradusLanguage
import GradusTensor

/// A runtime value of the Gradus language.
public enum Value {
  case none
  case bool(Bool)
  /// A whole number as written (`3`), used for counts, sizes and loop indices.
  case int(Int)
  /// A plain number (`0.5`); mixing it with a tensor makes a tensor.
  case float(Double)
  /// Text; it holds its bytes in the session's memory budget while it lives (`StringBox`).
  /// Made with `try .string(text)`, which takes them.
  case string(StringBox)
  /// A tensor of any rank; 0-d tensors are the language's scalars with history.
  case tensor(Tensor)
  /// A list, shared by reference (`append` changes it in place, as in Python).
  case list(ListBox)
  /// `a...b` or `a..<b`.
  case range(RangeValue)
  case function(Function)
  case builtin(Builtin)
  /// A model description (`model Net(...) { }`): calling it builds an instance.
  case modelType(ModelType)
  case object(ModelInstance)
  /// `opt.step` before it is called.
  case boundMethod(ModelInstance, Function)

  /// The kind name used in messages and `:vars`.
  public var kindName: String {
    switch self {
    case .none: return "none"
    case .bool: return "bool"
    case .int: return "int"
    case .float: return "number"
    case .string: return "string"
    case .tensor(let t): return t.isParameter ? "parameter" : "tensor"
    case .list: return "list"
    case .range: return "range"
    case .function, .boundMethod: return "function"
    case .builtin: return "builtin"
    case .modelType: return "model description"
    case .object(let o): return o.type.name
    }
  }

  public var isNone: Bool {
    if case .none = self { return true }
    return false
  }
}

/// A mutable list shared by every name that refers to it.
///
/// Its items take their bytes from the session's memory budget while the list lives; growth is
/// checked before it happens (`Interpreter.reserve`), so following it here cannot fail.
public final class ListBox {
  public var items: [Value] {
    didSet { charge.resize(to: Self.bytes(items.count)) }
  }
  private var charge: MemoryCharge

  public init(_ items: [Value] = []) {
    self.items = items
    charge = MemoryCharge(checkedBytes: Self.bytes(items.count))
  }

  private static func bytes(_ count: Int) -> Int { count * MemoryLayout<Value>.stride }

  /// Whether `value` is this list or holds it in lists nested inside it. A list may not come
  /// to contain itself: printing or walking it would never end.
  public func isReachable(from value: Value) -> Bool {
    var pending = [value]
    var seen = Set<ObjectIdentifier>()
    while let next = pending.popLast() {
      guard case .list(let list) = next, seen.insert(ObjectIdentifier(list)).inserted else {
        continue
      }
      if list === self { return true }
      pending += list.items
    }
    return false
  }
}

/// A string value, holding the bytes it takes from the session's memory budget until the last
/// value that refers to it is gone: many large strings kept in lists or names cannot together
/// pass the limit.
public final class StringBox {
  public let text: String
  private let charge: MemoryCharge

  /// Takes the bytes of `text` (and of this box) from this thread's budget, or throws the
  /// budget error. A string written in the program (`"loss"`) shares its text with the
  /// program, so only the box is charged.
  init(_ text: String, sharingProgramText: Bool = false) throws(TensorError) {
    let textBytes = sharingProgramText ? 0 : text.utf8.count
    charge = try MemoryCharge(count: Self.boxBytes + textBytes, elementSize: 1)
    self.text = text
  }

  /// The box itself: an object header, the `String` and the charge.
  private static let boxBytes = 48
}

extension Value {
  /// A string value whose bytes are taken from the session's memory budget: the one way
  /// strings are made, so that each one counts. Throws the budget error when they do not fit.
  public static func string(_ text: String) throws(TensorError) -> Value {
    .string(try StringBox(text))
  }

  /// The text of a string value, or nil for any other value.
  public var text: String? {
    if case .string(let box) = self { return box.text }
    return nil
  }
}

/// `start...end` (closed) or `start..<end`, over integers.
public struct RangeValue: Sendable {
  public let start: Int
  public let end: Int
  public let closed: Bool

  public var count: Int { end < start ? 0 : (closed ? end + 1 : end) - start }
  /// Whether `count` is representable (ranges are checked when made, so `count` never traps).
  var countFits: Bool {
    guard end >= start else { return true }
    let (last, overflow) = closed ? end.addingReportingOverflow(1) : (end, false)
    return !overflow && !last.subtractingReportingOverflow(start).overflow
  }
  public func element(_ i: Int) -> Int { start + i }
}

/// A user function together with the scope it was defined in.
public final class Function {
  public let declaration: FunctionDecl
  let closure: Scope
  /// The file the declaration's spans point into (the prelude or a user file).
  public let source: SourceFile
  /// The slots of its frames (see `SlotResolver`).
  let layout: FrameLayout

  init(declaration: FunctionDecl, closure: Scope, source: SourceFile, layout: FrameLayout) {
    self.declaration = declaration
    self.closure = closure
    self.source = source
    self.layout = layout
  }

  public var name: String { declaration.name.name }
  public var parameterNames: [String] { declaration.parameters.map(\.name.name) }
}

/// A model description: its parameters, body, and the scope it was declared in.
public final class ModelType {
  public let declaration: ModelDecl
  let closure: Scope
  public let source: SourceFile

  init(declaration: ModelDecl, closure: Scope, source: SourceFile) {
    self.declaration = declaration
    self.closure = closure
    self.source = source
  }

  public var name: String { declaration.name.name }
  public var parameterNames: [String] { declaration.parameters.map(\.name.name) }
}

/// A built model: its fields in the order they were assigned, and its type's methods.
public final class ModelInstance {
  public let type: ModelType
  private var storage = NameTable()
  public var methods: [String: Function] = [:]
  /// Train/eval mode, for dropout.
  public var training = true

  init(type: ModelType) { self.type = type }

  public func field(_ name: String) -> Value? { storage[name] }

  func field(_ key: NameKey) -> Value? { storage[key] }

  func fieldPosition(_ key: NameKey) -> Int? { storage.position(of: key) }

  func fieldValue(at i: Int) -> Value { storage.value(at: i) }

  func setFieldValue(_ value: Value, at i: Int) { storage.setValue(value, at: i) }

  func setField(_ key: NameKey, _ value: Value) { storage.set(key, value) }

  public func setField(_ name: String, _ value: Value) { storage.set(name, value) }

  /// Field names in the order they were first assigned.
  public var fieldNames: [String] { storage.names }

  public var fields: [(String, Value)] { Array(zip(storage.names, storage.values)) }
}

extension Tensor {
  /// A trainable leaf (made by `param` or a layer).
  public var isParameter: Bool { isLeaf && requiresGrad }
}
