import GradusMath

/// The one place prose reaches the TeX module (GradusMath): a formula as one line of text, as
/// display lines, or as MathML.
enum ProseMath {
  static func inlineText(_ tex: String, unicode: Bool) -> String {
    MathFormula(tex: tex).inlineText(unicode: unicode)
  }

  /// The lines of a display formula, at most `columns` wide where it can be; the caller
  /// indents them.
  static func displayLines(_ tex: String, columns: Int, unicode: Bool) -> [String] {
    MathFormula(tex: tex).displayLines(width: columns, unicode: unicode)
  }

  /// MathML for the page (GradusMath makes any text well-formed XML).
  static func mathML(_ tex: String, display: Bool) -> String {
    MathFormula(tex: tex).mathML(display: display)
  }
}
