import Foundation
import Testing

/// `gradus < file`: piped input that is not UTF-8 is a clear error (QUALITY.md: invalid UTF-8
/// input is a clear error), not text silently changed to U+FFFD and run.
@Suite(
  "REPL: piped input",
  .enabled(
    if: Support.gradusBinary != nil, "the gradus binary is not built: run `swift build` first"))
struct PipedInputTests {
  /// Runs `gradus ARGUMENTS` with `input` on standard input: (status, stdout, stderr).
  static func gradus(_ input: [UInt8], _ arguments: [String] = []) throws -> (
    Int32, String, String
  ) {
    let binary = try #require(Support.gradusBinary)
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.environment = ["NO_COLOR": "1", "PATH": "/usr/bin:/bin"]
    let (standardInput, out, err) = (Pipe(), Pipe(), Pipe())
    process.standardInput = standardInput
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Small inputs fit in the pipe, so writing all before reading cannot block.
    standardInput.fileHandleForWriting.write(Data(input))
    try standardInput.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: outData, as: UTF8.self),
      String(decoding: errData, as: UTF8.self)
    )
  }

  @Test func invalidUTF8StopsTheInputWithAnError() throws {
    let input = Array("print(1)\ny = \"".utf8) + [0xFF] + Array("\"\nprint(2)\n".utf8)
    let (status, out, err) = try Self.gradus(input)
    #expect(status == 1)
    #expect(out == "1\n")
    #expect(
      err
        == "error: the input is not UTF-8 text (invalid byte 0xFF on line 2, at byte offset 14); the rest was not run; save it as UTF-8\n"
    )
  }

  /// A cell cut short by the bad line does not run (it would report a bracket never closed).
  @Test func aCellCutShortDoesNotRun() throws {
    let input = Array("model M() {\n  ".utf8) + [0xC3, 0x28] + Array("\n}\n".utf8)
    let (status, out, err) = try Self.gradus(input, ["--prompts", "always"])
    #expect(status == 1)
    #expect(out == "In [1]: model M() {\n")
    #expect(err.hasPrefix("error: the input is not UTF-8 text (invalid byte 0xC3 on line 2"))
    #expect(!err.contains("never closed"))
  }

  /// The control: UTF-8 names, Windows line ends and a last line without a line break.
  @Test func utf8InputRuns() throws {
    let (status, out, err) = try Self.gradus(Array("θ = 0.25\r\nprint(θ * 2)\r\nθ".utf8))
    #expect(status == 0, "\(err)")
    #expect(out == "0.5000\n0.2500\n")
  }
}
