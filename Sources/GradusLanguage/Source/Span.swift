/// A half-open range `start..<end` of UTF-8 byte offsets into a source text.
///
/// Spans do not name their file: a `Program` carries its `SourceFile`, and a
/// diagnostic is rendered against the file it came from. Byte offsets were
/// chosen because they are what Swift's native string storage indexes in O(1),
/// and the lexer only ever produces offsets that fall on scalar boundaries.
public struct Span: Hashable, Sendable, CustomStringConvertible {
  /// Offset of the first byte.
  public var start: Int
  /// Offset one past the last byte; never less than `start`.
  public var end: Int

  /// Creates a span; an `end` before `start` is clamped to an empty span.
  public init(start: Int, end: Int) {
    self.start = start
    self.end = Swift.max(start, end)
  }

  /// Creates a span covering `range`.
  public init(_ range: Range<Int>) {
    self.init(start: range.lowerBound, end: range.upperBound)
  }

  /// An empty span at `offset`, used for "something is missing here".
  public static func point(_ offset: Int) -> Span {
    Span(start: offset, end: offset)
  }

  /// The offsets as a range.
  public var range: Range<Int> { start..<end }

  /// Number of bytes covered.
  public var length: Int { end - start }

  /// Whether the span covers no bytes.
  public var isEmpty: Bool { start == end }

  /// The smallest span covering both `self` and `other`.
  public func union(_ other: Span) -> Span {
    Span(start: Swift.min(start, other.start), end: Swift.max(end, other.end))
  }

  public var description: String { "\(start)..<\(end)" }
}
