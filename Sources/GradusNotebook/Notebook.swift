import GradusLanguage
import GradusRuntime

/// A lesson or program after running: its cells with their outputs, and what is needed to
/// reproduce it (the Gradus version and the random seed). This is what the exporters write.
public struct Notebook {
  /// The first Markdown heading, else the file's name.
  public var title: String
  /// The path of the source file, as given.
  public var sourceName: String
  public var cells: [NotebookCell]
  public var version: String
  public var seed: UInt64

  public init(
    title: String, sourceName: String, cells: [NotebookCell], version: String, seed: UInt64
  ) {
    self.title = title
    self.sourceName = sourceName
    self.cells = cells
    self.version = version
    self.seed = seed
  }

  /// The first failure, if a cell failed.
  public var failure: Pipeline.Outcome? {
    for case .code(_, let run?) in cells {
      if let failure = run.failure { return failure }
    }
    return nil
  }

  /// Parses and runs `source` with a fresh interpreter seeded with `seed`. Syntax errors stop
  /// it before anything runs: their diagnostics are returned instead. With `running` false the
  /// cells are only split, none is run (a notebook to run elsewhere, in Jupyter).
  public static func run(
    _ source: SourceFile, seed: UInt64, version: String, running: Bool = true
  ) throws(NotebookError) -> Notebook {
    let program: Program
    switch Pipeline.parse(source) {
    case .program(let parsed): program = parsed
    case .syntaxErrors(let diagnostics, _): throw .syntax(diagnostics, source)
    }
    let cells: [NotebookCell]
    if running {
      let runner: NotebookRunner
      do { runner = try NotebookRunner(seed: seed) } catch {
        throw .prelude(String(describing: error))
      }
      // A lesson reads its data from the lessons folder, wherever it is exported from.
      runner.interpreter.fileDirectory = LessonCatalog().filesFolder(forFile: source.name)
      cells = runner.runAll(program)
    } else {
      cells = NotebookRunner.cells(of: program)
    }
    return Notebook(
      title: title(of: cells) ?? baseName(source.name), sourceName: source.name, cells: cells,
      version: version, seed: seed)
  }

  /// The text of the first heading of the first prose cell, as a reader sees it (no `#`,
  /// `*` or backticks; formulas as one line of text).
  static func title(of cells: [NotebookCell]) -> String? {
    guard
      case .prose(let markdown)? = cells.first(where: {
        if case .prose = $0 { true } else { false }
      })
    else {
      return nil
    }
    for case .heading(_, let content) in MarkdownParser.parse(markdown) {
      return MarkdownInline.plainText(
        content.map { inline in
          guard case .math(let tex, _) = inline else { return inline }
          return .text(ProseMath.inlineText(tex, unicode: true))
        })
    }
    return nil
  }

  /// `lessons/03-backprop.grad` → `03-backprop`.
  static func baseName(_ path: String) -> String {
    let file = path.split(separator: "/").last.map(String.init) ?? path
    return file.hasSuffix(".grad") ? String(file.dropLast(5)) : file
  }
}

/// Why a file could not be run as a notebook.
public enum NotebookError: Error {
  case syntax([Diagnostic], SourceFile)
  case prelude(String)

  public func rendered(style: DiagnosticRenderer.Style) -> String {
    switch self {
    case .syntax(let diagnostics, let source):
      return Pipeline.Outcome.syntaxErrors(diagnostics, source).rendered(style: style)
    case .prelude(let message): return "error: the prelude failed to load: \(message)\n"
    }
  }
}
