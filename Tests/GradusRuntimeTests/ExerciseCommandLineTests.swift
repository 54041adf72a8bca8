import Foundation
import Testing

/// `gradus exercise` from the shell: the starter is written into the workspace and never
/// overwritten, `--check` exits 0 when solved, 1 when not, 2 on usage errors, and `--watch`
/// checks again when the file is saved. Progress goes to a scratch state folder.
@Suite(
  "gradus exercise: workspace, --check exit codes, --watch",
  .enabled(if: CommandLineTests.binary != nil, "gradus is not built"))
struct ExerciseCommandLineTests {
  static let exercises = RuntimeHarness.repositoryRoot.appendingPathComponent("exercises").path

  /// Runs `gradus ARGS` in `directory` with its own state folder.
  static func gradus(_ arguments: [String], in directory: String) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(CommandLineTests.binary))
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = [
      "NO_COLOR": "1", "XDG_STATE_HOME": directory + "/state", "HOME": directory,
      "GRADUS_EXERCISES": exercises,
    ]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  static func solution(_ id: String, in directory: String) throws -> String {
    let (_, paths) = try gradus(["exercises", "--paths"], in: directory)
    let line = try #require(paths.split(separator: "\n").first { $0.hasPrefix(id + "\t") })
    return String(line.split(separator: "\t")[2])
  }

  @Test func startCheckAndExitCodes() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let (started, text) = try Self.gradus(["exercise", "2.1"], in: directory)
    #expect(started == 0)
    #expect(text.contains("The MSE with ½\n══════════════\n"))
    let file = directory + "/gradus-exercises/2.1-half-mse.grad"
    #expect(text.contains("Wrote the starter to gradus-exercises/2.1-half-mse.grad"))
    // The learner's work is never overwritten.
    try "# mine\n".write(toFile: file, atomically: true, encoding: .utf8)
    let (again, kept) = try Self.gradus(["exercise", "2.1"], in: directory)
    #expect(again == 0 && kept.contains("already there (kept as it is)"))
    #expect(try String(contentsOfFile: file, encoding: .utf8) == "# mine\n")
    // Not solved: 1, with the feedback.
    let (unsolved, feedback) = try Self.gradus(["exercise", "2.1", "--check"], in: directory)
    #expect(unsolved == 1, "\(feedback)")
    #expect(feedback.contains("not yet"))
    // Solved: 0, and the listing says so.
    let solution = try Self.solution("2.1", in: directory)
    let (solved, report) = try Self.gradus(["exercise", "2.1", "--check", solution], in: directory)
    #expect(solved == 0, "\(report)")
    let (_, listing) = try Self.gradus(["exercises"], in: directory)
    #expect(listing.contains("2.1  write    The MSE with ½  · solved"), "\(listing)")
    // Usage errors: 2.
    #expect(try Self.gradus(["exercise", "99.9", "--check"], in: directory).0 == 2)
    #expect(try Self.gradus(["exercise", "2.1", "--check", "missing.grad"], in: directory).0 == 2)
    #expect(try Self.gradus(["exercise"], in: directory).0 == 2)
    #expect(try Self.gradus(["exercise", "2.1", "--check", "--bogus"], in: directory).0 == 2)
  }

  @Test func watchChecksAgainOnSave() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let file = directory + "/mine.grad"
    let solution = try String(
      contentsOfFile: try Self.solution("2.1", in: directory), encoding: .utf8)
    try "p = [[1.0]]\ny = [[1.0]]\nfn half_mse(p, y) = mean((p - y) ^ 2)\nloss = 1\n".write(
      toFile: file, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(CommandLineTests.binary))
    process.arguments = ["exercise", "2.1", "--watch", file]
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = [
      "NO_COLOR": "1", "XDG_STATE_HOME": directory + "/state", "GRADUS_EXERCISES": Self.exercises,
    ]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    // Wait for the first (failing) check, then save the solution.
    var seen = ""
    let deadline = Date().addingTimeInterval(30)
    while !seen.contains("Waiting for the next save"), Date() < deadline {
      seen += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
    }
    #expect(seen.contains("not yet"), "\(seen)")
    try solution.write(toFile: file, atomically: true, encoding: .utf8)
    let rest = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(String(decoding: rest, as: UTF8.self).contains("solved ✓"))
    #expect(process.terminationStatus == 0)
  }
}
