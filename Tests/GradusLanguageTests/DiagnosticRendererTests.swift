import Testing

@testable import GradusLanguage

@Suite("Diagnostic rendering")
struct DiagnosticRendererTests {
  let plain = DiagnosticRenderer(style: .plain)

  /// A span found by text: the `occurrence`-th match of `needle`.
  func span(of needle: String, in file: SourceFile, occurrence: Int = 1) -> Span {
    let bytes = Array(needle.utf8)
    var found = 0
    for start in 0...(file.utf8.count - bytes.count)
    where Array(file.utf8[start..<(start + bytes.count)]) == bytes {
      found += 1
      if found == occurrence { return Span(start: start, end: start + bytes.count) }
    }
    Issue.record("`\(needle)` not found")
    return .point(0)
  }

  @Test func matmulShapeErrorWithCollidingLabels() {
    let file = SourceFile(
      name: "lesson.grad",
      text: "x = randn(2, 3)\nW = randn(4, 5)\nb = 0\n\n# shapes\n\nz = x @ W + b\n")
    let diagnostic = Diagnostic.error(
      "shape-mismatch", "cannot multiply [2, 3] by [4, 5]", at: span(of: "@", in: file),
      highlights: [
        .init(span(of: "x", in: file, occurrence: 2), "[2, 3]"),
        .init(span(of: "W", in: file, occurrence: 2), "[4, 5]"),
      ],
      help: "the inner sizes must match: 3 (columns of x) and 4 (rows of W)")
    #expect(
      plain.render(diagnostic, in: file) == """
        error: cannot multiply [2, 3] by [4, 5]
         --> lesson.grad:7:7
          |
        7 | z = x @ W + b
          |     - ^ - [4, 5]
          |     |
          |     [2, 3]
          = help: the inner sizes must match: 3 (columns of x) and 4 (rows of W)
        """)
  }

  @Test func unclosedParenthesisFromTheParser() {
    let result = Support.parse("z = (x @ W + b")
    #expect(result.diagnostics.map(\.id) == [.unclosedDelimiter])
    #expect(
      Support.rendered(result) == """
        error: '(' was never closed
         --> test.grad:1:5
          |
        1 | z = (x @ W + b
          |     ^
          = help: add `)` to close it
        """)
  }

  @Test func threeLabelsHangRightToLeft() {
    let file = SourceFile(name: "t.grad", text: "a + b")
    let diagnostic = Diagnostic.error(
      "demo", "cannot add", at: span(of: "+", in: file), label: "here",
      highlights: [.init(span(of: "a", in: file), "left"), .init(span(of: "b", in: file), "right")])
    #expect(
      plain.render(diagnostic, in: file) == """
        error: cannot add
         --> t.grad:1:3
          |
        1 | a + b
          | - ^ - right
          | | |
          | | here
          | left
        """)
  }

  @Test func labelsOnDifferentLinesWithGapAndNotes() {
    let file = SourceFile(
      name: "t.grad", text: "fn f(x) = x\n\n\n\ny = f(1, 2)\nz = 1\nw = f(3, 4)")
    let diagnostic = Diagnostic(
      .error, id: "arity", message: "`f` takes 1 argument, got 2",
      span: span(of: "f(3, 4)", in: file), label: "called with 2 arguments",
      highlights: [.init(span(of: "f(x)", in: file), "defined here")],
      notes: ["first note", "second note"], help: "remove one argument")
    #expect(
      plain.render(diagnostic, in: file) == """
        error: `f` takes 1 argument, got 2
         --> t.grad:7:5
          |
        1 | fn f(x) = x
          |    ---- defined here
        ...
        7 | w = f(3, 4)
          |     ^^^^^^^ called with 2 arguments
          = note: first note
          = note: second note
          = help: remove one argument
        """)
  }

  @Test func oneLineGapIsShownNotElided() {
    let file = SourceFile(name: "t.grad", text: "a = 1\nb = 2\nc = 3")
    let diagnostic = Diagnostic.error(
      "demo", "demo", at: span(of: "c", in: file), highlights: [.init(span(of: "a", in: file))])
    #expect(
      plain.render(diagnostic, in: file) == """
        error: demo
         --> t.grad:3:1
          |
        1 | a = 1
          | -
        2 | b = 2
        3 | c = 3
          | ^
        """)
  }

  @Test func multiLineSpanIsMarkedOnItsFirstLine() {
    let file = SourceFile(name: "t.grad", text: "x = [1, 2,\n     3]")
    let diagnostic = Diagnostic.error(
      "demo", "ragged tensor literal", at: Span(start: 4, end: file.utf8.count), label: "this list")
    #expect(
      plain.render(diagnostic, in: file) == """
        error: ragged tensor literal
         --> t.grad:1:5
          |
        1 | x = [1, 2,
          |     ^^^^^^ this list
        """)
  }

  @Test func wideCharactersAndTabsAlignCarets() {
    let file = SourceFile(name: "t.grad", text: "\t中文 = θ + lossx")
    let diagnostic = Diagnostic.error(
      "unknown-name", "unknown name `lossx`", at: span(of: "lossx", in: file),
      highlights: [.init(span(of: "中文", in: file))], help: "did you mean `loss`?")
    #expect(
      plain.render(diagnostic, in: file) == """
        error: unknown name `lossx`
         --> t.grad:1:11
          |
        1 |     中文 = θ + lossx
          |     ----       ^^^^^
          = help: did you mean `loss`?
        """)
  }

  @Test func errorAtEndOfInputPointsAfterTheLastToken() {
    let result = Support.parse("x = \n")
    #expect(
      Support.rendered(result) == """
        error: expected an expression after `=`, found end of input
         --> test.grad:1:4
          |
        1 | x =
          |    ^
        """)
  }

  @Test func warningSeverityAndMultipleDiagnostics() {
    let file = SourceFile(name: "t.grad", text: "a\nb")
    let first = Diagnostic(.warning, id: "w", message: "first", span: Span(start: 0, end: 1))
    let second = Diagnostic(.note, id: "n", message: "second", span: Span(start: 2, end: 3))
    #expect(
      plain.render([first, second], in: file) == """
        warning: first
         --> t.grad:1:1
          |
        1 | a
          | ^

        note: second
         --> t.grad:2:1
          |
        2 | b
          | ^
        """)
  }

  @Test func controlCharactersAreNotSentToTheTerminal() {
    let file = SourceFile(name: "t.grad", text: "x = \u{1B}[31m")
    let diagnostic = Diagnostic.error("demo", "demo", at: Span(start: 4, end: 5))
    let output = plain.render(diagnostic, in: file)
    #expect(!output.contains("\u{1B}"))
    #expect(output.contains("x = \u{FFFD}[31m"))
  }

  @Test func longLinesAreShownAsAnExcerpt() {
    let text = "x = [" + String(repeating: "1, ", count: 5000) + "$]"
    let file = SourceFile(name: "t.grad", text: text)
    let dollar = span(of: "$", in: file)
    let output = plain.render(.error("demo", "demo", at: dollar), in: file)
    let lines = output.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count < 140 })
    // The caret still sits under the `$`.
    guard let sourceLine = lines.first(where: { $0.hasPrefix("1 | ") }),
      let caretLine = lines.last(where: { $0.contains("^") })
    else {
      Issue.record("no source or caret line in:\n\(output)")
      return
    }
    let caretColumn = caretLine.firstIndex(of: "^").map {
      caretLine.distance(from: caretLine.startIndex, to: $0)
    }
    let dollarColumn = sourceLine.firstIndex(of: "$").map {
      sourceLine.distance(from: sourceLine.startIndex, to: $0)
    }
    #expect(caretColumn != nil && caretColumn == dollarColumn)
    #expect(sourceLine.hasPrefix("1 | ..."))
  }

  @Test func spansOutsideTheFileAreClampedNotTrapped() {
    let file = SourceFile(name: "t.grad", text: "a = 1\n")
    for span in [Span(start: 500, end: 900), Span(start: -4, end: -1), .point(7)] {
      let output = plain.render(
        .error("demo", "demo", at: span, highlights: [.init(Span(start: 3, end: 99), "x")]),
        in: file)
      #expect(output.hasPrefix("error: demo\n --> t.grad:"))
    }
    #expect(
      plain.render(.error("demo", "empty", at: .point(0)), in: SourceFile(name: "e", text: ""))
        .contains("^"))
  }

  @Test func ansiModeColoursAndStripsToPlain() {
    let result = Support.parse("z = (x @ W + b")
    let colour = DiagnosticRenderer(style: .ansi).render(
      result.diagnostics, in: result.program.source)
    #expect(colour.contains("\u{1B}[1;31merror\u{1B}[0m"))
    #expect(stripANSI(colour) == Support.rendered(result))
  }

  @Test func diagnosticErrorDescribesItself() {
    let file = SourceFile(name: "t.grad", text: "a")
    let error = DiagnosticError(
      .error("demo", "bad thing", at: Span(start: 0, end: 1)), source: file)
    #expect(error.description.hasPrefix("error: bad thing\n --> t.grad:1:1"))
    #expect(
      DiagnosticError(.error("demo", "bad thing", at: .point(0))).description == "error: bad thing")
  }

  func stripANSI(_ text: String) -> String {
    var output = ""
    var inEscape = false
    for character in text {
      if character == "\u{1B}" {
        inEscape = true
      } else if inEscape {
        if character == "m" { inEscape = false }
      } else {
        output.append(character)
      }
    }
    return output
  }
}
