import Foundation
import Testing

/// Every lesson prints exactly its golden transcript, `Goldens/<lesson>.out`: printed text,
/// shown values and pictures, drawn in plain ASCII as `gradus run` draws them on a pipe. With the
/// environment variable `RECORD=1` the test rewrites every golden from the current output instead
/// of comparing; `RECORD=03-backprop,07-seed-network` rewrites only those lessons' goldens (the
/// others are still compared).
@Suite("Lesson goldens")
struct LessonGoldenTests {
  /// Whether to rewrite `lesson`'s golden: `RECORD=1` (all) or a comma-separated list of names.
  static func recording(_ lesson: String) -> Bool {
    guard let value = ProcessInfo.processInfo.environment["RECORD"], !value.isEmpty else {
      return false
    }
    return value == "1" || value.split(separator: ",").contains { $0 == lesson }
  }

  @Test func thereAreLessons() {
    #expect(Lessons.names.count >= 8, "lessons/ has \(Lessons.names.count) lessons")
  }

  @Test(arguments: Lessons.names)
  func printsItsGolden(lesson: String) throws {
    let run = try Lessons.run(lesson)
    #expect(run.problem == nil, "\(lesson) failed:\n\(run.problem ?? "")")
    let url = Lessons.goldens.appendingPathComponent(lesson + ".out")
    if Self.recording(lesson) {
      try FileManager.default.createDirectory(
        at: Lessons.goldens, withIntermediateDirectories: true)
      try run.output.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
      Issue.record(
        "no golden for \(lesson): run `RECORD=1 swift test --filter LessonGoldenTests` and review Goldens/\(lesson).out"
      )
      return
    }
    if let difference = Self.firstDifference(expected: golden, actual: run.output) {
      Issue.record("\(lesson) differs from Goldens/\(lesson).out\n\(difference)")
    }
  }

  /// The first line where `actual` departs from `expected`, with both versions, or nil if equal.
  static func firstDifference(expected: String, actual: String) -> String? {
    if expected == actual { return nil }
    let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let got = actual.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(want.count, got.count) {
      let a = i < want.count ? String(want[i]) : "(end of golden)"
      let b = i < got.count ? String(got[i]) : "(end of output)"
      if a != b {
        return "line \(i + 1):\n  golden: \(a)\n  output: \(b)"
      }
    }
    return "the outputs differ only in line endings"
  }

  @Test func reportsTheFirstDifferingLine() {
    #expect(Self.firstDifference(expected: "a\nb\n", actual: "a\nb\n") == nil)
    #expect(
      Self.firstDifference(expected: "a\nb\nc\n", actual: "a\nx\nc\n")
        == "line 2:\n  golden: b\n  output: x")
    #expect(
      Self.firstDifference(expected: "a\n", actual: "a\nmore\n")
        == "line 2:\n  golden: \n  output: more")
  }
}
