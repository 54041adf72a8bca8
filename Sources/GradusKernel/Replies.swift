import GradusRuntime

/// The contents of replies that need no interpreter state, and the cursor arithmetic of the
/// ones that do. Cursor positions in the protocol (5.2 and later) count Unicode code points.
enum Replies {
  static func kernelInfo(version: String) -> JSONOut {
    .object([
      ("status", .string("ok")), ("protocol_version", .string("5.3")),
      ("implementation", .string("gradus")), ("implementation_version", .string(version)),
      (
        "language_info",
        .object([
          ("name", .string("gradus")), ("version", .string(version)),
          ("mimetype", .string("text/x-gradus")), ("file_extension", .string(".grad")),
          // No Pygments or CodeMirror mode for Gradus exists; plain text is honest.
          ("pygments_lexer", .string("text")), ("codemirror_mode", .string("text/plain")),
        ])
      ),
      ("banner", .string("Gradus \(version): neural networks, one step at a time")),
      ("help_links", .array([])), ("debugger", .bool(false)),
    ])
  }

  /// Whether a cell can run as it is, as the REPL decides when to show a continuation prompt.
  static func isComplete(_ code: String) -> JSONOut {
    guard Pipeline.needsMoreLines(code) else { return .object([("status", .string("complete"))]) }
    return .object([("status", .string("incomplete")), ("indent", .string("  "))])
  }

  /// The text before a cursor given in code points.
  static func text(_ code: String, before cursor: Int) -> String {
    var scalars = String.UnicodeScalarView()
    scalars.append(contentsOf: code.unicodeScalars.prefix(Swift.max(0, cursor)))
    return String(scalars)
  }

  /// The name the cursor is in or just after (`lin|ear` → `linear`), for inspection.
  static func name(in code: String, at cursor: Int) -> String {
    let scalars = Array(code.unicodeScalars)
    let isNamePart = { (s: Unicode.Scalar) in
      s == "_" || s.properties.isAlphabetic || s.properties.numericType != nil
    }
    var start = Swift.min(Swift.max(0, cursor), scalars.count)
    var end = start
    while start > 0, isNamePart(scalars[start - 1]) { start -= 1 }
    while end < scalars.count, isNamePart(scalars[end]) { end += 1 }
    var name = String.UnicodeScalarView()
    name.append(contentsOf: scalars[start..<end])
    return String(name)
  }

  static func ok(_ members: [(String, JSONOut)]) -> JSONOut {
    .object([("status", .string("ok"))] + members)
  }
}
