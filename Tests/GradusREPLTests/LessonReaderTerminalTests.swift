import Foundation
import Testing

/// The lesson reader at a (pseudo-)terminal, over two small lessons written for the test: `b`
/// shows a cell again without running it, `q` keeps the place, the next start offers to
/// continue there, the end of a lesson offers the next, and `gradus lessons` shows progress.
@Suite(
  "gradus lesson: navigation and progress",
  .enabled(
    if: Support.gradusBinary != nil, "the gradus binary is not built: run `swift build` first"))
struct LessonReaderTerminalTests {
  /// Cell 2 counts how often it ran, so a rerun would show `ran 2`.
  static let first = """
    #' # Lesson 0 — Counting
    #' A lesson whose second cell counts its runs.
    runs = 0
    print("first cell")
    #' The counting cell.
    runs = runs + 1
    print("ran", runs)
    #' The third cell.
    print("third cell, runs =", runs)
    #' That was all.
    """

  static let second = """
    #' # Lesson 1 — Second
    #' The lesson after.
    y = 41
    print("second lesson starts")
    #' Add one.
    y = y + 1
    print("y is", y)
    #' The end.
    print("last cell of the second lesson")
    """

  /// A folder with the two lessons, and one for the state (progress, history).
  static func folders() throws -> (lessons: URL, state: URL) {
    let lessons = Support.temporaryDirectory()
    try first.write(
      to: lessons.appendingPathComponent("00-counting.grad"), atomically: true, encoding: .utf8)
    try second.write(
      to: lessons.appendingPathComponent("01-second.grad"), atomically: true, encoding: .utf8)
    return (lessons, Support.temporaryDirectory())
  }

