import Testing

@testable import GradusMath

/// Display lines never exceed the width they are given, whatever the formula.
struct DisplayWidthTests {
  static let widths = [1, 2, 5, 10, 20, 30, 40, 60, 80, 120]
  static let formulas =
    LessonFormulaTests.cases.map(\.tex) + ConstructTests.cases.map(\.tex) + [
      #"\text{注意力机制} = \mathrm{softmax}(x)"#,
      #"a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q + r + s + t + u + v"#,
      #"\frac{a_{1} + a_{2} + a_{3} + a_{4} + a_{5} + a_{6} + a_{7}}{b} = \sum_{i=1}^{n} c_i"#,
      #"\mathrm{averyveryverylongoperatornamewithoutanyplacetobreak}(x)"#,
    ]

  @Test(arguments: formulas, [true, false])
  func noLineWiderThanTheWidth(_ tex: String, unicode: Bool) {
    let formula = MathFormula(tex: tex)
    for width in Self.widths {
      let lines = formula.displayLines(width: width, unicode: unicode)
      #expect(!lines.isEmpty)
      for line in lines {
        #expect(displayColumns(line) <= max(width, 2), "\(line) is wider than \(width)")
      }
    }
  }

  /// A part too wide even alone is set inline and wrapped after its operators, continuation
  /// lines indented by two.
  @Test func wrapsAfterOperators() {
    let formula = MathFormula(tex: "a + b + c + d + e + f + g = h")
    #expect(formula.displayLines(width: 20) == ["a + b + c + d + e +", "  f + g = h"])
    // Narrower than 20 columns there is no room to spare for the indent.
    #expect(formula.displayLines(width: 12) == ["a + b + c +", "d + e + f +", "g = h"])
  }

  /// Without Unicode, display is the ASCII inline form: no box drawing.
  @Test func asciiDisplayHasNoBoxDrawing() {
    let tex = LessonFormulaTests.cases.first { $0.lesson.hasPrefix("11") }!.tex
    let lines = MathFormula(tex: tex).displayLines(width: 80, unicode: false)
    #expect(lines == ["Attention(Q, K, V) = softmax(QK^T/sqrt(d_k))V"])
    #expect(lines.joined().unicodeScalars.allSatisfy { $0.isASCII })
  }

  @Test func columnWidths() {
    #expect(displayColumns("中") == 2)
    #expect(displayColumns("a") == 1)
    #expect(displayColumns("·") == 1)
    #expect(displayColumns("\u{302}") == 0)
    #expect(displayColumns("\u{200B}") == 0)
    #expect(displayColumns("ŷ") == 1)
    #expect(displayColumns("y\u{302}") == 1)
    #expect(displayColumns("注意力") == 6)
  }

  /// A fraction rule and centring are measured in columns, so wide characters line up.
  @Test func wideCharactersAreCentredByColumns() {
    let lines = MathFormula(tex: #"\frac{\text{中文}}{x}"#).displayLines(width: 80)
    #expect(lines == [" 中文", "──────", "  x"])
  }
}
