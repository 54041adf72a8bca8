import Foundation
import Testing

/// The `gradus` binary as a learner runs it: bad files and programs past the limits are clear
/// errors with exit status 1 or 2, never a crash (a signal). Skipped when the binary has not
/// been built (`swift build` builds it beside the test bundle).
@Suite("gradus run: bad input from the command line")
struct CommandLineTests {
  /// `gradus` beside this test bundle (the same build), else `.build/debug/gradus`.
  static let binary: String? = {
    var candidates = [String]()
    if let me = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      candidates.append(
        URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("gradus").path)
    }
    candidates.append(
      RuntimeHarness.repositoryRoot.appendingPathComponent(".build/debug/gradus").path)
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  struct Result {
    let status: Int32
    /// Whether the process ended by a signal (a crash) rather than exiting.
    let signalled: Bool
    let stdout: String
    let stderr: String
  }

  /// Runs `gradus ARGS` with `NO_COLOR` (and `extra` variables), waiting at most 60 s.
  static func gradus(_ arguments: [String], environment extra: [String: String] = [:]) throws
    -> Result
  {
    let binary = try #require(Self.binary, "gradus is not built")
    return try launch(binary, arguments, environment: extra)
  }

  /// Runs `executable ARGS` (in `directory`, if given) with `NO_COLOR`, no Swift backtrace and
  /// the `extra` variables, input from /dev/null; waits for it and returns what it wrote.
  static func launch(
    _ executable: String, _ arguments: [String], environment extra: [String: String] = [:],
    in directory: String? = nil
  ) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment["SWIFT_BACKTRACE"] = "enable=no"
    environment.merge(extra) { _, new in new }
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes before waiting, so a full pipe cannot block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// Writes `bytes` to a scratch file and runs `gradus COMMAND file`.
  static func run(_ bytes: [UInt8], command: String = "run") throws -> (Result, String) {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/program.grad"
    Reliability.write(bytes, to: path)
    return (try gradus([command, path]), path)
  }

  static let skip = ConditionTrait.enabled(
    if: binary != nil, "the gradus binary is not built: run `swift build` first")

  @Test(skip, arguments: ["run", "check"])
  func invalidUTF8IsRejectedWithItsPlace(command: String) throws {
    let bytes = Array("x = 1\n# café\ny = \"".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
    let (result, path) = try Self.run(bytes, command: command)
    #expect(!result.signalled)
    #expect(result.status == 2)
    #expect(
      result.stderr
        == "error: \(path) is not UTF-8 text (invalid byte 0xC3 on line 3, at byte offset 19); save it as UTF-8\n"
    )
    #expect(result.stdout.isEmpty)
  }

  @Test(
    skip,
    arguments: [
      [0xFF], [0xFE, 0xFF, 0x00, 0x78], [0x78, 0x20, 0x3D, 0x20, 0x31, 0x80], [0xED, 0xA0, 0x80],
    ] as [[UInt8]])
  func otherInvalidBytesAreRejected(bytes: [UInt8]) throws {
    let (result, _) = try Self.run(bytes)
    #expect(!result.signalled)
    #expect(result.status == 2)
    #expect(result.stderr.contains("is not UTF-8 text (invalid byte 0x"))
  }

  /// The count of errors follows the last help line on a line of its own.
  @Test(skip) func checkPrintsItsSummaryOnItsOwnLine() throws {
    let (result, path) = try Self.run(Array("x = (1 +\ny = 2\n".utf8), command: "check")
    #expect(result.status == 1)
    #expect(result.stderr.hasSuffix("\n1 syntax error in \(path)\n"), "\(result.stderr)")
    #expect(result.stderr.contains("= help: add `)` to close it\n1 syntax error"))
  }

  @Test(skip) func missingFilesAndFoldersAreClear() throws {
    let missing = try Self.gradus(["run", "/nonexistent/lesson.grad"])
    #expect(missing.status == 2)
    #expect(missing.stderr == "error: no such file: /nonexistent/lesson.grad\n")
    let folder = try Self.gradus(["run", "/tmp"])
    #expect(folder.status == 2)
    #expect(folder.stderr == "error: /tmp is a directory; give a .grad file inside it\n")
  }

  /// Programs past the limits, through the real binary and its evaluation thread.
  @Test(
    skip,
    arguments: [
      ("fn f(n) = f(n + 1)\nf(0)\n", "error: calls nested deeper than 1000 levels"),
      (
        "x = " + String(repeating: "(", count: 100_000) + "1"
          + String(repeating: ")", count: 100_000), "error: nesting exceeds the limit of 200 levels"
      ),
      (
        "x = " + String(repeating: "-", count: 100_000) + "1",
        "error: nesting exceeds the limit of 200 levels"
      ),
      (
        String(repeating: "if true {\n", count: 100_000),
        "error: nesting exceeds the limit of 200 levels"
      ),
      (
        "x = zeros(100000, 100000)",
        "error: allocating 37.3 GiB would exceed the memory limit of 4.0 GiB"
      ),
      (
        "x = -9223372036854775807 - 1\nprint(x % -1)\nfor i in 0...9223372036854775807 { }",
        "error: the range 0...9223372036854775807 has more numbers than can be counted"
      ),
      (
        "linspace(0, 1, 1000000000000)",
        "error: allocating 3.6 TiB would exceed the memory limit of 4.0 GiB"
      ),
      ("x = 1e999", "error: number `1e999` is too large"),
      (
        "fn deep(n) {\n  if n == 0 { return 0 }\n" + String(repeating: "if true {\n", count: 190)
          + "return deep(n - 1)"
          + String(repeating: " + 0", count: 190) + "\n" + String(repeating: "}\n", count: 190)
          + "}\ndeep(100000)",
        "error: calls nested too deeply for the evaluation stack ("
      ),
    ])
  func limitsAreErrorsNotCrashes(source: String, firstLine: String) throws {
    let (result, _) = try Self.run(Array(source.utf8))
    #expect(!result.signalled, "crashed: \(result.stderr.prefix(500))")
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix(firstLine), "\(result.stderr.prefix(300))")
  }

  @Test(skip, arguments: ["", "# only a comment\n", "\n\n"])
  func emptyProgramsAreQuiet(source: String) throws {
    let (result, _) = try Self.run(Array(source.utf8))
    #expect(result.status == 0)
    #expect(result.stdout.isEmpty && result.stderr.isEmpty)
  }
}

/// What `gradus --version` reports about the process it runs in.
@Suite struct VersionCommandTests {
  /// jemalloc must serve the whole process's malloc, the Swift runtime's included: linked after
  /// the C library (or not at all) it would answer nothing, and the small-network benchmarks
  /// lose about a tenth of their speed to glibc's allocator.
  @Test(CommandLineTests.skip) func reportsBLASKernelAndJemallocAsTheAllocator() throws {
    let result = try CommandLineTests.gradus(["--version"])
    #expect(result.status == 0 && !result.signalled)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("gradus ") == true)
    #expect(lines.contains { $0.hasPrefix("BLAS: OpenBLAS") })
    #expect(lines.contains { $0.hasPrefix("allocator: jemalloc 5.") }, "\(lines)")
    // CJemallocSettings' malloc_conf took effect: freed arrays below 32 MiB stay for reuse.
    #expect(
      lines.contains { $0.hasSuffix("(oversize_threshold:33554432, dirty_decay_ms:-1)") },
      "\(lines)")
  }
}
