import Foundation
import GradusLanguage
import Testing

@testable import GradusNotebook

/// Prose can hold anything a lesson author (or someone handing a learner a file) writes; the
/// exported page must stay well-formed XML, run no script and link nowhere dangerous (#12).
@Suite struct ExportSafetyTests {
  static let hostile = """
    # Title <script>alert(1)</script> & "quotes" 'single'

    <script>alert("block")</script>

    <img src=x onerror="alert(1)"> inline <b onclick="x()">html</b> and <!-- a comment -->

    [click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=)
    [spaced](  java\tscript:alert(1)) [upper](JAVASCRIPT:alert(1)) [vb](vbscript:x)
    [fine](https://example.org/?a=1&b="2") [relative](../notes/a.html) [anchor](#cell-2)
    ![picture](javascript:alert(1)) <javascript:alert(2)>

    ]]> and <![CDATA[ x ]]> and &amp; &bogus; &#0; &#xFFFE;

    control \u{0001}\u{0008}\u{000B}\u{000C}\u{001B}[31m characters, U+FFFE \u{FFFE} and U+FFFF \u{FFFF}

    unpaired $ dollar, $x_1$ then $$ and an open $\\frac{a

    formulas $<script>&"'\u{FFFE}\u{0001}$ and $\\text{</math><script>x</script>}$ and
    $\\mathrm{]]>} \\foo{<b>}$ and $$\\frac{\\text{a&b}}{<i>}$$

    placeholders \u{E000}0\u{E001} and \u{E000}999\u{E001} and \u{E001}\u{E000}

    | a <i> | b |
    |---|---|
    | <script> | `code </code>` |

    ```"><script>alert(1)</script>
    fenced </pre><script>x</script>
    ```

    ```gradus
    x = "</code><script>" # </span>
    ```
    """

  static func page(_ prose: String) -> String {
    HTMLExporter.render(
      Notebook(
        title: "t <x>", sourceName: "a&b.grad", cells: [.prose(prose)], version: "1", seed: 0))
  }

  @Test func hostileProseExportsToWellFormedXMLWithoutScriptsOrDangerousLinks() throws {
    let html = Self.page(Self.hostile)
    let counts = try XMLCheck.parse(html).get()
    #expect(counts["script"] == nil && counts["img"] == nil && counts["b"] == nil)
    #expect(counts["math"] == 5, "the hostile formulas are formulas, escaped inside")
    #expect(counts["i"] == nil)
    #expect(counts["a"] == 3, "only the https, relative and anchor links stay links")
    #expect(!html.contains("<script"))
    #expect(!html.contains("onerror=\""))
    for scheme in ["javascript:", "data:", "vbscript:", "java\tscript:", "JAVASCRIPT:"] {
      #expect(!html.contains("href=\"\(scheme)"), "\(scheme)")
      #expect(!html.lowercased().contains("href=\"  \(scheme)"))
    }
    #expect(html.contains("href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\""))
    #expect(html.contains("href=\"../notes/a.html\""))
    #expect(html.contains("href=\"#cell-2\""))
    // Raw HTML shows as the text it is.
    #expect(html.contains("&lt;script&gt;alert(&quot;block&quot;)&lt;/script&gt;"))
    #expect(!html.contains("\u{FFFE}") && !html.contains("\u{FFFF}") && !html.contains("\u{1B}"))
    #expect(!html.contains("\u{E000}") && !html.contains("\u{E001}"))
  }

  @Test func everyPrefixOfTheHostileProseStaysWellFormed() {
    // Cutting the prose anywhere opens constructs that never close (fences, code spans, `$`).
    let characters = Array(Self.hostile)
    for end in stride(from: 0, through: characters.count, by: 7) {
      let html = Self.page(String(characters[..<end]))
      if case .failure(let failure) = XMLCheck.parse(html) {
        Issue.record("prefix of \(end) characters: \(failure)")
        return
      }
    }
  }

