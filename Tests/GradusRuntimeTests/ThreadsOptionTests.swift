import Foundation
import Testing

/// `--threads N|default` anywhere on the command line and `GRADUS_THREADS` set the threads of
/// large operations; `gradus --version` says how many; the option wins over the variable; a
/// count that cannot be read is an error. The same program prints the same at any count.
@Suite("`--threads` and GRADUS_THREADS")
struct ThreadsOptionTests {
  static let cores = ProcessInfo.processInfo.activeProcessorCount

  @Test(
    CommandLineTests.skip,
    arguments: [
      (["--version"], [:], "threads: \(cores) for large operations"),
      (["--threads", "1", "--version"], [:], "threads: 1 for large operations"),
      (["--version", "--threads=3"], [:], "threads: 3 for large operations"),
      (["--version"], ["GRADUS_THREADS": "2"], "threads: 2 for large operations"),
      (
        ["--threads", "default", "--version"], ["GRADUS_THREADS": "1"],
        "threads: \(cores) for large operations"
      ),
    ] as [([String], [String: String], String)])
  func theFlagAndTheVariableSetTheCount(
    arguments: [String], environment: [String: String], line: String
  ) throws {
    let result = try CommandLineTests.gradus(arguments, environment: environment)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains(line), "\(result.stdout)")
  }

  @Test(
    CommandLineTests.skip,
    arguments: [
      (["--threads", "lots", "--version"], [:], "--threads lots is not a thread count"),
      (["--threads", "0", "--version"], [:], "--threads 0 is not a thread count"),
      (["--version"], ["GRADUS_THREADS": "none"], "GRADUS_THREADS=none is not a thread count"),
    ] as [([String], [String: String], String)])
  func aBadCountIsAnError(arguments: [String], environment: [String: String], message: String)
    throws
  {
    let result = try CommandLineTests.gradus(arguments, environment: environment)
    #expect(result.status != 0)
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }

  /// A program with large products, maps and sums prints the same at 1 and 2 threads.
  @Test(CommandLineTests.skip)
  func aProgramPrintsTheSameAtOneAndTwoThreads() throws {
    let program = """
      x = randn(600, 700)
      w = randn(700, 600)
      y = tanh(x @ w / 30)
      print(sum(y), mean(y * y), max(y), sum(y, axis: 0)[0:3])
      """
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/program.grad"
    Reliability.write(Array(program.utf8), to: path)
    let one = try CommandLineTests.gradus(["run", path, "--threads", "1"])
    let two = try CommandLineTests.gradus(["--threads=2", "run", path])
    #expect(one.status == 0 && two.status == 0, "\(one.stderr)\(two.stderr)")
    #expect(!one.stdout.isEmpty)
    #expect(one.stdout == two.stdout)
  }
}
