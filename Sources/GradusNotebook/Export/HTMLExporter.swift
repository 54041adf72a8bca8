import GradusLanguage
import GradusPictures

/// Writes a run notebook as one self-contained HTML page: prose from Markdown, each code cell
/// with its printed output, values and pictures (inline SVG), and errors. The CSS is inline and
/// there are no scripts and no links to other files, so the page reads the same offline, in
/// ten years, or attached to an e-mail. The markup is well-formed XML.
public enum HTMLExporter {
  public static func render(_ notebook: Notebook) -> String {
    var html = """
      <!DOCTYPE html>
      <html xmlns="http://www.w3.org/1999/xhtml" lang="\(language(notebook))">
      <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <meta name="generator" content="Gradus \(XHTML.escaped(notebook.version))"/>
      <title>\(XHTML.escaped(notebook.title))</title>
      <style>
      \(HTMLStyle.css)</style>
      </head>
      <body>
      <main>

      """
    html += "<p class=\"meta\">\(provenance(notebook))</p>\n"
    var cellNumber = 0
    var figureNumber = 0
    for cell in notebook.cells {
      switch cell {
      case .prose(let markdown):
        html += "<div class=\"prose\">\n" + HTMLProse.render(markdown) + "\n</div>\n"
      case .code(let code, let run):
        if code.isEmpty && (run?.outputs.isEmpty ?? true) && (run?.succeeded ?? true) { continue }
        cellNumber += 1
        html += codeCell(code, run, number: cellNumber, figures: &figureNumber)
      }
    }
    html +=
      "</main>\n<footer>Gradus \(XHTML.escaped(notebook.version)) · random seed \(notebook.seed)</footer>\n"
    return html + "</body>\n</html>\n"
  }

  /// `zh-Hans` when the prose is mostly Chinese (so the browser picks Chinese fonts and line
  /// breaking), else `en`.
  static func language(_ notebook: Notebook) -> String {
    var han = 0
    var latin = 0
    for case .prose(let markdown) in notebook.cells {
      for scalar in markdown.unicodeScalars {
        if (0x4E00...0x9FFF).contains(scalar.value) {
          han += 1
        } else if scalar.properties.isAlphabetic && scalar.isASCII {
          latin += 1
        }
      }
    }
    // A Han character carries about as much as a word of four or five letters.
    return han * 4 > latin ? "zh-Hans" : "en"
  }

  /// Which Gradus made the page, from what, with which seed, and how to make it again.
  static func provenance(_ notebook: Notebook) -> String {
    let source = XHTML.escaped(notebook.sourceName)
    return "Exported by Gradus \(XHTML.escaped(notebook.version)) from <code>\(source)</code>"
      + " with random seed \(notebook.seed). To reproduce it: "
      + "<code>gradus export \(source) --to html --seed \(notebook.seed)</code>"
  }

  static func codeCell(_ code: String, _ run: CellRun?, number: Int, figures: inout Int) -> String {
    var html = "<section class=\"cell\" id=\"cell-\(number)\">\n"
    html += "<div class=\"in\"><span class=\"label\">In [\(number)]:</span>"
    html += "<pre><code>" + CodeColouring.html(code) + "</code></pre></div>\n"
    guard let run else {
      return html + "<p class=\"skipped\">Not run: an earlier cell failed.</p>\n</section>\n"
    }
    var outputs = ""
    for output in run.outputs {
      switch output {
      case .text(let text):
        outputs += "<pre class=\"text\">" + XHTML.escaped(text.trimmingFinalNewline()) + "</pre>\n"
      case .value(let formatted):
        outputs += "<div class=\"value\"><span class=\"label\">Out[\(number)]:</span>"
        outputs += "<pre>" + XHTML.escaped(formatted) + "</pre></div>\n"
      case .picture(let picture):
        figures += 1
        outputs +=
          "<figure id=\"figure-\(figures)\" aria-label=\"\(XHTML.escaped(picture.summary))\">\n"
        outputs += SVGPictureRenderer.render(picture) + "</figure>\n"
      }
    }
    if let failure = run.failure {
      outputs +=
        "<pre class=\"error\">"
        + XHTML.escaped(failure.rendered(style: .plain).trimmingFinalNewline()) + "</pre>\n"
    }
    if !outputs.isEmpty { html += "<div class=\"out\">\n" + outputs + "</div>\n" }
    return html + "</section>\n"
  }
}

extension String {
  func trimmingFinalNewline() -> String { hasSuffix("\n") ? String(dropLast()) : self }
}