  @Test func onlyWebAddressesRelativePathsAndAnchorsAreLinks() {
    for safe in [
      "https://a.org", "http://a.org/x?y=1", "HTTPS://A.ORG", "a/b.html", "../x", "#top",
      "x.html#a:b", "//host/path", "a/b:c",
    ] {
      #expect(XHTML.safeLink(safe) == safe, "\(safe)")
    }
    for unsafe in [
      "javascript:alert(1)", " javascript:x", "java\nscript:x", "jav\u{0}ascript:x",
      "data:text/html,x", "vbscript:x", "file:///etc/passwd", "mailto:a@b", "",
    ] {
      #expect(XHTML.safeLink(unsafe) == nil, "\(unsafe)")
    }
  }

  @Test func gradusCodeIsColouredByTheLexer() {
    let html = CodeColouring.html("for i in [1, 2] { print(\"a<b\") } # done <now>")
    #expect(
      html
        == "<span class=\"kw\">for</span> i <span class=\"kw\">in</span> [<span class=\"num\">1</span>, "
        + "<span class=\"num\">2</span>] { print(<span class=\"str\">&quot;a&lt;b&quot;</span>) } "
        + "<span class=\"com\"># done &lt;now&gt;</span>")
  }

  @Test func markdownExportKeepsFormulasAsWritten() throws {
    let notebook = Notebook(
      title: "t", sourceName: "a.grad",
      cells: [.prose("so $x_t$ and\n\n$$\\frac{a}{b}$$")], version: "1", seed: 0)
    let markdown = MarkdownExporter.render(notebook, figuresFolder: "a_files").markdown
    #expect(markdown.contains("so $x_t$ and\n\n$$\\frac{a}{b}$$"))
  }

  @Test func chineseProseMakesAChinesePage() {
    #expect(Self.page("学习率太大时，损失会发散。").contains("lang=\"zh-Hans\""))
    #expect(Self.page("The learning rate").contains("lang=\"en\""))
  }
}

/// Every lesson's prose as HTML (without running the code): well-formed, one `<math>` per
/// formula, and no TeX outside the formulas' source annotations (READER.md §8).
@Suite struct LessonProseExportTests {
  @Test(arguments: Lessons.names)
  func formulasBecomeMathML(lesson: String) throws {
    let url = Lessons.directory.appendingPathComponent(lesson + ".grad")
    let source = SourceFile(name: lesson, text: try String(contentsOf: url, encoding: .utf8))
    let prose = Parser.parse(source).program.cells.compactMap { cell -> String? in
      if case .prose(let markdown, _) = cell { markdown } else { nil }
    }
    let formulas = prose.map { MathProtection($0).formulas.count }.reduce(0, +)
    let html = HTMLExporter.render(
      Notebook(
        title: lesson, sourceName: lesson, cells: prose.map { .prose($0) }, version: "1",
        seed: 0))
    if case .failure(let failure) = XMLCheck.parse(html) { Issue.record("\(failure)") }
    #expect(ExportTests.count("<math", in: html) == formulas)
    #expect(ExportTests.count("<annotation", in: html) == formulas)
    var outside = html
    while let start = outside.range(of: "<annotation"),
      let end = outside.range(of: "</annotation>", range: start.upperBound..<outside.endIndex)
    {
      outside.removeSubrange(start.lowerBound..<end.upperBound)
    }
    for tex in ["$$", "\\frac", "\\mathrm", "\\sum", "\\left", "\\qquad", "\u{E000}"] {
      #expect(!outside.contains(tex), "\(lesson): \(tex) outside the annotations")
    }
  }
}

@Suite struct NotebookTitleTests {
  @Test func theTitleIsTheFirstHeadingAsAReaderSeesIt() {
    #expect(
      Notebook.title(of: [.prose("intro\n\n## The *loss* `L` and $x_t$\n\n# Later")])
        == "The loss L and xₜ")
    #expect(Notebook.title(of: [.prose("no heading")]) == nil)
  }
}
