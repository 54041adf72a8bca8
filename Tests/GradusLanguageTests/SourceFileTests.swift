import Testing

@testable import GradusLanguage

@Suite("Source files and spans")
struct SourceFileTests {
  /// (text, byte offset, expected line, expected column)
  @Test(arguments: [
    ("abc", 0, 1, 1),
    ("abc", 2, 1, 3),
    ("abc", 3, 1, 4),
    ("a\nbc", 2, 2, 1),
    ("a\nbc", 3, 2, 2),
    ("a\r\nbc", 3, 2, 1),
    ("θ = 1", 3, 1, 3),  // θ is 2 bytes but one column
    ("中文 = 3", 6, 1, 3),
    ("x = \"😀\" + y", 11, 1, 9),
    ("e\u{301}x", 3, 1, 2),  // combining accent: one character
    ("a\n", 2, 2, 1),
    ("", 0, 1, 1),
    ("abc", 99, 1, 4),  // clamped
    ("abc", -5, 1, 1),
  ])
  func location(text: String, offset: Int, line: Int, column: Int) {
    let file = SourceFile(name: "t", text: text)
    let location = file.location(of: offset)
    #expect(location.line == line)
    #expect(location.column == column)
  }

  @Test func lineTextStripsTerminators() {
    let file = SourceFile(name: "t", text: "one\r\ntwo\nthree")
    #expect(file.lineCount == 3)
    #expect(file.lineText(1) == "one")
    #expect(file.lineText(2) == "two")
    #expect(file.lineText(3) == "three")
    #expect(file.lineText(4) == "")
    #expect(file.lineStarts == [0, 5, 9])
  }

  @Test func textOfSpanIsClampedAndNeverTraps() {
    let file = SourceFile(name: "t", text: "θ = 1")
    #expect(file.text(of: Span(start: 0, end: 2)) == "θ")
    #expect(file.text(of: Span(start: 4, end: 100)) == " 1")
    #expect(file.text(of: Span(start: 1, end: 2)) == "\u{FFFD}")  // mid-scalar: replaced, no trap
  }

  @Test func spanUnionAndClamping() {
    #expect(Span(start: 2, end: 4).union(Span(start: 7, end: 9)) == Span(start: 2, end: 9))
    #expect(Span(start: 5, end: 3).isEmpty)
    #expect(Span.point(4).range == 4..<4)
    #expect(Span(3..<8).length == 5)
  }
}
