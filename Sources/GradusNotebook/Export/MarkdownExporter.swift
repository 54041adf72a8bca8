import GradusPictures

/// A notebook as Markdown: prose as written, code in ```` ```gradus ```` blocks, output in
/// ```` ```text ```` blocks, and each picture as an SVG file beside the document, linked as an
/// image (`lesson_files/fig1.svg`), since Markdown cannot hold pictures itself.
public enum MarkdownExporter {
  /// The document and the picture files it links to.
  public struct Export {
    public var markdown: String
    /// Paths relative to the document's folder, with their contents.
    public var files: [(path: String, contents: String)]
  }

  /// `OUT.md` → `OUT_files`: the folder the pictures of `OUT.md` go in (as Jupyter names it).
  public static func figuresFolder(forDocument path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return (name.hasSuffix(".md") ? String(name.dropLast(3)) : name) + "_files"
  }

  /// - Parameter folder: where the pictures go, relative to the document (`figuresFolder`).
  public static func render(_ notebook: Notebook, figuresFolder folder: String) -> Export {
    var text =
      "<!-- Exported by Gradus \(notebook.version) with random seed \(notebook.seed). -->\n\n"
    var files = [(path: String, contents: String)]()
    var wroteProvenance = false
    func provenance() {
      text +=
        "*Exported by Gradus \(notebook.version) from `\(notebook.sourceName)` with random seed "
        + "\(notebook.seed). To reproduce it: `gradus export \(notebook.sourceName) --to md --seed \(notebook.seed)`*\n\n"
      wroteProvenance = true
    }
    var cellNumber = 0
    for cell in notebook.cells {
      switch cell {
      case .prose(let markdown):
        text += markdown.trimmingFinalNewline() + "\n\n"
        // After the lesson's heading, where a reader looks first.
        if !wroteProvenance { provenance() }
      case .code(let code, let run):
        if code.isEmpty && (run?.outputs.isEmpty ?? true) && (run?.succeeded ?? true) { continue }
        if !wroteProvenance { provenance() }
        cellNumber += 1
        text += fenced(code, language: "gradus")
        guard let run else {
          text += "*Not run: an earlier cell failed.*\n\n"
          continue
        }
        var pending = ""
        func flushText() {
          if !pending.isEmpty { text += fenced(pending.trimmingFinalNewline(), language: "text") }
          pending = ""
        }
        for output in run.outputs {
          switch output {
          case .text(let printed): pending += printed
          case .value(let formatted): pending += "Out[\(cellNumber)]: " + formatted + "\n"
          case .picture(let picture):
            flushText()
            let path = folder + "/fig\(files.count + 1).svg"
            files.append((path, SVGPictureRenderer.render(picture)))
            text += "![Figure \(files.count): \(altText(picture.summary))](\(path))\n\n"
          }
        }
        if let failure = run.failure { pending += failure.rendered(style: .plain) }
        flushText()
      }
    }
    return Export(markdown: text.trimmingFinalNewline(), files: files)
  }

  /// A fenced block whose fence is longer than any run of backticks inside it.
  static func fenced(_ body: String, language: String) -> String {
    var longest = 0
    var run = 0
    for character in body {
      run = character == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: max(3, longest + 1))
    return fence + language + "\n" + body + "\n" + fence + "\n\n"
  }

  /// Brackets would end the image's description early.
  static func altText(_ text: String) -> String {
    String(text.map { $0 == "[" || $0 == "]" ? "-" : $0 })
  }
}
