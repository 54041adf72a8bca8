import Foundation
import Testing

@testable import GradusNotebook

/// The HTML and Markdown documents: well-formed, self-contained, one SVG per picture,
/// stating version and seed, and the same on every run.
struct ExportTests {
  static func count(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
  }

  @Test func htmlIsWellFormedWithOneSVGPerPicture() throws {
    let html = HTMLExporter.render(try ExportFixtures.notebook(ExportFixtures.pictures))
    let counts = try XMLCheck.parse(html).get()
    #expect(counts["html"] == 1 && counts["body"] == 1 && counts["style"] == 1)
    #expect(counts["svg"] == ExportFixtures.pictureCount)
    #expect(Self.count("<svg", in: html) == ExportFixtures.pictureCount)
    #expect(counts["figure"] == ExportFixtures.pictureCount)
    #expect(counts["section"] == 3)
  }

  @Test func htmlNeedsNothingFromOutside() throws {
    let html = HTMLExporter.render(try ExportFixtures.notebook(ExportFixtures.pictures))
    for forbidden in ["<script", "<link", "<img", "<iframe", " src=", "url(", "@import"] {
      #expect(!html.contains(forbidden), "the page must not load \(forbidden)")
    }
  }

  @Test func htmlStatesVersionSeedAndSource() throws {
    let html = HTMLExporter.render(try ExportFixtures.notebook(ExportFixtures.pictures, seed: 42))
    #expect(
      html.contains(
        "Exported by Gradus 9.9.9-test from <code>pictures.grad</code> with random seed 42."))
    #expect(html.contains("gradus export pictures.grad --to html --seed 42"))
    #expect(html.contains("<title>Pictures &amp; numbers</title>"))
    // Prose through Ink, made well-formed: the rule closed, the link's ampersand escaped.
    #expect(html.contains("<hr/>"))
    #expect(html.contains("href=\"https://example.org/?a=1&amp;b=2\""))
    #expect(html.contains("<code>x &lt; y</code>"))
  }

  @Test func theSameRunGivesTheSameDocument() throws {
    let first = HTMLExporter.render(try ExportFixtures.notebook(ExportFixtures.pictures, seed: 3))
    let second = HTMLExporter.render(try ExportFixtures.notebook(ExportFixtures.pictures, seed: 3))
    #expect(first == second)
    let other = HTMLExporter.render(try ExportFixtures.notebook(ExportFixtures.pictures, seed: 4))
    #expect(first != other)
  }

  @Test func htmlShowsTheErrorAndTheCellsNotRun() throws {
    let html = HTMLExporter.render(
      try ExportFixtures.notebook(ExportFixtures.failing, name: "broken.grad"))
    _ = try XMLCheck.parse(html).get()
    #expect(html.contains("<pre class=\"error\">error: cannot multiply [2] by [1, 3]"))
    #expect(Self.count("Not run: an earlier cell failed.", in: html) == 1)
    #expect(html.contains("<pre class=\"text\">before</pre>"))
  }

  @Test func markdownLinksOneSVGFilePerPicture() throws {
    let notebook = try ExportFixtures.notebook(ExportFixtures.pictures)
    let folder = MarkdownExporter.figuresFolder(forDocument: "out/lesson.md")
    #expect(folder == "lesson_files")
    let export = MarkdownExporter.render(notebook, figuresFolder: folder)
    #expect(
      export.files.map(\.path)
        == (1...ExportFixtures.pictureCount).map { "lesson_files/fig\($0).svg" })
    for file in export.files {
      let counts = try XMLCheck.parse(file.contents).get()
      #expect(counts["svg"] == 1)
      #expect(export.markdown.contains("](\(file.path))"))
    }
    #expect(
      export.markdown.hasPrefix(
        "<!-- Exported by Gradus 9.9.9-test with random seed 0. -->\n\n# Pictures & numbers"))
    #expect(export.markdown.contains("```gradus\nlosses = []\n"))
    #expect(export.markdown.contains("```text\nOut[2]: tensor(["))
    #expect(export.markdown.hasSuffix("fig5.svg)\n"))
  }

  @Test func fencesOutgrowBackticksInside() {
    #expect(MarkdownExporter.fenced("a ``` b", language: "text") == "````text\na ``` b\n````\n\n")
  }

  @Test func everyLessonExportsToWellFormedHTML() throws {
    let root = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent()
    let lessons = root.appendingPathComponent("lessons")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: lessons.path)) ?? []
    let first = names.filter { $0.hasSuffix(".grad") }.sorted().first
    // The first lesson is enough to check real prose; the lesson tests run them all.
    guard let first else { return }
    let text = try String(contentsOf: lessons.appendingPathComponent(first), encoding: .utf8)
    let html = HTMLExporter.render(try ExportFixtures.notebook(text, name: "lessons/" + first))
    if case .failure(let failure) = XMLCheck.parse(html) { Issue.record("\(first): \(failure)") }
  }
}
