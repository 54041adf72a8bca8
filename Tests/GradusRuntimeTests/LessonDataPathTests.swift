import Foundation
import Testing

/// Lessons 20 and 21 read `data/gpt-corpus.csv` and `data/gpt.safetensors`: a lesson's relative
/// paths name files in the lessons folder, so it runs from any working directory. A program of
/// the learner's own keeps paths relative to the working directory.
@Suite("gradus: a lesson's data files from any working directory", .serialized)
struct LessonDataPathTests {
  static let skip = CommandLineTests.skip
  static let lessons = RuntimeHarness.repositoryRoot.appendingPathComponent("lessons").path

  /// `gradus lesson 21`, `gradus run` of the lesson file and of its Chinese edition, started
  /// in an empty temporary folder: each finds the lessons' data and prints the first line.
  @Test(
    skip,
    arguments: [
      "\"$GRADUS\" lesson 21 --width 80", "\"$GRADUS\" run '\(lessons)/21-impact.grad'",
      "\"$GRADUS\" run '\(lessons)/zh/21-impact.grad'",
    ])
  func aLessonFindsItsDataFromAnyFolder(command: String) throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let result = try ProcessIOTests.shell(command + " < /dev/null", in: directory)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!result.stderr.contains("cannot read"), "\(result.stderr)")
    #expect(result.stdout.contains("layer 1, head 0"))
    // Nothing was written where it was started.
    #expect(Reliability.listing(directory).isEmpty)
  }

  /// The same lesson code as a program of one's own, outside the lessons folder: `data/…` is
  /// relative to the working directory, where there is no such file, and the error says so.
  @Test(skip) func aProgramKeepsPathsRelativeToTheWorkingDirectory() throws {
    let (directory, path) = ProcessIOTests.program(
      "corpus = load_csv(\"data/gpt-corpus.csv\", header: false)\n")
    defer { Reliability.remove(directory: directory) }
    let result = try ProcessIOTests.shell("\"$GRADUS\" run '\(path)'", in: directory)
    #expect(result.status == 1)
    #expect(result.stderr.contains("cannot read `data/gpt-corpus.csv`"), "\(result.stderr)")
    #expect(result.stderr.contains("relative to the directory gradus was started in"))
  }
}
