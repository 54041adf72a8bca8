import GradusText

/// The one place prose reaches the TeX module: a formula as one line of text, as display
/// lines, or as MathML.
///
/// Until GradusMath lands, formulas show their TeX source as written (and as an `mtext` in
/// MathML), so nothing is lost, just not typeset.
enum ProseMath {
  static func inlineText(_ tex: String, unicode: Bool) -> String { tex }

  /// The lines of a display formula, at most `columns` wide where it can be; the caller
  /// indents them.
  static func displayLines(_ tex: String, columns: Int, unicode: Bool) -> [String] {
    LineBreaker().lines(tex, columns: columns)
  }

  static func mathML(_ tex: String, display: Bool) -> String {
    let block = display ? " display=\"block\"" : ""
    return "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"\(block)><mtext>"
      + XHTML.escaped(tex) + "</mtext></math>"
  }
}
