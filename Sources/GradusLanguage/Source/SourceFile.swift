/// A named source text with a table of line starts, for turning byte offsets
/// into human line and column numbers.
///
/// Lines end at `\n`; a `\r` just before it belongs to the terminator, not to
/// the line. Columns count Unicode characters (extended grapheme clusters), so
/// `θ` and `中` are one column each, as a learner would count them.
public struct SourceFile: Sendable {
  /// The name shown in diagnostics, such as `lesson.grad` or `<repl:3>`.
  public var name: String { contents.name }
  /// The full text.
  public var text: String { contents.text }
  /// The UTF-8 bytes of `text`; spans index into this.
  public var utf8: [UInt8] { contents.utf8 }
  /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
  public var lineStarts: [Int] { contents.lineStarts }
  /// The number the text's first line has where it came from: a cell of a piped script that
  /// starts on line 40,000 reports its errors there without 39,999 blank lines in front (which
  /// made running a piped script quadratic in its length). `lineStarts`, `line(containing:)`,
  /// `lineRange` and `lineText` count from 1 in the text itself; `location(of:)` reports it.
  public var firstLine: Int { contents.firstLine }

  /// One reference for everything: the evaluator swaps the current source on every call of a
  /// function from another file (the prelude's layers), and copying four strings and arrays
  /// there was a dozen reference-count operations per call.
  private let contents: Contents

  private final class Contents: Sendable {
    let name: String
    let text: String
    let utf8: [UInt8]
    let lineStarts: [Int]
    let firstLine: Int

    init(name: String, text: String, utf8: [UInt8], lineStarts: [Int], firstLine: Int) {
      self.name = name
      self.text = text
      self.utf8 = utf8
      self.lineStarts = lineStarts
      self.firstLine = firstLine
    }
  }

  /// Creates a source file and indexes its lines; `firstLine` is the number its first line
  /// has in the file or script it came from.
  public init(name: String, text: String, firstLine: Int = 1) {
    let bytes = Array(text.utf8)
    var starts = [0]
    for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      starts.append(offset + 1)
    }
    contents = Contents(
      name: name, text: text, utf8: bytes, lineStarts: starts, firstLine: firstLine)
  }

  /// Number of lines; a text ending in a newline has an empty last line.
  public var lineCount: Int { lineStarts.count }

  /// The 1-based line containing `offset` (clamped to the text).
  public func line(containing offset: Int) -> Int {
    let offset = clamp(offset)
    // Binary search for the last line start <= offset.
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low + 1
  }

  /// The line (numbered from `firstLine`) and column of `offset`; the column counts characters.
  public func location(of offset: Int) -> (line: Int, column: Int) {
    let offset = clamp(offset)
    let line = line(containing: offset)
    let start = lineStarts[line - 1]
    let prefix = String(decoding: utf8[start..<offset], as: UTF8.self)
    return (line + firstLine - 1, prefix.count + 1)
  }

  /// Byte range of a 1-based line, without its terminator; empty when out of range.
  public func lineRange(_ line: Int) -> Range<Int> {
    guard line >= 1, line <= lineStarts.count else { return utf8.count..<utf8.count }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : utf8.count
    if end > start, utf8[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return start..<Swift.max(start, end)
  }

  /// Text of a 1-based line, without its terminator.
  public func lineText(_ line: Int) -> String {
    String(decoding: utf8[lineRange(line)], as: UTF8.self)
  }

  /// The text a span covers (clamped to the file, never trapping).
  public func text(of span: Span) -> String {
    let start = clamp(span.start)
    let end = Swift.max(start, clamp(span.end))
    return String(decoding: utf8[start..<end], as: UTF8.self)
  }

  private func clamp(_ offset: Int) -> Int {
    Swift.min(Swift.max(offset, 0), utf8.count)
  }
}
