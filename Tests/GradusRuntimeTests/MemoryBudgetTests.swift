import Foundation
import GradusLanguage
import GradusTensor
import Testing

@testable import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// The session's memory limit (`MemoryLimit`): everything that grows with what a learner types
/// is checked before it is allocated, and the error says how to raise the limit; the command
/// line flag and the environment variable set it.
@Suite("Memory limit: checked before allocating, and settable")
struct MemoryBudgetTests {
  static let limit = 64 << 20

  /// Each grows past 64 MiB in one step (a tensor, a list, a string, a Swift array), or would
  /// have built a temporary array larger than its result.
  static let growth = [
    "l = list(0..<1000000000)",
    "x = arange(0, 1e9)",
    "p = randperm(1e9)",
    "p = randperm(20000000)",
    "(x, y) = two_moons(1e9)",
    "(x, y) = spirals(1e9)",
    "(x, y) = linear_data(1e9, [1.0], 0.0)",
    "(images, labels) = shape_images(1000000000)",
    "s = \"ab\"\nfor i in 0..<100 { s = s + s }",
    "l = [\"a\"]\nfor i in 0..<100 { l = l + l }",
    "x = linspace(0, 1, 1000000000)",
    "x = pad(\"a\", 1000000000)",
    "x = zeros(100000, 100000)",
    "x = ones(9223372036854775807, 0)",
  ]

  /// Peak resident memory of this process, in bytes.
  static func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
  }

  @Test(arguments: growth)
  func growthStopsAtTheLimitBeforeAllocating(source: String) {
    let before = Self.peakResidentBytes()
    let clock = ContinuousClock()
    var run: HarnessRun?
    let elapsed = clock.measure {
      run = RuntimeHarness.run(source) { _ in MemoryLimit.maxBytes = Self.limit }
    }
    let diagnostic = run?.diagnostic
    #expect(diagnostic?.id == .tensorLimit, "\(run?.rendered ?? "")")
    #expect(diagnostic?.help?.contains("`:limits memory 8G`") == true)
    #expect(diagnostic?.help?.contains("`gradus --memory-limit 8G`") == true)
    #expect(diagnostic?.help?.contains("GRADUS_MEMORY_LIMIT=8G") == true)
    // Nothing near the requested size was touched (other tests run alongside, hence the margin).
    #expect(Self.peakResidentBytes() - before < 1 << 30)
    #expect(elapsed < .seconds(20), "took \(elapsed)")
  }

  /// Below the limit the same operations work.
  @Test(arguments: [
    ("len(list(0..<1000))", "1000"), ("arange(0, 1e5).shape", "[100000]"),
    ("randperm(1000).shape", "[1000]"),
    ("s = \"ab\"\nfor i in 0..<10 { s = s + s }\nlen(s)", "2048"),
  ])
  func belowTheLimitItWorks(source: String, expected: String) {
    let run = RuntimeHarness.run(source) { _ in MemoryLimit.maxBytes = Self.limit }
    #expect(run.outcome.succeeded, "\(run.rendered)")
    #expect(run.trimmedOutput == expected)
  }

  /// Models nested without end stop at the call depth, not the end of memory or the stack.
  @Test func endlesslyNestedModelsStop() {
    let run = RuntimeHarness.run("model M(n) {\n  inner = M(n + 1)\n}\nm = M(0)")
    #expect(run.diagnostic?.id == .recursionLimit, "\(run.rendered)")
  }

  @Test(arguments: [
    ("4G", 4 << 30), ("4g", 4 << 30), ("2GiB", 2 << 30), ("512M", 512 << 20), ("64k", 64 << 10),
    ("1.5G", 3 << 29), ("1000", 1000), ("1T", 1 << 40), (" 8 G ", 8 << 30),
  ])
  func sizesAreRead(text: String, bytes: Int) {
    #expect(MemoryLimit.parse(text) == bytes)
  }

  @Test(arguments: ["", "G", "-1G", "abc", "1e3", "2X", "1..5G", "99999999999T", "nan"])
  func nonsenseIsNotASize(text: String) {
    #expect(MemoryLimit.parse(text) == nil)
  }

  // MARK: - Setting it from outside

  static let program = "x = zeros(1000, 1000)\nprint(x.shape)\n"

  /// `--memory-limit` anywhere before the file, in both spellings; the variable when no flag.
  @Test(
    CommandLineTests.skip,
    arguments: [
      (["--memory-limit", "1M", "run"], [:], false),
      (["run", "--memory-limit=1M"], [:], false),
      (["--memory-limit", "8M", "run"], [:], true),
      (["run"], ["GRADUS_MEMORY_LIMIT": "1M"], false),
      (["run"], ["GRADUS_MEMORY_LIMIT": "8M"], true),
      (["--memory-limit", "8M", "run"], ["GRADUS_MEMORY_LIMIT": "1M"], true),
    ] as [([String], [String: String], Bool)])
  func theFlagAndTheVariableSetTheLimit(
    arguments: [String], environment: [String: String], fits: Bool
  ) throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/program.grad"
    Reliability.write(Array(Self.program.utf8), to: path)
    let result = try CommandLineTests.gradus(arguments + [path], environment: environment)
    #expect(!result.signalled)
    if fits {
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stdout == "[1000, 1000]\n")
    } else {
      #expect(result.status == 1)
      #expect(
        result.stderr.hasPrefix(
          "error: allocating 3.8 MiB would exceed the memory limit of 1.0 MiB"), "\(result.stderr)")
      #expect(result.stderr.contains("--memory-limit 8G"))
    }
  }

  @Test(
    CommandLineTests.skip,
    arguments: [
      (["--memory-limit", "lots", "run"], [:], "--memory-limit lots is not a memory size"),
      (["run"], ["GRADUS_MEMORY_LIMIT": "0"], "GRADUS_MEMORY_LIMIT=0 is not a memory size"),
    ] as [([String], [String: String], String)])
  func aBadSizeIsAnError(arguments: [String], environment: [String: String], message: String)
    throws
  {
    let result = try CommandLineTests.gradus(
      arguments + ["/nonexistent.grad"], environment: environment)
    #expect(!result.signalled)
    #expect(result.status != 0)
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }
}
