/// The prelude's source text, embedded in the binary at build time.
enum Prelude {
  static let text = String(decoding: PackageResources.prelude_grad, as: UTF8.self)
}

/// Fused builtins, the one mechanism (see the head of `prelude.grad`): a function in the prelude
/// with the name of a builtin (`fn sigmoid(x) = …`) is that builtin's definition. The builtin
/// computes the same values in one step (a kernel, or one call for a whole optimizer loop), so
/// the name is bound to the builtin, and the Gradus function is kept here as its reference, for
/// `:source`, for `trace_steps { }` and for the tests that compare the two. The prelude is the
/// only place that says which builtins are fused: no list in Swift can drift from it.
extension Interpreter {
  /// Called once, after the prelude has run: one pass over the builtins, no parsing.
  func bindFusedBuiltins() {
    for builtin in Builtins.all {
      guard case .function(let definition) = preludeScope.lookup(builtin.name) else { continue }
      preludeDefinitions[builtin.name] = definition
      preludeScope.define(builtin.name, .builtin(builtin))
    }
  }

  /// The prelude's Gradus definition of a fused builtin, or nil for any other name.
  public func preludeDefinition(of name: String) -> Function? { preludeDefinitions[name] }

  /// The names of the fused builtins, sorted.
  public var fusedBuiltinNames: [String] { preludeDefinitions.keys.sorted() }
}
