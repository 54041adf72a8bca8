import GradusAutograd
import GradusLanguage
import GradusTensor

/// The functions written in Swift. Each group lives in its own file (`Builtins+Tensor.swift`,
/// …) and registers itself here; the prelude (`prelude.grad`) builds the rest in Gradus.
enum Builtins {
  static func install(into scope: Scope) {
    for builtin in all { scope.define(builtin.name, .builtin(builtin)) }
  }

  static let all: [Builtin] =
    core + creation + elementwise + reductions + shaping + neural + autograd + optimizers + models
    + data + trigonometry + datasets + files + lessons + pictures + checks

  /// Looks up a builtin by name (for `:help`).
  static func named(_ name: String) -> Builtin? { all.first { $0.name == name } }
}

extension Interpreter {
  /// The random generator for a call: a fresh one for `seed: n`, else the session's.
  func withGenerator<R>(_ args: Arguments, _ body: (inout RandomGenerator) throws -> R) throws -> R
  {
    if let seed = args.named("seed"), !seed.isNone {
      let n = try integer(seed, at: args.namedSpan("seed"), what: "`seed`")
      var generator = RandomGenerator(seed: UInt64(bitPattern: Int64(n)))
      return try body(&generator)
    }
    return try body(&rng)
  }

  /// `dtype: "float64"` if given, else float32.
  func dtype(_ args: Arguments) throws -> DType {
    guard let value = args.named("dtype"), !value.isNone else { return .float32 }
    guard case .string(let name) = value, let dtype = DType(rawValue: name) else {
      throw error(
        .invalidValue, "unknown dtype \(format.short(value))", at: args.namedSpan("dtype"),
        help: "use \"float32\" (the default) or \"float64\"")
    }
    return dtype
  }

  /// Sizes given as `f(2, 3)`, `f([2, 3])` or `f(x.shape)`.
  func sizes(_ args: Arguments, from start: Int = 0) throws -> Shape {
    var result = [Int]()
    for i in start..<args.count {
      let value = args.positional[i]
      if case .list(let list) = value {
        result += try list.items.map { try integer($0, at: args.span(of: i), what: "a size") }
      } else {
        result.append(try integer(value, at: args.span(of: i), what: "a size"))
      }
    }
    for (axis, size) in result.enumerated() where size < 0 {
      throw error(.invalidValue, "size \(size) on axis \(axis) is negative", at: args.span)
    }
    return try engine(args.span) { try Shape(result) }
  }
}
