import GradusTensor
import Testing

@testable import GradusREPL

/// `:limits` shows the memory limit and `:limits memory SIZE` sets it for the session's cells;
/// `:help limits` explains it (the limit error sends learners there).
@Suite("`:limits` and `:help limits`")
struct LimitsCommandTests {
  @Test func showsAndSetsTheMemoryLimit() throws {
    // The REPL's cells run on this thread; restore its limit for the tests that follow on it.
    try MemoryLimit.withMaxBytes(MemoryLimit.maxBytes) {
      let (session, console) = try Support.session()
      let shown = Support.output(of: ":limits", in: session, console)
      #expect(shown.hasPrefix("memory: "), "\(shown)")
      #expect(
        shown.contains(
          " in use of 4.0 GiB, by the session's tensors, lists, strings and temporary "))
      #expect(session.submit("x = zeros(1000, 1000)") == .succeeded)
      // The use shown grows by x's 3.8 MiB.
      let set = Support.output(of: ":limits memory 1M", in: session, console)
      #expect(
        set.hasPrefix("memory: 3.8 MiB in use of 1.0 MiB")
          || set.hasPrefix("memory: 3.9 MiB in use of 1.0 MiB"), "\(set)")
      #expect(session.submit("y = zeros(1000, 1000)") == .failed)
      #expect(
        console.errors.contains("allocating 3.8 MiB would exceed the memory limit of 1.0 MiB"))
      #expect(console.errors.contains("`:limits memory 8G`"))
      _ = Support.output(of: ":limits memory 16M", in: session, console)
      #expect(session.submit("y = zeros(1000, 1000)") == .succeeded)
      // Dropping both gives their 7.6 MiB back: what is left is the prelude's, under 1 MiB.
      #expect(session.submit("x = none\ny = none") == .succeeded)
      let after = Support.output(of: ":limits", in: session, console)
      #expect(after.hasPrefix("memory: ") && !after.contains("MiB in use"), "\(after)")
    }
  }

  /// `:limits threads N` sets the count for large operations; `:limits` shows it.
  @Test func showsAndSetsTheThreads() throws {
    let (session, console) = try Support.session()
    let before = Parallelism.threadCount
    defer { Parallelism.setThreadCount(before) }
    let set = Support.output(of: ":limits threads 1", in: session, console)
    #expect(set.contains("\nthreads: 1 for large operations, of "), "\(set)")
    #expect(Parallelism.threadCount == 1)
    let all = Support.output(of: ":limits threads default", in: session, console)
    #expect(all.contains("\nthreads: \(Parallelism.coreCount) for large operations"), "\(all)")
    #expect(session.submit(":limits threads none") == .failed)
    #expect(console.errors.contains("`none` is not a thread count"))
  }

  @Test(arguments: [":limits memory", ":limits memory lots", ":limits speed 2", ":limits memory 0"])
  func badArgumentsAreErrors(input: String) throws {
    try MemoryLimit.withMaxBytes(MemoryLimit.maxBytes) {
      let (session, _) = try Support.session()
      let before = MemoryLimit.maxBytes
      #expect(session.submit(input) == .failed)
      #expect(MemoryLimit.maxBytes == before)
    }
  }

  @Test func helpExplainsTheLimitAndHowToRaiseIt() throws {
    let (session, console) = try Support.session()
    let page = Support.output(of: ":help limits", in: session, console)
    #expect(page.hasPrefix(":limits   :limits memory SIZE   :limits threads N    (limits)"))
    #expect(page.contains("`gradus --threads N`"))
    #expect(page.contains("GRADUS_THREADS=N"))
    #expect(page.contains("`:limits memory 8G`"))
    #expect(page.contains("`gradus --memory-limit 8G`"))
    #expect(page.contains("GRADUS_MEMORY_LIMIT=8G"))
  }
}
