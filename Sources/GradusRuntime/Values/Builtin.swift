import GradusAutograd

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

  init(
    _ name: String, _ signature: String, _ summary: String, example: String = "",
    tensorBody: (@Sendable (Tensor) throws -> Tensor)? = nil,
    body: @escaping @Sendable (Arguments) throws -> Value
  ) {
    self.name = name
    self.signature = signature
    self.summary = summary
    self.example = example
    self.tensorBody = tensorBody
    self.body = body
  }
}
