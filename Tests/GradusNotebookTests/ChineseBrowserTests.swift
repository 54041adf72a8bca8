import Foundation
import GradusNotebook
import Testing

/// A Chinese lesson exported to HTML and opened in headless Chromium: the page says it is
/// Chinese, and every Chinese character and full-width punctuation mark it shows is drawn with a
/// glyph, not the missing-glyph box (the test machine needs a CJK font: `fonts-noto-cjk` or
/// `fonts-wqy-microhei`, installed by `scripts/install-deps.sh --test`).
@Suite(
  .serialized,
  .enabled(if: Chromium.path != nil, "chromium is not installed (apt-get install chromium)"))
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
    const glyph = c => {
      const canvas = document.createElement('canvas');
      canvas.width = 40;
      canvas.height = 40;
      const context = canvas.getContext('2d');
      context.font = '32px ' + font;
      context.fillText(c, 2, 34);
      return canvas.toDataURL();
    };
    const box = glyph('\\u{10FFFD}');
    r.boxes = cjk.filter(c => glyph(c) === box);
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
    let directory = try ExportFixtures.temporaryDirectory()
    let page = directory.appendingPathComponent("zh-11.html")
    try html.replacingOccurrences(of: "</body>", with: Self.checkingScript + "</body>")
      .write(to: page, atomically: true, encoding: .utf8)
    let dom = try Chromium.run(["--dump-dom", "--virtual-time-budget=3000", page.absoluteString])
      .output
    guard let start = dom.range(of: "<pre id=\"check\">"),
      let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex)
    else {
      Issue.record("the checking script wrote nothing:\n\(dom.suffix(500))")
      return
    }
    let json = String(dom[start.upperBound..<end.lowerBound])
      .replacingOccurrences(of: "&amp;", with: "&")
    let check = try JSONDecoder().decode(Check.self, from: Data(json.utf8))
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
