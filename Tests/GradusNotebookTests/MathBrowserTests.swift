import Foundation
import GradusNotebook
import Testing

/// Lesson 11 exported and opened in headless Chromium with a checking script added: its
/// formulas must be real MathML elements laid out as mathematics (a stacked fraction with a
/// radical around a subscript), drawn with the math font, with no TeX in the visible text; its
/// Chinese words must be drawn with a font that has them.
@Suite(
  .serialized,
  Chromium.installed)
struct MathBrowserTests {
  /// Runs in the page; writes what it measured as JSON into `<pre id="check">`.
  static let checkingScript = """
    <script>
    const r = {};
    const maths = [...document.querySelectorAll('math')];
    r.math = maths.length;
    r.mathML = maths.every(m => m.namespaceURI === 'http://www.w3.org/1998/Math/MathML');
    const fractions = [...document.querySelectorAll('mfrac')];
    r.fractionOfRadicalOfSubscript = fractions.some(f => f.children[1]
      && f.children[1].localName === 'msqrt' && f.children[1].querySelector('msub') !== null);
    r.stacked = fractions.length > 0 && fractions.every(f =>
      f.children[0].getBoundingClientRect().bottom <= f.children[1].getBoundingClientRect().top + 1);
    r.radicalsWider = [...document.querySelectorAll('msqrt')].every(s =>
      s.getBoundingClientRect().width > s.firstElementChild.getBoundingClientRect().width);
    r.texVisible = /\\\\(frac|mathrm|sqrt|left|right|top)|\\$\\$/.test(document.body.innerText);
    r.mathFont = document.fonts.check('16px "DejaVu Math TeX Gyre"');
    // A missing glyph is drawn as the same box for every character: 中 must differ from an
    // unassigned code point drawn in the page's font.
    \(Chromium.glyphFunction)
    const font = getComputedStyle(document.body).fontFamily;
    r.chineseFont = glyph('中', font) !== glyph('\\u{10FFFD}', font);
    const pre = document.createElement('pre');
    pre.id = 'check';
    pre.textContent = JSON.stringify(r);
    document.body.appendChild(pre);
    </script>
    """

  struct Check: Decodable {
    let math: Int
    let mathML: Bool
    let fractionOfRadicalOfSubscript: Bool
    let stacked: Bool
    let radicalsWider: Bool
    let texVisible: Bool
    let mathFont: Bool
    let chineseFont: Bool
  }

  @Test func lesson11sFormulasAreMathMLLaidOutAsMathematics() throws {
    let lesson = Lessons.directory.appendingPathComponent("11-attention.grad")
    let text = try String(contentsOf: lesson, encoding: .utf8)
    let html = HTMLExporter.render(
      try ExportFixtures.notebook(text, name: "lessons/11-attention.grad"))
    let formulas = ExportTests.count("$$", in: text) / 2
    #expect(formulas >= 1)
    #expect(ExportTests.count("<math", in: html) == formulas)

    let (_, checked) = try Chromium.check(
      html, named: "lesson11.html", script: Self.checkingScript, as: Check.self)
    guard let check = checked else { return }
    #expect(check.math == formulas)
    #expect(check.mathML, "the browser did not parse <math> as MathML")
    #expect(check.fractionOfRadicalOfSubscript, "no mfrac with msqrt around msub")
    #expect(check.stacked, "a fraction's numerator is not above its denominator")
    #expect(check.radicalsWider, "a radical is not wider than what it holds")
    #expect(!check.texVisible, "TeX shows in document.body.innerText")
    #expect(check.mathFont, "the math font (fonts-dejavu-extra) is not available")
    #expect(check.chineseFont, "Chinese draws as missing-glyph boxes (fonts-wqy-microhei)")
  }
}
