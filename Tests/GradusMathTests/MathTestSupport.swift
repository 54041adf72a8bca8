import Foundation

@testable import GradusMath

/// The MathML inside `<semantics><mrow>…</mrow><annotation …>`: what a construct turned into.
func mathMLBody(_ tex: String) -> String {
  let document = MathFormula(tex: tex).mathML(display: true)
  guard let start = document.range(of: "<semantics><mrow>"),
    let end = document.range(of: "</mrow><annotation", options: .backwards)
  else { return document }
  return String(document[start.upperBound..<end.lowerBound])
}

/// The lesson files of the package, found from this source file's place in it.
enum LessonFiles {
  static let directory = URL(fileURLWithPath: "\(#filePath)").resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("lessons")

  /// Every `$$…$$` and `$…$` in the prose lines (`#'`) of every lesson, with its file.
  static func formulas() throws -> [(file: String, tex: String)] {
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix(".grad") }.sorted()
    var found: [(file: String, tex: String)] = []
    for file in files {
      let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
      for line in text.split(separator: "\n") where line.hasPrefix("#'") {
        found += mathSpans(in: String(line.dropFirst(2))).map { (file, $0) }
      }
    }
    return found
  }

  /// `$$…$$` first, then `$…$` whose opening `$` is not followed by a space and whose closing
  /// one is not preceded by a space (READER.md §5.2); code spans are skipped.
  static func mathSpans(in line: String) -> [String] {
    var spans: [String] = []
    var rest = Substring(line)
    while let dollar = rest.firstIndex(where: { $0 == "$" || $0 == "`" }) {
      if rest[dollar] == "`" {
        let afterTick = rest[rest.index(after: dollar)...]
        guard let close = afterTick.firstIndex(of: "`") else { break }
        rest = afterTick[afterTick.index(after: close)...]
        continue
      }
      let isDisplay = rest[dollar...].hasPrefix("$$")
      let delimiter = isDisplay ? "$$" : "$"
      let body = rest[rest.index(dollar, offsetBy: delimiter.count)...]
      guard let close = body.range(of: delimiter) else { break }
      let tex = body[..<close.lowerBound]
      if isDisplay || (!tex.hasPrefix(" ") && !tex.hasSuffix(" ") && !tex.isEmpty) {
        spans.append(String(tex))
      }
      rest = body[close.upperBound...]
    }
    return spans
  }
}
