import ArgumentParser
import GradusKernel
import GradusLanguage
import GradusNotebook
import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// `gradus export FILE --to html|md|ipynb [-o OUT]`: runs a lesson or program and saves it as a
/// notebook document with its output and pictures; a Jupyter notebook is run only with `--run`.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Run a lesson or program and save it as a document with its output and pictures.",
    discussion: """
      HTML is one self-contained file (pictures as inline SVG). Markdown links its pictures, \
      written as SVG files to a folder beside it (OUT_files/). The document names the Gradus \
      version and the random seed, so running the same command again reproduces it.
      """)

  enum Format: String, CaseIterable, ExpressibleByArgument {
    case html, md, ipynb
  }

  @ArgumentParser.Argument(help: "The .grad file to run.") var file: String
  @Option(name: .customLong("to"), help: "The document format: html, md or ipynb (Jupyter).")
  var format: Format
  @Flag(
    name: .customLong("run"),
    help: "For ipynb: run the cells and keep their outputs (html and md are always run).")
  var runCells = false
  @Option(
    name: .shortAndLong,
    help: "The document to write (default: beside the file, with .html or .md).")
  var output: String?
  @Option(help: "Seed of the random generator.") var seed: UInt64 = 0
  @OptionGroup var language: LanguageOption

  func run() throws {
    // A lesson in another language is its edition in `zh/` beside it, written beside that.
    let file = Self.edition(of: self.file, in: language.language)
    if file != self.file { Terminal.writeError("exporting \(file)\n") }
    let source: SourceFile
    switch Terminal.readSource(file) {
    case .success(let s): source = s
    case .failure(let failure):
      Terminal.writeError("error: \(failure)\n")
      throw ExitCode(2)
    }
    let path = output ?? Self.defaultOutput(for: file, format: format)
    if let problem = AtomicFile.refusal(toWrite: path, sparing: file) {
      Terminal.writeError("error: cannot write \(path): \(problem)\n")
      throw ExitCode(1)
    }
    var result: Result<Notebook, NotebookError>?
    let (seed, version) = (self.seed, Gradus.version)
    let running = format != .ipynb || runCells
    // Deep programs need the evaluator's large stack, as with `gradus run`.
    LargeStack.run {
      result = Result { () throws(NotebookError) in
        try Notebook.run(source, seed: seed, version: version, running: running)
      }
    }
    let notebook: Notebook
    switch result {
    case .success(let n)?: notebook = n
    case .failure(let failure)?:
      Terminal.writeError(failure.rendered(style: Terminal.diagnosticStyle))
      throw ExitCode(1)
    case nil: throw ExitCode(1)
    }
    let pictures = try write(notebook, to: path, sparing: file)
    // On stderr: stdout stays free for the document's readers to pipe elsewhere.
    Terminal.writeError("wrote \(path) (\(pictures) picture\(pictures == 1 ? "" : "s"))\n")
    if let failure = notebook.failure {
      Terminal.writeError(failure.rendered(style: Terminal.diagnosticStyle))
      Terminal.writeError("the document shows this error; the cells after it were not run\n")
      throw ExitCode(1)
    }
  }

  /// Writes the document (and for Markdown its pictures); returns how many pictures it has.
  private func write(_ notebook: Notebook, to path: String, sparing file: String) throws -> Int {
    switch format {
    case .html:
      let html = HTMLExporter.render(notebook)
      try save(html, to: path, sparing: file)
      return Self.pictureCount(notebook)
    case .md:
      let folder = MarkdownExporter.figuresFolder(forDocument: path)
      let export = MarkdownExporter.render(notebook, figuresFolder: folder)
      let directory = path.contains("/") ? String(path[...path.lastIndex(of: "/")!]) : ""
      if !export.files.isEmpty && mkdir(directory + folder, 0o755) != 0 && errno != EEXIST {
        Terminal.writeError(
          "error: cannot make the folder \(directory + folder): \(String(cString: strerror(errno)))\n"
        )
        throw ExitCode(1)
      }
      for figure in export.files {
        try save(figure.contents, to: directory + figure.path, sparing: file)
      }
      try save(export.markdown, to: path, sparing: file)
      return export.files.count
    case .ipynb:
      try save(NotebookFile.render(notebook), to: path, sparing: file)
      return Self.pictureCount(notebook)
    }
  }

  private static func pictureCount(_ notebook: Notebook) -> Int {
    notebook.cells.reduce(0) { count, cell in
      if case .code(_, let run?) = cell { return count + run.pictures.count }
      return count
    }
  }

  /// `lessons/zh/03-backprop.grad` for `lessons/03-backprop.grad` in Chinese, when it exists;
  /// else the file itself.
  static func edition(of file: String, in language: Language) -> String {
    guard let folder = language.folder else { return file }
    let slash = file.lastIndex(of: "/")
    let directory = slash.map { String(file[...$0]) } ?? ""
    let name = slash.map { String(file[file.index(after: $0)...]) } ?? file
    if directory.hasSuffix(folder + "/") { return file }
    let translated = directory + folder + "/" + name
    return FileBytes.text(translated) != nil ? translated : file
  }

  /// Writes atomically (`AtomicFile`), so an interrupted export never leaves a half-written
  /// document over a good one, and never over the program it exports.
  private func save(_ text: String, to path: String, sparing file: String) throws {
    if let problem = AtomicFile.write(Array(text.utf8), to: path, sparing: file) {
      Terminal.writeError("error: cannot write \(path): \(problem)\n")
      throw ExitCode(1)
    }
  }

  /// `lessons/03-backprop.grad` → `lessons/03-backprop.html`, beside its source.
  static func defaultOutput(for file: String, format: Format) -> String {
    let base = file.hasSuffix(".grad") ? String(file.dropLast(5)) : file
    return base + "." + format.rawValue
  }
}
