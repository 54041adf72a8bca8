/// Text made safe for XML: the one escaper for SVG pictures and the exported (XHTML) notebooks.
public enum XMLText {
  /// Text safe inside an element or a quoted attribute; characters XML does not allow (control
  /// characters a program may print, U+FFFE, U+FFFF) are dropped.
  public static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
      default:
        if scalar.value >= 0x20 && scalar.value != 0x7f && scalar.value != 0xfffe
          && scalar.value != 0xffff
        {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result
  }
}
