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

  /// MathML for the page. Characters XML forbids (controls, U+FFFE, U+FFFF) mean nothing in
  /// TeX and would make the page unreadable to an XML parser: they become spaces first.
  static func mathML(_ tex: String, display: Bool) -> String {
    let allowed = tex.unicodeScalars.map { scalar -> Unicode.Scalar in
      let value = scalar.value
      let forbidden =
        value < 0x20
        ? !(scalar == "\t" || scalar == "\n" || scalar == "\r")
        : value == 0x7F || value == 0xFFFE || value == 0xFFFF
      return forbidden ? " " : scalar
    }
    return MathFormula(tex: String(String.UnicodeScalarView(allowed))).mathML(display: display)
  }
}
