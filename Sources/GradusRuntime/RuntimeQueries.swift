import GradusAutograd
import GradusLanguage
import GradusTensor

// What a front end may ask the runtime about a session without touching the engine. The REPL
// asks it for Tab completion, `:vars`, `:type`, `:shape`, `:grad`, `:source` and `:limits`; a
// Jupyter kernel will ask the same for `complete_request` and `inspect_request` (and
// `Pipeline.needsMoreLines` for `is_complete`). Answers are values, strings and numbers, so a
// front end imports neither GradusTensor nor GradusAutograd. Running code is `Pipeline`'s.
//
// Also part of it, declared with the interpreter: `value(of:)`, `userNames`, `visibleNames`,
// `define(_:_:)`, `preludeSource`, `preludeDefinition(of:)`, `Interpreter.builtins`, `format`.

/// One value as a listing of names shows it (`:vars`, a notebook's variable view).
public struct ValueSummary: Sendable, Equatable {
  /// `parameter`, `list`, `Linear`, … (`Value.kindName`).
  public let kind: String
  /// `[3, 4]` for a tensor, `5 items` for a list; empty for values without one.
  public let shape: String
  /// How many numbers the parameters inside it hold (0 for values without parameters).
  public let parameterCount: Int
  /// The value on one line, unclipped (`ValueFormat.short`).
  public let short: String
}

/// What `:shape` answers.
public enum ShapeAnswer: Sendable, Equatable {
  /// A tensor's shape, `[3, 4]`.
  case tensor(String)
  /// A plain number (a tensor of shape `[]` once used with one).
  case number
  /// A list has a length, not a shape.
  case list(count: Int)
  /// Any other kind of value: its kind.
  case none(kind: String)
}

/// What `:grad` answers: gradients as the session formats values.
public enum GradientAnswer: Sendable, Equatable {
  /// A tensor's gradient, formatted.
  case tensor(String)
  /// A tensor that is not a parameter, so it gets no gradient.
  case notAParameter
  /// A parameter before `backward` reached it.
  case notYet
  /// A model or list none of whose parameters `backward` has reached yet.
  case noneYet
  /// A model or list without parameters.
  case noParameters
  /// A model's or list's parameters by path (`fc1.W`), each with its formatted gradient, or
  /// nil when the loss did not depend on it.
  case parameters([Parameter])
  /// A value that has no gradient at all: its kind.
  case notDifferentiable(kind: String)

  public struct Parameter: Sendable, Equatable {
    public let path: String
    public let gradient: String?
  }
}

extension Interpreter {
  /// `value` as a listing of names shows it.
  public func summary(of value: Value) -> ValueSummary {
    var shape = ""
    switch value {
    case .tensor(let t): shape = "\(t.shape)"
    case .list(let list): shape = "\(list.items.count) items"
    default: break
    }
    return ValueSummary(
      kind: value.kindName, shape: shape, parameterCount: Self.parameterCount(in: value),
      short: format.short(value))
  }

  /// What `value` is, in a sentence: `parameter of shape [3, 4], float32`, `Linear (a model
  /// with 16 parameters)`, … (`:type`, the first line of an inspection).
  public func typeDescription(of value: Value) -> String {
    switch value {
    case .tensor(let t):
      return "\(value.kindName) of shape \(t.shape), \(t.dtype.rawValue)"
        + (t.op.map { ", made by `\($0.name)`" } ?? "")
    case .object(let o):
      return "\(o.type.name) (a model with \(Self.parameterCount(in: value)) parameters)"
    case .list(let list):
      return "list of \(list.items.count) item\(list.items.count == 1 ? "" : "s")"
    case .range(let r):
      return "range of \(r.count) whole numbers"
    case .string(let s):
      return "string of \(s.text.count) character\(s.text.count == 1 ? "" : "s")"
    case .modelType, .function, .builtin, .boundMethod:
      return "\(value.kindName): \(format.display(value))"
    case .none, .bool, .int, .float:
      return value.kindName
    }
  }

  /// `value`'s shape, or why it has none.
  public func shape(of value: Value) -> ShapeAnswer {
    switch value {
    case .tensor(let t): return .tensor("\(t.shape)")
    case .int, .float: return .number
    case .list(let list): return .list(count: list.items.count)
    default: return .none(kind: value.kindName)
    }
  }

  /// The gradient of a parameter, or of every parameter inside a model or list.
  public func gradients(of value: Value) -> GradientAnswer {
    switch value {
    case .tensor(let t):
      guard let g = t.grad else { return t.requiresGrad ? .notYet : .notAParameter }
      return .tensor(format.display(.tensor(Tensor(g))))
    case .object, .list:
      let found = value.parameters
      guard !found.isEmpty else { return .noParameters }
      guard found.contains(where: { $0.tensor.grad != nil }) else { return .noneYet }
      return .parameters(
        found.map { path, t in
          .init(path: path, gradient: t.grad.map { format.display(.tensor(Tensor($0))) })
        })
    default:
      return .notDifferentiable(kind: value.kindName)
    }
  }

