import Foundation
import Testing

/// Golden transcripts: each `Transcripts/NAME.grad` is piped into the built `gradus`
/// (`gradus --prompts always < NAME.grad`, or without `--prompts` for `NAME.plain.grad`), and
/// everything it writes to stdout and stderr, in order, plus its exit status, must equal
/// `NAME.out`. `RECORD=1 swift test` rewrites the `.out` files.
@Suite(
  "REPL: transcripts",
  .enabled(
    if: Support.gradusBinary != nil, "the gradus binary is not built: run `swift build` first"))
struct TranscriptTests {
  static let directory = Support.repositoryRoot.appendingPathComponent(
    "Tests/GradusREPLTests/Transcripts")

  static var names: [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return files.filter { $0.hasSuffix(".grad") }.map { String($0.dropLast(".grad".count)) }
      .sorted()
  }

  @Test(arguments: names)
  func transcript(name: String) throws {
    let binary = try #require(Support.gradusBinary)
    let input = Self.directory.appendingPathComponent(name + ".grad")
    let golden = Self.directory.appendingPathComponent(name + ".out")
    let arguments = name.hasSuffix(".plain") ? [] : ["--prompts", "always"]
    let actual = try Self.run(binary, arguments, input: input)
    if ProcessInfo.processInfo.environment["RECORD"] == "1" {
      try actual.write(to: golden, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    #expect(
      actual == expected,
      "\(name): differs from \(golden.lastPathComponent); RECORD=1 re-records it")
  }

  /// Runs `gradus` with stdin from a file and stdout and stderr into one pipe (its writes are
  /// unbuffered, so the pipe holds them in the order they happened).
  static func run(_ binary: URL, _ arguments: [String], input: URL) throws -> String {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    let home = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    process.environment = [
      "HOME": home.path, "XDG_STATE_HOME": home.path, "NO_COLOR": "1", "PATH": "/usr/bin:/bin",
    ]
    process.currentDirectoryURL = directory
    process.standardInput = try FileHandle(forReadingFrom: input)
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self) + "[exit \(process.terminationStatus)]\n"
  }
}
