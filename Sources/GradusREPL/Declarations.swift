import GradusLanguage
import GradusRuntime

/// The top-level definitions of a source file (the prelude, or a cell): models, functions and
/// names assigned, each with the `#'` comment written just above it. `:help` and `:source`
/// read the prelude through this, so its documentation lives next to its code.
struct Declarations {
  struct Entry {
    enum Kind {
      case model
      case function
      case value
    }

    let name: String
    let kind: Kind
    let statement: Stmt
    let parameters: [Parameter]
    /// The span of the name where it is declared.
    let nameSpan: Span
    /// The `#'` lines above, without the marker.
    let documentation: [String]
  }

  let source: SourceFile
  /// In the order they are written.
  let entries: [Entry]

  init(_ source: SourceFile) {
    self.source = source
    var entries: [Entry] = []
    for statement in Parser.parse(source).program.statements {
      let documentation = source.docComment(above: statement.span)
      switch statement.kind {
      case .model(let m):
        entries.append(
          .init(
            name: m.name.name, kind: .model, statement: statement, parameters: m.parameters,
            nameSpan: m.name.span, documentation: documentation))
      case .function(let f):
        entries.append(
          .init(
            name: f.name.name, kind: .function, statement: statement, parameters: f.parameters,
            nameSpan: f.name.span, documentation: documentation))
      case .assign(let target, _):
        if case .name(let name) = target.kind {
          entries.append(
            .init(
              name: name, kind: .value, statement: statement, parameters: [], nameSpan: target.span,
              documentation: documentation))
        }
      default:
        break
      }
    }
    self.entries = entries
  }

  func entry(named name: String) -> Entry? { entries.last { $0.name == name } }

  /// `Linear(n_in, n_out)`, `SGD(net, lr: 0.01, …)`: defaults written as a call passes them.
  func signature(of entry: Entry) -> String {
    guard entry.kind != .value else { return entry.name }
    let parameters = entry.parameters.map { p in
      p.defaultValue.map { "\(p.name.name): \(source.text(of: $0.span))" } ?? p.name.name
    }
    return "\(entry.name)(\(parameters.joined(separator: ", ")))"
  }

  /// The definition as written, with its `#'` comment, from the start of its first line.
  func text(of entry: Entry) -> String {
    let (line, _) = source.location(of: entry.statement.span.start)
    let firstLine = line - entry.documentation.count
    let start = source.lineRange(firstLine).lowerBound
    return source.text(of: Span(start: start, end: entry.statement.span.end))
  }
}
