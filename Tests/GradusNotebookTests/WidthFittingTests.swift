import GradusPictures
import GradusRuntime
import GradusText
import Testing

@testable import GradusNotebook

/// A program's printed lines kept within the reader's width: broken between words and
/// numbers, never inside one, continued under `↪`; lines that fit are left exactly as they are.
@Suite("Output fitted to the width")
struct WidthFittingTests {
  static let display = DisplayWidth(ambiguousIsWide: false)

  static func fitted(_ text: String, _ columns: Int) -> [String] {
    WidthFittingSink.fitted(text, columns: columns).components(separatedBy: "\n")
  }

  @Test func linesThatFitAreUntouched() {
    let text = "epoch 100  loss 0.0011\n\n  indented   spaces   kept  \n"
    #expect(WidthFittingSink.fitted(text, columns: 30) == text)
  }

  @Test func aWideLineBreaksBetweenNumbers() {
    let line =
      "t = 1:  x W_xh = [0.5000, -1.0000]  h W_hh = [0.0000, 0.0000]  z = [0.6000, -1.1000]"
    for columns in [30, 40, 60] {
      let lines = Self.fitted(line, columns)
      #expect(lines.count > 1)
      for piece in lines { #expect(Self.display.columns(piece) <= columns, "\(piece)") }
      #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("↪ ") })
      // Every number whole, in order.
      let numbers = { (text: String) in
        text.split(whereSeparator: { " [],↪".contains($0) }).filter { $0.contains(".") }
      }
      #expect(numbers(lines.joined(separator: " ")) == numbers(line))
    }
  }

  @Test func continuedLinesKeepTheIndentation() {
    let line = "    [1] mul: a * b   a (x1) = 2.0000, b (w1) = -3.0000   → -6.0000"
    let lines = Self.fitted(line, 40)
    #expect(lines[0].hasPrefix("    [1] mul"))
    #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("    ↪ ") }, "\(lines)")
  }

  @Test func chineseIsMeasuredInColumns() {
    let line = String(repeating: "损失下降了，", count: 12)
    let lines = Self.fitted(line, 40)
    for piece in lines { #expect(Self.display.columns(piece) <= 40, "\(piece)") }
    #expect(lines.map { $0.replacingOccurrences(of: "↪ ", with: "") }.joined() == line)
  }

  @Test func aWordLongerThanTheLineIsCut() {
    let line = String(repeating: "x", count: 130)
    let lines = Self.fitted(line, 50)
    #expect(lines.allSatisfy { Self.display.columns($0) <= 50 })
    #expect(lines.joined().filter { $0 == "x" }.count == 130)
  }

  /// A long line is broken in two passes, not one per piece (which would take minutes here).
  @Test func aLongLineIsBrokenQuickly() {
    let line = String(repeating: "0.5000 ", count: 15_000)
    let clock = ContinuousClock()
    let elapsed = clock.measure { _ = WidthFittingSink.fitted(line, columns: 80) }
    #expect(elapsed < .seconds(30))
  }

  /// The reader's own prompts break between two choices, not inside one.
  @Test func promptsBreakBetweenChoices() {
    func fitted(_ text: String, _ columns: Int) -> String {
      TextStepperIO(
        keyboard: nil, style: .plain, prose: TerminalProse(columns: columns, styled: false),
        write: { _ in }, writeError: { _ in }
      ).fitted(text)
    }
    let keyPrompt = Localized(.english).keyPrompt
    #expect(fitted(keyPrompt, 80) == keyPrompt)
    #expect(
      fitted(keyPrompt, 60)
        == "Enter: next · b: back · r: run again · e: explore ·\nq: quit · ?: keys ")
    #expect(
      fitted("── cell 7 of 13 · Lesson 13 — A small Transformer · as it ran (r reruns)", 52)
        == "── cell 7 of 13 · Lesson 13 — A small Transformer ·\nas it ran (r reruns)")
  }

  /// Values and printed text are fitted; pictures pass on to be drawn at the width.
  @Test func theSinkFitsTextAndValues() throws {
    final class Collect: OutputSink {
      var text = ""
      var pictures = 0
      func write(_ text: String) { self.text += text }
      func show(_ value: Value, formatted: String) { text += formatted + "\n" }
      func picture(_ picture: Picture) { pictures += 1 }
    }
    let collect = Collect()
    let sink = WidthFittingSink(columns: 20, forwardingTo: collect)
    sink.write("one two three four five six seven\n")
    sink.show(
      try .string("alpha beta gamma delta epsilon"), formatted: "alpha beta gamma delta epsilon")
    sink.picture(.histogram(Histogram(values: [1, 2])))
    #expect(
      collect.text
        == "one two three four\n↪ five six seven\nalpha beta gamma\n↪ delta epsilon\n")
    #expect(collect.pictures == 1)
  }
}