  /// What may follow `path.` where `path` names a value of the session (`["net", "fc1"]` →
  /// `W`, `b`, its methods, `train`, `eval`; a tensor's `T`, `shape`, …); nil when `path`
  /// names nothing. Only stored fields are walked, so completing never runs code or builds
  /// tensors (`.T`, `.grad` and `.data` of a tensor answer as a tensor).
  public func fieldNames(after path: [String]) -> [String]? {
    guard let first = path.first, var value = value(of: first) else { return nil }
    for name in path.dropFirst() {
      switch value {
      case .object(let o):
        guard let field = o.field(name) else { return nil }
        value = field
      case .tensor where ["T", "grad", "data"].contains(name): continue
      default: return nil
      }
    }
    switch value {
    case .object(let o): return o.fieldNames + Array(o.methods.keys) + ["train", "eval"]
    case .tensor: return Self.tensorFieldNames
    case .list: return Self.listFieldNames
    default: return []
    }
  }

  /// What a tensor and a shape-only tensor answer after a dot, for completion.
  public static let tensorFieldNames = [
    "T", "data", "dtype", "grad", "ndim", "numel", "rank", "shape", "size",
  ]
  /// What a list answers after a dot.
  public static let listFieldNames = ["count", "length"]

  /// The documentation of a name in scope, for completion and inspection: a builtin's
  /// one-line summary, or the `#'` lines written above a function's or model's definition (in
  /// the prelude or in the learner's code); nil for other names and undocumented definitions.
  public func documentation(of name: String) -> [String]? {
    if let builtin = Self.builtins.first(where: { $0.name == name }) { return [builtin.summary] }
    let lines: [String]
    switch value(of: name) {
    case .function(let f)?: lines = f.source.docComment(above: f.declaration.name.span)
    case .modelType(let m)?: lines = m.source.docComment(above: m.declaration.name.span)
    default: return nil
    }
    return lines.isEmpty ? nil : lines
  }

  /// `y = exp(a), dy/da = exp(a)` for a builtin that records the engine's primitive of that
  /// name (`:source`, `:help`); nil for any other name.
  public static func gradientRule(of name: String) -> String? {
    guard let (op, inputs) = Op.catalogue.first(where: { $0.op.name == name }) else { return nil }
    let letters = ["a", "b"].prefix(inputs)
    let slopes = letters.enumerated().map { i, letter in
      "dy/d\(letter) = \(op.localDerivativeFormula(input: i))"
    }
    return "y = \(op.formula), " + slopes.joined(separator: ", ")
  }

  private static func parameterCount(in value: Value) -> Int {
    value.parameters.reduce(0) { $0 &+ $1.tensor.data.count }
  }
}

/// The session's memory limit (`MemoryLimit`) and thread count, for `:limits` and a kernel's
/// settings.
public enum SessionLimits {
  /// The session's memory budget: the most bytes its tensors, lists, strings and temporary
  /// arrays may hold together, on this thread (the thread every cell of a session runs on).
  public static var memoryBytes: Int {
    get { MemoryLimit.maxBytes }
    set { MemoryLimit.maxBytes = newValue }
  }

  /// How the limit's error messages say to raise it.
  public static var howToRaise: String { MemoryLimit.howToRaise }

  /// The bytes the session's tensors, lists, strings and temporary arrays hold now.
  public static var memoryInUse: Int { MemoryLimit.usedBytes }

  /// `512M`, `2G`, `1.5G` → bytes; nil when `text` is not a size.
  public static func bytes(in text: String) -> Int? { MemoryLimit.parse(text) }

  /// `4 GiB`, `512 MiB`: a size as messages show it.
  public static func describe(bytes: Int) -> String { "\(ByteCount(bytes))" }

  /// Threads the engine's large operations use (`Parallelism`), for the whole process.
  public static var threads: Int {
    get { Parallelism.threadCount }
    set { Parallelism.setThreadCount(newValue) }
  }

  /// The cores this process may run on: the default number of threads.
  public static var cores: Int { Parallelism.coreCount }

  /// `4` or `default` → a thread count; nil when `text` is neither.
  public static func threadCount(in text: String) -> Int? { Parallelism.parse(text) }
}

extension SourceFile {
  /// The consecutive `#'` lines right above the line where `span` starts, without the marker:
  /// the documentation written for a definition.
  public func docComment(above span: Span) -> [String] {
    var lines: [String] = []
    var line = location(of: span.start).line - 1
    while line >= 1 {
      let text = lineText(line)[...].trimmingCharacters(in: " \t\r\n")
      guard text.hasPrefix("#'") else { break }
      lines.insert(text.dropFirst(2).trimmingCharacters(in: " \t\r\n"), at: 0)
      line -= 1
    }
    return lines
  }
}
