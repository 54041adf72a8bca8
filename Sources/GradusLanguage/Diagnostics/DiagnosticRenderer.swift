/// Renders diagnostics in the project's one format, in plain text (tests,
/// pipes) or with ANSI colours (terminals):
///
/// ```
/// error: cannot multiply [2, 3] by [4, 5]
///  --> lesson.grad:7:5
///   |
/// 7 | z = x @ W + b
///   |     - ^ - [4, 5]
///   |     |
///   |     [2, 3]
///   = help: the inner sizes must match: 3 (columns of x) and 4 (rows of W)
/// ```
///
/// The primary span is marked with `^`, highlights with `-`. The rightmost
/// label sits on the marker line; the others hang below on `|` connectors so
/// they never collide. A span running over several lines is marked on its
/// first line. The result has no trailing newline.
public struct DiagnosticRenderer: Sendable {
  /// Plain text or ANSI-coloured text.
  public enum Style: Sendable {
    case plain
    case ansi
  }

  public var style: Style
  /// Columns a tab expands to.
  public var tabWidth = 4
  /// Longer source lines are shown as an excerpt around the primary span.
  public var maxLineWidth = 120

  public init(style: Style = .plain) {
    self.style = style
  }

  /// Renders several diagnostics separated by blank lines.
  public func render(_ diagnostics: [Diagnostic], in source: SourceFile) -> String {
    diagnostics.map { render($0, in: source) }.joined(separator: "\n\n")
  }

  /// Renders one diagnostic against the file its spans point into.
  public func render(_ diagnostic: Diagnostic, in source: SourceFile) -> String {
    let annotations = collectAnnotations(diagnostic, in: source)
    let shownLines = linesToShow(annotations)
    // Lines are shown with the numbers they have where the text came from (`firstLine`).
    let shift = source.firstLine - 1
    let gutterWidth = String((shownLines.last ?? 1) + shift).count
    let pad = String(repeating: " ", count: gutterWidth)
    let severityCode = Self.colour(of: diagnostic.severity)
    var out: [String] = []

    out.append(
      paint(diagnostic.severity.rawValue, severityCode) + paint(": \(diagnostic.message)", "1"))
    let (line, column) = source.location(of: diagnostic.span.start)
    out.append("\(pad)\(paint("-->", "1;34")) \(source.name):\(line):\(column)")
    out.append(paint("\(pad) |", "1;34"))

    var previous: Int?
    for number in shownLines {
      if let previous, number > previous + 1 { out.append(paint("...", "1;34")) }
      previous = number
      var display = DisplayLine(source: source, line: number, tabWidth: tabWidth)
      let here = annotations.filter { $0.line == number }
      let focus = here.first(where: \.isPrimary) ?? here.first
      if let focus {
        display.truncate(around: display.column(of: focus.start), maxWidth: maxLineWidth)
      }
      let gutter = String(number + shift).padding(toWidth: gutterWidth)
      // Trailing blanks are dropped so golden outputs need no invisible spaces.
      let text = display.text.trimmingTrailingSpaces()
      out.append(paint("\(gutter) |", "1;34") + (text.isEmpty ? "" : " \(text)"))
      for row in layout(here, on: display) {
        out.append(paint("\(pad) |", "1;34") + " " + paintRow(row, severityCode: severityCode))
      }
    }
    for note in diagnostic.notes {
      out.append("\(pad) \(paint("=", "1;34")) \(paint("note", "1")): \(note)")
    }
    if let help = diagnostic.help {
      out.append("\(pad) \(paint("=", "1;34")) \(paint("help", "1")): \(help)")
    }
    return out.joined(separator: "\n")
  }

  /// A span placed on the line where it starts.
  struct Annotation {
    var line: Int
    var start: Int
    var end: Int
    var isPrimary: Bool
    var label: String?
  }

  private func collectAnnotations(_ diagnostic: Diagnostic, in source: SourceFile) -> [Annotation] {
    let spans =
      [(diagnostic.span, diagnostic.label, true)]
      + diagnostic.highlights.map { ($0.span, $0.label, false) }
    return spans.map { span, label, isPrimary in
      Annotation(
        line: source.line(containing: span.start), start: span.start, end: span.end,
        isPrimary: isPrimary, label: label)
    }
  }

  /// Annotated lines, plus any single unannotated line between two of them
  /// (showing it is shorter than a `...` marker).
  private func linesToShow(_ annotations: [Annotation]) -> [Int] {
    let annotated = Set(annotations.map(\.line)).sorted()
    var result: [Int] = []
    for line in annotated {
      if let last = result.last, line == last + 2 { result.append(last + 1) }
      result.append(line)
    }
    return result
  }

  private static func colour(of severity: Diagnostic.Severity) -> String {
    switch severity {
    case .error: "1;31"
    case .warning: "1;33"
    case .note: "1;32"
    }
  }

  func paint(_ text: String, _ code: String) -> String {
    style == .ansi ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}

extension String {
  /// Right-aligns the string in a field of `width` characters.
  fileprivate func padding(toWidth width: Int) -> String {
    String(repeating: " ", count: Swift.max(0, width - count)) + self
  }
}
