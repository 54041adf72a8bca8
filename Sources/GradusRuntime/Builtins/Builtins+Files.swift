import GradusAutograd
import GradusLanguage
import GradusTensor

#if canImport(Glibc)
  import Glibc
#endif

extension Builtins {
  static let files: [Builtin] = [
    Builtin(
      "save", "save(model, \"file.safetensors\")",
      "write a model's parameters in the safetensors format (readable from PyTorch and NumPy)",
      example: "save(net, \"net.safetensors\")"
    ) { args in
      try args.expect(2, signature: "save(model, \"file.safetensors\")")
      let interpreter = args.interpreter
      let path = try args.string(1, "path")
      let found = try interpreter.parameters(in: args.positional[0], at: args.span(of: 0))
      guard !found.isEmpty else {
        throw interpreter.error(
          .invalidValue, "this \(args.positional[0].kindName) has no parameters to save",
          at: args.span(of: 0))
      }
      let named = found.map { ($0.0.isEmpty ? "value" : $0.0, $0.1.data) }
      let bytes = try args.engine {
        try SafeTensors.encode(named, metadata: [("format", "gradus")])
      }
      if let problem = AtomicFile.write(bytes, to: interpreter.filePath(path)) {
        throw interpreter.error(
          .fileError, "cannot save to `\(path)`: \(problem)", at: args.span(of: 1),
          help: "the previous file, if any, is unchanged")
      }
      return .none
    },
    Builtin(
      "load", "load(model, \"file.safetensors\")",
      "read parameters saved by `save` (or by Python's safetensors) into a model of the same shape",
      example: "load(net, \"net.safetensors\")"
    ) { args in
      try args.expect(2, signature: "load(model, \"file.safetensors\")")
      let interpreter = args.interpreter
      let path = try args.string(1, "path")
      let found = try interpreter.parameters(in: args.positional[0], at: args.span(of: 0))
      var fileBytes = MemoryCharge()
      defer { withExtendedLifetime(fileBytes) {} }
      let bytes = try interpreter.readFile(
        path, limit: FileBytes.dataLimit, holding: &fileBytes, at: args.span(of: 1),
        help: "check the path and that it is a file")
      let decoded: [(String, NDArray)]
      do { decoded = try SafeTensors.decode(bytes).tensors } catch {
        throw interpreter.error(
          .fileError, "`\(path)` is not a valid safetensors file: \(error)", at: args.span(of: 1))
      }
      try interpreter.assignLoaded(decoded, to: found, path: path, at: args.span)
      return .none
    },
  ]
}

extension Interpreter {
  /// Checks that a file's tensors match a model's parameters one to one, then copies them in.
  /// Nothing is changed unless everything matches.
  func assignLoaded(
    _ decoded: [(String, NDArray)], to found: [(String, Tensor)], path: String, at span: Span
  ) throws {
    let byName = Dictionary(decoded.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
    let expected = found.map { $0.0.isEmpty ? "value" : $0.0 }
    let missing = expected.filter { byName[$0] == nil }
    let extra = decoded.map(\.0).filter { !expected.contains($0) }
    if !missing.isEmpty || !extra.isEmpty {
      var notes = [String]()
      if !missing.isEmpty {
        notes.append("missing from the file: " + missing.joined(separator: ", "))
      }
      if !extra.isEmpty {
        notes.append("in the file but not in the model: " + extra.joined(separator: ", "))
      }
      throw error(
        .fileError, "`\(path)` does not hold this model's parameters", at: span, notes: notes)
    }
    for ((_, parameter), name) in zip(found, expected) {
      let array = byName[name]!
      guard array.shape == parameter.shape else {
        throw error(
          .shapeMismatch,
          "`\(name)` has shape \(array.shape) in `\(path)` but \(parameter.shape) in the model",
          at: span, help: "build the model with the same sizes it had when it was saved")
      }
    }
    for ((_, parameter), name) in zip(found, expected) {
      try engine(span) { try parameter.assign(byName[name]!) }
    }
  }
}
