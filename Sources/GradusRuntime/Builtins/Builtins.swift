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
    + data + trigonometry + datasets + files + lessons + pictures + planeMaps + checks

  /// Looks up a builtin by name (for `:help`).
  static func named(_ name: String) -> Builtin? { all.first { $0.name == name } }
}

extension Interpreter {
  /// The random generator for a call: a fresh one for `seed: n`, else the session's.
  func withGenerator<R>(_ args: Arguments, _ body: (inout RandomGenerator) throws -> R) throws -> R
  {
    if let n = try seed(args) {
      var generator = RandomGenerator(seed: UInt64(bitPattern: Int64(n)))
      return try body(&generator)
    }
    return try body(&rng)
  }

  /// `seed: n`, if given (checked when a random builtin binds its arguments).
  func seed(_ args: Arguments) throws -> Int? {
    guard let seed = args.named("seed"), !seed.isNone else { return nil }
    return try integer(seed, at: args.namedSpan("seed"), what: "`seed`")
  }

  /// `dtype: "float64"` if given, else float32.
  func dtype(_ args: Arguments) throws -> DType {
    guard let value = args.named("dtype"), !value.isNone else { return .float32 }
    let help = "use \"float32\" (the default) or \"float64\""
    // Named by kind, not printed: a tensor prints differently inside `analyze { }`.
    guard let name = value.text else {
      throw error(
        .typeMismatch, "`dtype` must be a string, got \(value.kindWithArticle)",
        at: args.namedSpan("dtype"), help: help)
    }
    guard let dtype = DType(rawValue: name) else {
      throw error(
        .invalidValue, "unknown dtype \(format.short(value))", at: args.namedSpan("dtype"),
        help: help)
    }
    return dtype
  }

  /// Sizes given as `f(2, 3)`, `f([2, 3])` or `f(x.shape)`, checked to be whole, not negative
  /// and at most `Shape.maxRank`, but not yet against the memory limit (`analyze { }` describes
  /// tensors of any size; `Shape(_:)` checks the limit when one is made).
  func sizeList(_ args: Arguments, from start: Int = 0) throws -> [Int] {
    var result = [Int]()
    for i in start..<args.count {
      let value = args.positional[i]
      if case .list(let list) = value {
        result += try list.items.map { try integer($0, at: args.span(of: i), what: "a size") }
      } else {
        result.append(try integer(value, at: args.span(of: i), what: "a size"))
      }
    }
    return try checkedSizes(result, at: args.span)
  }

  /// `sizes` if they can be a shape's: none negative, at most `Shape.maxRank` of them.
  func checkedSizes(_ sizes: [Int], at span: Span) throws -> [Int] {
    for (axis, size) in sizes.enumerated() where size < 0 {
      throw error(.invalidValue, "size \(size) on axis \(axis) is negative", at: span)
    }
    guard sizes.count <= Shape.maxRank else {
      throw tensorError(.tooManyDimensions(rank: sizes.count, limit: Shape.maxRank), at: span)
    }
    return sizes
  }

}

extension Interpreter {
  /// Checks, before a list or string of `count` items of `T` is made or grows by `count`
  /// items, that they fit in what is left of the session's memory budget (`MemoryLimit`): the
  /// same budget and message as tensors. The list or string takes the bytes once it exists.
  func reserve<T>(_ count: Int, of _: T.Type, at span: Span) throws {
    try engine(span) { try MemoryLimit.check(count: count, elementSize: MemoryLayout<T>.stride) }
  }

  /// Takes the bytes of a temporary Swift array of `count` items of `T` from the session's
  /// budget, before it is made; they go back when the returned charge ends, at the end of the
  /// caller's scope (`defer { withExtendedLifetime(charge) {} }` marks it).
  func temporary<T>(_ count: Int, of _: T.Type, at span: Span) throws -> MemoryCharge {
    do {
      return try MemoryCharge(count: count, elementSize: MemoryLayout<T>.stride)
    } catch {
      throw tensorError(error, at: span)
    }
  }

  /// `a + b` for the sizes of lists and strings being joined (which cannot overflow in memory,
  /// but are checked like every size).
  func combinedCount(_ a: Int, _ b: Int, at span: Span) throws -> Int {
    try engine(span) { try SizeArithmetic.add(a, b, op: "join", what: "the combined length") }
  }
}
