import GradusAutograd
import GradusTensor

/// A function written in Swift: a primitive operation, a tool (printing, plotting, timing), or a
/// fused version of a function the prelude defines in Gradus (`sigmoid`, `mse`, `sgd_update`; see
/// `Prelude.swift`).
public final class Builtin: Sendable {
  public let name: String
  /// How to call it, e.g. `randn(sizes..., seed: none)`.
  public let signature: String
  /// One line saying what it does.
  public let summary: String
  /// A runnable example for `:help`.
  public let example: String
  let body: @Sendable (Arguments) throws -> Value
  /// For a builtin that maps one tensor to another (`relu(x)`, `sum(x)`): what `body` does when
  /// it is called with one tensor and nothing else, so that such a call can skip building its
  /// `Arguments`. It must match `body` exactly; `body` still makes every error message.
  let tensorBody: (@Sendable (Tensor) throws -> Tensor)?
  /// For a builtin that creates a tensor (`zeros`, `arange`, `tril`, …): its arguments bound,
  /// checked and turned into a plan of the shape it will make, before anything is allocated.
  /// `body` runs the plan; `analyze { }` uses only its shape. Both therefore give the same
  /// arity and value errors.
  let plan: (@Sendable (Arguments) throws -> CreationPlan)?

  init(
    _ name: String, _ signature: String, _ summary: String, example: String = "",
    tensorBody: (@Sendable (Tensor) throws -> Tensor)? = nil,
    plan: (@Sendable (Arguments) throws -> CreationPlan)? = nil,
    body: @escaping @Sendable (Arguments) throws -> Value
  ) {
    self.name = name
    self.signature = signature
    self.summary = summary
    self.example = example
    self.tensorBody = tensorBody
    self.plan = plan
    self.body = body
  }

  /// A builtin that creates a tensor from a plan (see `plan`).
  convenience init(
    creating name: String, _ signature: String, _ summary: String, example: String = "",
    plan: @escaping @Sendable (Arguments) throws -> CreationPlan
  ) {
    self.init(name, signature, summary, example: example, plan: plan) { args in
      try plan(args).make()
    }
  }
}

/// What a creating builtin will make: the sizes and dtype, known (and checked) from its
/// arguments alone, and how to make it.
struct CreationPlan {
  let sizes: [Int]
  let dtype: DType
  /// `param(…)`: the result is trainable.
  var isParameter = false
  let make: () throws -> Value

  init(
    _ sizes: [Int], dtype: DType = .float32, isParameter: Bool = false,
    make: @escaping () throws -> Value
  ) {
    self.sizes = sizes
    self.dtype = dtype
    self.isParameter = isParameter
    self.make = make
  }
}
