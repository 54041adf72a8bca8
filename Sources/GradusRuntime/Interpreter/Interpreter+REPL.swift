import GradusAutograd

/// What the REPL needs beyond running cells: the builtins for `:help`, and forward tracing of
/// any statement for `:explain` and `:trace on`.
extension Interpreter {
  /// Every function written in Swift, with its signature, summary and example.
  public static var builtins: [Builtin] { Builtins.all }

  /// Runs `body` printing each elementary operation as `trace { }` does.
  public func withForwardTrace<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
    try Autograd.withListener(ForwardTracer(interpreter: self), body)
  }
}
