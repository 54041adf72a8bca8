import Foundation
import GradusNotebook
import Testing

/// A Chinese lesson exported to HTML and opened in headless Chromium: the page says it is
/// Chinese, and every Chinese character and full-width punctuation mark it shows is drawn with a
/// glyph, not the missing-glyph box (the test machine needs a CJK font: `fonts-noto-cjk` or
/// `fonts-wqy-microhei`, installed by `scripts/install-deps.sh --test`).
@Suite(
  .serialized,
  Chromium.installed)
struct ChineseBrowserTests {
  /// Runs in the page: draws each distinct CJK character of the visible text on a canvas in
  /// the font its paragraph uses and compares it with an unassigned code point drawn the same
  /// way (a missing glyph is the same box for every character).
  static let checkingScript = """
    <script>
    const r = {};
    r.lang = document.documentElement.lang;
    const text = document.querySelector('main').innerText;
    const cjk = [...new Set([...text].filter(c => /[\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef]/.test(c)))];
    r.distinct = cjk.length;
    const font = getComputedStyle(document.querySelector('.prose p')).fontFamily;
    \(Chromium.glyphFunction)
    const box = glyph('\\u{10FFFD}', font);
    r.boxes = cjk.filter(c => glyph(c, font) === box);
    // A line of Chinese is about as wide as its characters are many: a box font would agree,
    // so this checks the layout, not the glyphs.
    const probe = document.createElement('span');
    probe.style.font = '16px ' + font;
    probe.textContent = '注意力机制';
    document.body.appendChild(probe);
    r.probeWidth = probe.getBoundingClientRect().width;
    const pre = document.createElement('pre');
    pre.id = 'check';
    pre.textContent = JSON.stringify(r);
    document.body.appendChild(pre);
    </script>
    """

  struct Check: Decodable {
    let lang: String
    let distinct: Int
    let boxes: [String]
    let probeWidth: Double
  }

  @Test func anExportedChineseLessonShowsChineseGlyphsNotBoxes() throws {
    let lesson = ChineseEditionTests.directory.appendingPathComponent("11-attention.grad")
    let text = try String(contentsOf: lesson, encoding: .utf8)
    let html = HTMLExporter.render(
      try ExportFixtures.notebook(text, name: "lessons/zh/11-attention.grad"))
    #expect(html.contains("lang=\"zh-Hans\""))
    let (page, checked) = try Chromium.check(
      html, named: "zh-11.html", script: Self.checkingScript, as: Check.self)
    guard let check = checked else { return }
    #expect(check.lang == "zh-Hans")
    #expect(check.distinct > 200, "only \(check.distinct) distinct Chinese characters seen")
    #expect(check.boxes.isEmpty, "drawn as boxes: \(check.boxes.joined())")
    #expect(check.probeWidth > 60 && check.probeWidth < 100, "5 characters \(check.probeWidth) px")
    // Kept for a look by eye: CHINESE_SCREENSHOT=path.png writes the page's screenshot there.
    if let path = ProcessInfo.processInfo.environment["CHINESE_SCREENSHOT"] {
      _ = try Chromium.screenshot(page, to: URL(fileURLWithPath: path))
    }
  }
}
