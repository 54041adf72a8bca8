import Foundation
import GradusLanguage
import GradusPictures
import GradusRuntime
import GradusText
import Testing

@testable import GradusNotebook

/// Every lesson as `gradus lesson N --width W` prints it on a pipe (prose rendered and
/// reflowed, code behind the gutter, then its output), at 60, 80 and 120 columns:
/// `Goldens/Reader/<lesson>.<W>.txt`. `RECORD=1` (or a list of lesson names) rewrites them.
@Suite("Reader goldens", .serialized)
struct ReaderGoldenTests {
  static let widths = [60, 80, 120]
  static let directory = Lessons.goldens.appendingPathComponent("Reader")

  /// Each lesson against its goldens; then, at those widths and at 40, its prose never runs
  /// past the width (code and program output are never reflowed), carries no escape codes on
  /// a pipe, starts no line with closing punctuation, and shows no Markdown or TeX markup.
  @Test(arguments: Lessons.names)
  func rendersItsGoldens(lesson: String) throws {
    let transcript = try LessonTranscript.record(lesson)
    for width in Self.widths {
      let output = transcript.text(columns: width)
      let url = Self.directory.appendingPathComponent("\(lesson).\(width).txt")
      if LessonGoldenTests.recording(lesson) {
        try FileManager.default.createDirectory(
          at: Self.directory, withIntermediateDirectories: true)
        try output.write(to: url, atomically: true, encoding: .utf8)
        continue
      }
      guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("no golden \(url.lastPathComponent): record with RECORD=1")
        continue
      }
      if let difference = LessonGoldenTests.firstDifference(expected: golden, actual: output) {
        Issue.record("\(lesson) at \(width) differs from its golden\n\(difference)")
      }
    }
    for width in Self.widths + [40] {
      for prose in transcript.prose {
        Self.checkLayout(TerminalProse(columns: width, styled: false).render(prose), width, lesson)
      }
    }
  }

  static func checkLayout(_ rendered: String, _ width: Int, _ lesson: String) {
    let display = DisplayWidth(ambiguousIsWide: false)
    for line in rendered.split(separator: "\n") where !line.hasPrefix("  │ ") {
      #expect(display.columns(line) <= width, "\(lesson) at \(width): \(line)")
      #expect(
        !BreakRules.neverStart.contains(line.first!),
        "\(lesson) at \(width) starts a line with \(line.first!): \(line)")
      #expect(
        !BreakRules.neverEnd.contains(line.last!),
        "\(lesson) at \(width) ends a line with \(line.last!): \(line)")
    }
    #expect(!rendered.contains("\u{1B}"), "\(lesson): an escape code on a pipe")
    for markup in ["**", "$$", "\\frac", "\\mathrm", "\\left", "\\qquad"] {
      #expect(!rendered.contains(markup), "\(lesson) at \(width) shows \(markup)")
    }
  }
}

/// A lesson stepped through without a terminal, prose kept as Markdown so that it can be
/// rendered at any width; everything else as `TextStepperIO` writes it.
struct LessonTranscript {
  enum Piece {
    case prose(String)
    case code(String)
    case text(String)
  }

  var pieces: [Piece] = []

  var prose: [String] {
    pieces.compactMap { if case .prose(let markdown) = $0 { markdown } else { nil } }
  }

  func text(columns: Int) -> String {
    let renderer = TerminalProse(columns: columns, styled: false)
    return pieces.map { piece in
      switch piece {
      case .prose(let markdown): "\n" + renderer.render(markdown) + "\n"
      case .code(let code): Self.codeAsShown(code, prose: renderer)
      case .text(let text): text
      }
    }.joined()
  }

  /// A code cell as `TextStepperIO` shows it at the prose's width.
  static func codeAsShown(_ code: String, prose: TerminalProse) -> String {
    var shown = ""
    TextStepperIO(
      keyboard: nil, style: .plain, prose: prose, write: { shown += $0 }, writeError: { _ in }
    ).showCode(code)
    return shown
  }

  static func record(_ lesson: String) throws -> LessonTranscript {
    let recorder = Recorder()
    let lessons = LessonCatalog.load(Lessons.directory.path)
    guard let found = lessons.first(where: { $0.name == lesson }) else {
      throw LessonError.didNotRun(lesson)
    }
    LargeStack.run {
      let sink = RecordingSink(forwardingTo: recorder)
      guard let interpreter = try? Interpreter(output: sink) else { return }
      let io = RecordingIO(recorder: recorder)
      _ = LessonStepper(
        lesson: found, interpreter: interpreter, recorder: sink, io: io, style: .plain
      ).run(interactive: false)
    }
    return recorder.transcript
  }

  /// The lesson's output (pictures in plain ASCII, as on a pipe) and the stepper's text.
  final class Recorder: OutputSink {
    var transcript = LessonTranscript()

    func append(_ text: String) {
      if case .text(let previous)? = transcript.pieces.last {
        transcript.pieces[transcript.pieces.count - 1] = .text(previous + text)
      } else {
        transcript.pieces.append(.text(text))
      }
    }

    func write(_ text: String) { append(text) }
    func show(_ value: Value, formatted: String) { append(formatted + "\n") }
    func picture(_ picture: Picture) {
      append(TerminalPictureRenderer.render(picture, options: .plain))
    }
  }

  /// `TextStepperIO` for code and errors; prose recorded as Markdown.
  final class RecordingIO: LessonStepperIO {
    let recorder: Recorder
    let text: TextStepperIO

    init(recorder: Recorder) {
      self.recorder = recorder
      text = TextStepperIO(
        keyboard: nil, style: .plain, write: recorder.append, writeError: recorder.append)
    }

    func showProse(_ markdown: String) { recorder.transcript.pieces.append(.prose(markdown)) }
    func showCode(_ code: String) { recorder.transcript.pieces.append(.code(code)) }
    func showError(_ rendered: String) { text.showError(rendered) }
    func showNote(_ note: String) { text.showNote(note) }
    func readKey(at position: StepPosition) -> StepKey? { nil }
    func choose(_ question: String, keys: [Character]) -> Character? { nil }
    func explore(_ interpreter: Interpreter) {}
  }
}
