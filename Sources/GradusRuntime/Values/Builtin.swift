/// A function written in Swift: a primitive operation or a tool (printing, plotting, timing).
public final class Builtin: Sendable {
  public let name: String
  /// How to call it, e.g. `randn(sizes..., seed: none)`.
  public let signature: String
  /// One line saying what it does.
  public let summary: String
  /// A runnable example for `:help`.
  public let example: String
  let body: @Sendable (Arguments) throws -> Value

  init(
    _ name: String, _ signature: String, _ summary: String, example: String = "",
    body: @escaping @Sendable (Arguments) throws -> Value
  ) {
    self.name = name
    self.signature = signature
    self.summary = summary
    self.example = example
    self.body = body
  }
}