  static func launch(_ arguments: [String], lessons: URL, state: URL) throws -> PseudoTerminal {
    try Support.launchGradus(
      state: state, arguments: arguments,
      extra: ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "GRADUS_LESSONS": lessons.path])
  }

  static func occurrences(of text: String, in transcript: String) -> Int {
    transcript.components(separatedBy: text).count - 1
  }

  @Test func backShowsTheRecordedOutputWithoutRunningAgain() throws {
    let (lessons, state) = try Self.folders()
    defer { [lessons, state].forEach { try? FileManager.default.removeItem(at: $0) } }
    let terminal = try Self.launch(["lesson", "0"], lessons: lessons, state: state)
    try #require(
      terminal.wait(for: "── cell 1 of 3 · Lesson 0 — Counting"), "\(terminal.transcript)")
    terminal.type("\r")
    #expect(terminal.wait(for: "── cell 2 of 3 · Lesson 0 — Counting\r\n"))
    terminal.type(" ")
    #expect(terminal.wait(for: "third cell, runs = 1"))
    let back = terminal.mark
    terminal.type("b")
    #expect(terminal.wait(for: "── cell 2 of 3 · Lesson 0 — Counting · as it ran", after: back))
    terminal.type("b")
    #expect(terminal.wait(for: "── cell 1 of 3 · Lesson 0 — Counting · as it ran", after: back))
    let first = terminal.mark
    terminal.type("b")
    #expect(terminal.wait(for: "This is the first cell", after: first))
    // Forward again over cells that already ran: shown as recorded, not run.
    terminal.type("\r")
    #expect(terminal.wait(for: "── cell 2 of 3 · Lesson 0 — Counting · as it ran", after: first))
    terminal.type("?")
    #expect(terminal.wait(for: "b             back: the cell before", after: first))
    terminal.type("q")
    #expect(terminal.exitStatus() == 0)
    let text = terminal.transcript
    #expect(Self.occurrences(of: "ran 1", in: text) == 3, "\(text)")
    #expect(!text.contains("ran 2"))
    #expect(Self.occurrences(of: "\r\nfirst cell", in: text) == 2)
  }

  @Test func quittingKeepsThePlaceAndTheNextStartOffersIt() throws {
    let (lessons, state) = try Self.folders()
    defer { [lessons, state].forEach { try? FileManager.default.removeItem(at: $0) } }
    let first = try Self.launch(["lesson", "0"], lessons: lessons, state: state)
    try #require(first.wait(for: "── cell 1 of 3"), "\(first.transcript)")
    first.type("\r")
    #expect(first.wait(for: "── cell 2 of 3"))
    first.type("q")
    #expect(first.exitStatus() == 0)
    let progress = try String(
      contentsOf: state.appendingPathComponent("gradus/lessons"), encoding: .utf8)
    #expect(progress == "00-counting\t2\t3\n")

    let again = try Self.launch(["lesson", "counting"], lessons: lessons, state: state)
    try #require(
      again.wait(for: "last time you stopped at cell 2 of 3"), "no offer:\n\(again.transcript)")
    #expect(again.wait(for: "Enter: continue there · s: start from the beginning · q: quit"))
    again.type("\r")
    #expect(again.wait(for: "── cell 2 of 3 · Lesson 0 — Counting\r\n"), "\(again.transcript)")
    // Cell 1 ran again, silently, to rebuild the state cell 2 needs; cell 2 ran once.
    #expect(!again.transcript.contains("\r\nfirst cell"))
    #expect(again.transcript.contains("ran 1"))
    again.type("q")
    #expect(again.exitStatus() == 0)

    let fresh = try Self.launch(["lesson", "0"], lessons: lessons, state: state)
    try #require(fresh.wait(for: "last time you stopped at cell 2 of 3"))
    fresh.type("s")
    #expect(fresh.wait(for: "── cell 1 of 3"))
    #expect(fresh.transcript.contains("\r\nfirst cell"))
    fresh.type("q")
    #expect(fresh.exitStatus() == 0)
  }

  @Test func theEndOffersTheNextLessonAndTheListShowsProgress() throws {
    let (lessons, state) = try Self.folders()
    defer { [lessons, state].forEach { try? FileManager.default.removeItem(at: $0) } }
    let terminal = try Self.launch(["lesson", "0"], lessons: lessons, state: state)
    try #require(terminal.wait(for: "── cell 1 of 3"), "\(terminal.transcript)")
    terminal.type("\r\r")
    #expect(terminal.wait(for: "── cell 3 of 3"))
    let end = terminal.mark
    terminal.type("\r")
    #expect(terminal.wait(for: "That was all.", after: end))
    #expect(
      terminal.wait(for: "End of Lesson 0 — Counting.\r\nNext: Lesson 1 — Second.", after: end))
    #expect(terminal.wait(for: "Enter: start it · q: stop here", after: end))
    terminal.type("\r")
    #expect(terminal.wait(for: "second lesson starts", after: end))
    #expect(terminal.wait(for: "── cell 1 of 3 · Lesson 1 — Second", after: end))
    terminal.type("\r")
    #expect(terminal.wait(for: "y is 42", after: end))
    terminal.type("q")
    #expect(terminal.exitStatus() == 0)

    let list = try #require(try Self.listing(lessons: lessons, state: state))
    #expect(list.contains("00-counting  · done\n    Lesson 0 — Counting\n"), "\(list)")
    #expect(list.contains("01-second  · stopped at cell 2 of 3\n"), "\(list)")
  }

  @Test func theLastLessonSaysSo() throws {
    let (lessons, state) = try Self.folders()
    defer { [lessons, state].forEach { try? FileManager.default.removeItem(at: $0) } }
    let terminal = try Self.launch(["lesson", "1"], lessons: lessons, state: state)
    try #require(terminal.wait(for: "── cell 1 of 3"), "\(terminal.transcript)")
    terminal.type("\r\r\r")
    #expect(terminal.wait(for: "End of Lesson 1 — Second. That was the last lesson."))
    #expect(terminal.exitStatus() == 0)

    // Opened again, a finished lesson says when it was finished and starts from the top.
    let again = try Self.launch(["lesson", "1"], lessons: lessons, state: state)
    try #require(
      again.wait(for: "You finished this lesson on 20"), "no note:\n\(again.transcript)")
    #expect(again.wait(for: "; starting again from the top."))
    #expect(again.wait(for: "── cell 1 of 3 · Lesson 1 — Second"))
    again.type("q")
    #expect(again.exitStatus() == 0)
  }

  /// `gradus lessons` with the given state, output captured through a pipe.
  static func listing(lessons: URL, state: URL) throws -> String? {
    guard let binary = Support.gradusBinary else { return nil }
    let process = Process()
    process.executableURL = binary
    process.arguments = ["lessons"]
    process.environment = [
      "GRADUS_LESSONS": lessons.path, "XDG_STATE_HOME": state.path, "HOME": state.path,
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(data: data, encoding: .utf8)
  }
}
