import Foundation
import Testing

@testable import GradusMath

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The MathML is well-formed XML with the structure READER.md §4 asks for.
struct MathMLTests {
  static let formulas =
    LessonFormulaTests.cases.map(\.tex) + ConstructTests.cases.map(\.tex) + [
      #"a < b \& c > d \text{ "quoted" & <tag> }"#, #"\unknown{<}"#, "x^{", #"\left( x"#,
    ]

  @Test(arguments: formulas, [true, false])
  func wellFormed(_ tex: String, display: Bool) throws {
    let document = try XMLDocument(xmlString: MathFormula(tex: tex).mathML(display: display))
    let math = try #require(document.rootElement())
    #expect(math.name == "math")
    #expect(math.uri == "http://www.w3.org/1998/Math/MathML")
    #expect(attribute("display", of: math) == (display ? "block" : nil))
    let semantics = try #require(math.children?.first as? XMLElement)
    #expect(semantics.name == "semantics")
    let parts = semantics.children?.compactMap { $0 as? XMLElement } ?? []
    #expect(parts.map(\.name) == ["mrow", "annotation"])
    #expect(parts.last.flatMap { attribute("encoding", of: $0) } == "application/x-tex")
    #expect(parts.last?.stringValue == tex)
  }

  /// An attribute's value. (`XMLElement.attribute(forName:)` of swift-corelibs-foundation finds
  /// nothing in an element with a default namespace, so the attributes are searched.)
  private func attribute(_ name: String, of element: XMLElement) -> String? {
    element.attributes?.first { $0.name == name }?.stringValue
  }

  /// Lesson 11: the fraction's denominator is a square root around `d` with subscript `k`.
  @Test func attentionHasARootOfASubscriptUnderAFraction() throws {
    let tex = LessonFormulaTests.cases.first { $0.lesson.hasPrefix("11") }!.tex
    let document = try XMLDocument(xmlString: MathFormula(tex: tex).mathML(display: true))
    let fractions = try document.nodes(forXPath: "//*[local-name()='mfrac']")
    #expect(fractions.count == 1)
    let fraction = try #require(fractions.first as? XMLElement)
    let parts = fraction.children?.compactMap { $0 as? XMLElement } ?? []
    #expect(parts.map(\.name) == ["mrow", "msqrt"])
    let radicand = parts.last?.children?.compactMap { $0 as? XMLElement } ?? []
    #expect(radicand.map(\.name) == ["msub"])
    #expect(radicand.first?.stringValue == "dk")
  }

  /// Plain delimiters do not stretch; those of `\left…\right` do.
  @Test func onlyLeftRightDelimitersStretch() {
    let body = mathMLBody(#"f(x) \left( y \right)"#)
    #expect(
      body == #"<mi>f</mi><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo>"#
        + "<mrow><mo>(</mo><mi>y</mi><mo>)</mo></mrow>")
  }

  @Test func textIsEscaped() {
    let body = mathMLBody(#"a < b \text{ & "x" }"#)
    #expect(
      body == "<mi>a</mi><mo>&lt;</mo><mi>b</mi><mtext>&#xA0;&amp; &quot;x&quot;&#xA0;</mtext>")
  }

  /// Characters XML forbids become spaces, in the formula and in its annotation alike.
  @Test(arguments: ["\u{1}", "\u{1B}[2J", "\u{FFFE}", "\u{FFFF}", "\u{7}\\text{\u{8}}"])
  func charactersXMLForbidsBecomeSpaces(_ hostile: String) throws {
    let tex = "a" + hostile + "b"
    let mathML = MathFormula(tex: tex).mathML(display: true)
    let document = try XMLDocument(xmlString: mathML)
    #expect(document.rootElement()?.name == "math")
    #expect(
      !mathML.unicodeScalars.contains { $0.value < 0x20 || (0xFFFE...0xFFFF).contains($0.value) })
  }

  @Test func noTeXOutsideTheAnnotation() {
    for tex in Self.formulas where MathFormula(tex: tex).unknownCommands.isEmpty {
      let document = MathFormula(tex: tex).mathML(display: true)
      let rendering = document.components(separatedBy: "<annotation")[0]
      #expect(!rendering.contains("\\"), "TeX left in the MathML of \(tex)")
    }
  }
}
