import GradusPictures
import GradusRuntime
import GradusText

/// Keeps a program's text output within a width, for a reader laid out at that width: a line
/// wider than `columns` display columns is broken between words and numbers (by the prose
/// rules of `LineBreaker`, so `0.7071` or `[0.5, -1.0]` never splits) and goes on under `↪`.
/// Pictures pass through unchanged: the next sink draws them, and must be told the same width.
public final class WidthFittingSink: OutputSink {
  public let columns: Int
  let next: any OutputSink

  /// What starts a continued line (after the line's own indentation).
  public static let continuation = "↪ "

  public init(columns: Int, forwardingTo next: any OutputSink) {
    self.columns = columns
    self.next = next
  }

  public func write(_ text: String) { next.write(Self.fitted(text, columns: columns)) }

  public func show(_ value: Value, formatted: String) {
    next.show(value, formatted: Self.fitted(formatted, columns: columns))
  }

  public func picture(_ picture: Picture) { next.picture(picture) }

  /// `text` with every line wider than `columns` broken into lines that fit. Control
  /// characters are first shown as escapes (`TerminalText`), as the terminal will show them,
  /// so that the widths measured are those seen.
  public static func fitted(_ text: String, columns: Int) -> String {
    let visible = TerminalText.visible(text)
    let width = GradusText.DisplayWidth.standard
    let lines = visible.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.contains(where: { width.columns($0) > columns }) else { return visible }
    return lines.map { line in
      width.columns(line) > columns ? broken(line, columns: columns, width: width) : String(line)
    }.joined(separator: "\n")
  }

  /// One line broken into pieces: the first keeps the line's indentation, the others start
  /// with it and `↪ `. A piece with no place to break (a very long number or word) is cut
  /// between two characters. The line is broken twice at most (the first piece, then the rest
  /// for the narrower continued lines), so a long line costs two passes, not one per piece.
  static func broken(_ line: Substring, columns: Int, width: GradusText.DisplayWidth) -> String {
    var indent = String(line.prefix(while: { $0 == " " }))
    // An indentation taking half the width or more is dropped: the text needs the room.
    if indent.count * 2 > columns { indent = "" }
    let margin = indent + continuation
    let prefix = width.columns(margin) * 2 <= columns ? margin : continuation
    let body = String(line.drop(while: { $0 == " " }))
    let breaker = LineBreaker(width: width)
    let firstLines = breaker.lines(body, columns: max(1, columns - indent.count))
    guard let first = firstLines.first, firstLines.count > 1 else { return indent + body }
    let rest = String(body.dropFirst(first.count).drop(while: { $0 == " " }))
    let continued = breaker.lines(rest, columns: max(1, columns - width.columns(prefix)))
    return ([indent + first] + continued.map { prefix + $0 }).joined(separator: "\n")
  }
}
