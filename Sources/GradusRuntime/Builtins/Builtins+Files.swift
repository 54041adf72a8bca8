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
      if let problem = AtomicFile.write(bytes, to: path) {
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
      guard !path.utf8.contains(0), let bytes = FileBytes.read(path) else {
        throw interpreter.error(
          .fileError, "cannot read `\(path)`", at: args.span(of: 1),
          help: "check the path and that it is a file")
      }
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

/// Writes a file so that a crash or a full disk never leaves it half-written: the bytes go to a
/// temporary file in the same directory, are flushed to disk, then renamed over the target.
public enum AtomicFile {
  /// Returns nil on success, else what went wrong (the target is then untouched).
  public static func write(_ bytes: [UInt8], to path: String) -> String? {
    // C sees a path only up to a NUL: "a\0b" would silently write "a".
    guard !path.utf8.contains(0) else { return "a path cannot contain the character \\0" }
    var target = stat()
    if stat(path, &target) == 0 && (target.st_mode & S_IFMT) == S_IFDIR { return "it is a folder" }
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { path[..<$0].isEmpty ? "/" : String(path[..<$0]) } ?? "."
    var template = Array(directory.utf8CString.dropLast()) + Array("/.gradus-XXXXXX".utf8CString)
    let descriptor = mkstemp(&template)
    guard descriptor >= 0 else {
      let code = errno
      var info = stat()
      let exists = stat(directory, &info) == 0
      switch code {
      case ENOENT where !exists: return "the folder `\(directory)` does not exist"
      case ENOTDIR: return "`\(directory)` is not a folder"
      default: return "cannot create a file in `\(directory)`: \(String(cString: strerror(code)))"
      }
    }
    let temporary = String(
      decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var written = 0
    var failure: String?
    bytes.withUnsafeBytes { raw in
      while written < raw.count {
        let n = Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 {
          failure = String(cString: strerror(errno))
          return
        }
        written += n
      }
    }
    if failure == nil && fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
    close(descriptor)
    if failure == nil {
      fchmodat(AT_FDCWD, temporary, 0o644, 0)
      if rename(temporary, path) != 0 {
        let code = errno
        failure = code == EISDIR ? "it is a folder" : String(cString: strerror(code))
      } else {
        // The rename itself is made durable by flushing the folder.
        let folder = open(directory, O_RDONLY | O_DIRECTORY)
        if folder >= 0 {
          fsync(folder)
          close(folder)
        }
      }
    }
    if failure != nil { unlink(temporary) }
    return failure
  }
}
