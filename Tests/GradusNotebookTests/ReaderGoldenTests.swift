import Foundation
import GradusLanguage
import GradusPictures
import GradusRuntime
import GradusText
import Testing

@testable import GradusNotebook

/// Every lesson as `gradus lesson N --width W` prints it on a pipe (prose rendered and
/// reflowed, code behind the gutter, then its output: printed lines, values and pictures laid
/// out for the width), at 60, 80 and 120 columns: `Goldens/Reader/<lesson>.<W>.txt`.
/// `RECORD=1` (or a list of lesson names) rewrites them.
@Suite("Reader goldens", .serialized)
struct ReaderGoldenTests {
  static let widths = [60, 80, 120]
  static let directory = Lessons.goldens.appendingPathComponent("Reader")

  /// Each lesson against its goldens, read once at each width; every line of each (prose,
  /// code, program output, pictures) fits the width in display columns. Then, at those widths
  /// and at 40, its prose starts no line with closing punctuation and shows no Markdown or
  /// TeX markup.
  @Test(arguments: Lessons.names)
  func rendersItsGoldens(lesson: String) throws {
    var prose: [String] = []
    for width in Self.widths {
      let transcript = try LessonTranscript.record(lesson, columns: width)
      prose = transcript.prose
      Self.checkWidth(transcript.text, width, lesson)
      let url = Self.directory.appendingPathComponent("\(lesson).\(width).txt")
      if LessonGoldenTests.recording(lesson) {
        try FileManager.default.createDirectory(
          at: Self.directory, withIntermediateDirectories: true)
        try transcript.text.write(to: url, atomically: true, encoding: .utf8)
        continue
      }
      guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no golden \(url.lastPathComponent): record with RECORD=1")
        continue
      }
      if let difference = LessonGoldenTests.firstDifference(
        expected: golden, actual: transcript.text)
      {
        Issue.record("\(lesson) at \(width) differs from its golden\n\(difference)")
      }
    }
    for width in Self.widths + [40] {
      for markdown in prose {
        Self.checkLayout(
          TerminalProse(columns: width, styled: false).render(markdown), width, lesson)
      }
    }
  }

  static let display = DisplayWidth(ambiguousIsWide: false)

  /// No line of the whole transcript passes the width, and there are no escape codes.
  static func checkWidth(_ text: String, _ width: Int, _ lesson: String) {
    var over = 0
    for (number, line) in text.split(separator: "\n").enumerated()
    where display.columns(line) > width {
      over += 1
      if over <= 5 {
        Issue.record(
          "\(lesson) at \(width), line \(number + 1): \(display.columns(line)) columns: \(line)")
      }
    }
    #expect(over == 0, "\(lesson) at \(width): \(over) lines wider than the width")
    #expect(!text.contains("\u{1B}"), "\(lesson): an escape code on a pipe")
  }

  static func checkLayout(_ rendered: String, _ width: Int, _ lesson: String) {
    for line in rendered.split(separator: "\n")
    where !line.hasPrefix(CodeGutter.first) && !line.hasPrefix(CodeGutter.continued) {
      #expect(display.columns(line) <= width, "\(lesson) at \(width): \(line)")
      #expect(
        !BreakRules.neverStart.contains(line.first!),
        "\(lesson) at \(width) starts a line with \(line.first!): \(line)")
      #expect(
        !BreakRules.neverEnd.contains(line.last!),
        "\(lesson) at \(width) ends a line with \(line.last!): \(line)")
    }
    for markup in ["**", "$$", "\\frac", "\\mathrm", "\\left", "\\qquad"] {
      #expect(!rendered.contains(markup), "\(lesson) at \(width) shows \(markup)")
    }
  }
}

/// A lesson read straight through by `LessonReader` as `gradus lesson N --width W` reads it
/// on a pipe: the text it printed, and the prose cells' Markdown (for checks at other widths).
struct LessonTranscript {
  var text = ""
  var prose: [String] = []

  static func record(_ lesson: String, columns: Int) throws -> LessonTranscript {
    let lessons = LessonCatalog.load(Lessons.directory.path)
    guard let found = lessons.first(where: { $0.name == lesson }) else {
      throw LessonError.didNotRun(lesson)
    }
    let sink = PlainSink(columns: columns)
    let io = ProseRecordingIO(
      TextStepperIO(
        keyboard: nil, style: .plain, prose: TerminalProse(columns: columns, styled: false),
        write: sink.write, writeError: sink.write))
    LargeStack.run {
      let reader = LessonReader(
        catalog: LessonCatalog(), io: io, style: .plain, progress: nil, output: sink,
        outputColumns: columns, makeInterpreter: { try Interpreter(output: $0) })
      _ = reader.read(found, interactive: false)
    }
    return LessonTranscript(text: sink.text, prose: io.prose)
  }

  /// Output as on a pipe: text as it comes, pictures in plain ASCII at the reader's width.
  final class PlainSink: OutputSink {
    let columns: Int
    var text = ""

    init(columns: Int) { self.columns = columns }

    func write(_ text: String) { self.text += text }
    func show(_ value: Value, formatted: String) { text += formatted + "\n" }
    func picture(_ picture: Picture) {
      var options = RenderOptions.plain
      options.width = columns
      text += TerminalPictureRenderer.render(picture, options: options)
    }
  }

  /// `TextStepperIO`, noting each prose cell's Markdown on the way.
  final class ProseRecordingIO: LessonStepperIO {
    let text: TextStepperIO
    var prose: [String] = []

    init(_ text: TextStepperIO) { self.text = text }

    func showProse(_ markdown: String) {
      prose.append(markdown)
      text.showProse(markdown)
    }
    func showCode(_ code: String) { text.showCode(code) }
    func showError(_ rendered: String) { text.showError(rendered) }
    func showNote(_ note: String) { text.showNote(note) }
    func readKey(at position: StepPosition) -> StepKey? { nil }
    func choose(_ question: String, keys: [Character]) -> Character? { nil }
    func explore(_ interpreter: Interpreter) {}
  }
}
