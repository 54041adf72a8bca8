import GradusLanguage
import GradusTensor
import Testing

@testable import GradusRuntime

/// One memory budget for a session: tensors, lists, strings, file reads and temporary arrays
/// take their bytes from it before they are allocated and give them back when freed. Many values that each fit cannot
/// together pass the limit; the error keeps the session; reassigning a name gives the memory
/// back, so a long training loop never reaches the limit.
@Suite("Memory budget: one running total per session")
struct SessionBudgetTests {
  /// What a session of cells did.
  struct Session {
    var outcomes: [Pipeline.Outcome] = []
    /// The budget's use after each cell.
    var used: [Int] = []
    /// Everything printed and shown, per cell.
    var outputs: [String] = []
    /// The budget's use once the interpreter and all its values are gone.
    var usedAfterwards = -1
  }

  /// Runs `cells` one after another in one interpreter, on a thread of its own whose budget
  /// has `limit` bytes, as the REPL runs its cells.
  static func session(_ cells: [String], limit: Int) -> Session {
    var session = Session()
    LargeStack.run {
      let budget = MemoryLimit.budget
      budget.limit = limit
      do {
        let sink = HarnessSink()
        guard let interpreter = try? Interpreter(output: sink) else {
          Issue.record("the prelude does not fit in \(limit) bytes")
          return
        }
        for (number, cell) in cells.enumerated() {
          let before = sink.text.endIndex
          let source = SourceFile(name: "cell\(number + 1).grad", text: cell)
          session.outcomes.append(Pipeline.run(source, in: interpreter))
          session.used.append(budget.used)
          session.outputs.append(String(sink.text[before...]))
        }
      }
      session.usedAfterwards = budget.used
    }
    return session
  }

  static func diagnostic(_ outcome: Pipeline.Outcome) -> Diagnostic? {
    if case .runtimeError(let failure) = outcome { return failure.diagnostic }
    return nil
  }

  static let limit = 64 << 20

  @Test func manyTensorsThatEachFitCannotTogetherPassTheLimit() throws {
    let session = Self.session(
      [
        "keep = ones(10)",
        "xs = []\nfor i in 0..<100 { append(xs, zeros(1000, 1000)) }",
        "len(xs)",
        "keep.shape",
        "xs = none",
        "y = zeros(1000, 1000)\ny.shape",
      ], limit: Self.limit)
    try #require(session.outcomes.count == 6)
    let failure = try #require(Self.diagnostic(session.outcomes[1]))
    #expect(failure.id == .tensorLimit)
    #expect(
      failure.message.hasPrefix("allocating 3.8 MiB would exceed the memory limit of 64.0 MiB: "))
    #expect(
      failure.message.hasSuffix(
        " is in use by the session's tensors, lists, strings and temporary arrays"))
    #expect(failure.help?.hasPrefix("assign `none` to names") == true, "\(failure.help ?? "")")
    #expect(failure.help?.contains("`:limits memory 8G`") == true)
    #expect(failure.help?.contains("`gradus --memory-limit 8G`") == true)
    #expect(failure.help?.contains("GRADUS_MEMORY_LIMIT=8G") == true)
    // The session goes on with every name: the tensors made before the limit are kept.
    #expect(session.outcomes[2].succeeded && session.outcomes[3].succeeded)
    let kept = try #require(Int(session.outputs[2].trimmed))
    #expect((14...16).contains(kept), "\(kept) tensors of 3.8 MiB in 64 MiB")
    #expect(session.outputs[3].trimmed == "[10]")
    // Dropping the list gives all of it back.
    #expect(session.used[4] < session.used[1] - 50 << 20)
    #expect(session.outcomes[5].succeeded, "\(session.outputs)")
    #expect(session.usedAfterwards == 0, "every byte comes back when the session ends")
  }

  /// A training loop makes new tensors at every step and drops the old ones: far more than
  /// the limit in all, never more than a few steps' worth at once.
  @Test func aLongTrainingLoopNeverReachesTheLimit() throws {
    let training = """
      model Net() {
        fc1 = Linear(100, 200)
        fc2 = Linear(200, 1)
        forward(x) = fc2(relu(fc1(x)))
      }
      net = Net()
      opt = Adam(net, lr: 0.001)
      for step in 0..<1000 {
        x = randn(64, 100, seed: step)
        y = sum(x, axis: 1, keep: true)
        opt.zero_grad()
        loss = mse(net(x), y)
        backward(loss)
        opt.step()
      }
      """
    // Each step allocates about 0.5 MiB; 1000 steps, 500 MiB, run in a budget of 8 MiB.
    let session = Self.session(
      [training, "for i in 0..<200 { big = zeros(500, 1000) }"], limit: 8 << 20)
    let failures = session.outcomes.filter { !$0.succeeded }
    #expect(failures.isEmpty, "\(failures)")
    #expect(session.usedAfterwards == 0)
  }

  /// Lists take their items' bytes from the same budget, and give them back when dropped.
  @Test func listsCountAgainstTheSameBudget() throws {
    let items = Self.limit / 10 * 4 / MemoryLayout<Value>.stride
    let session = Self.session(
      [
        "a = list(0..<\(items))", "b = list(0..<\(items))", "c = list(0..<\(items))",
        "a = none", "c = list(0..<\(items))", "len(b) + len(c)",
      ], limit: Self.limit)
    #expect(session.outcomes[0].succeeded && session.outcomes[1].succeeded)
    #expect(Self.diagnostic(session.outcomes[2])?.id == .tensorLimit)
    #expect(session.outcomes[4].succeeded && session.outcomes[5].succeeded)
    #expect(session.outputs[5].trimmed == "\(2 * items)")
    #expect(session.usedAfterwards == 0)
  }

  /// A slice of a list is a new list: copies of a large list kept in another stop at the limit.
  @Test func listSlicesCountAgainstTheSameBudget() throws {
    let items = Self.limit / 10 * 4 / MemoryLayout<Value>.stride
    let session = Self.session(
      [
        "a = list(0..<\(items))", "copies = []\nfor i in 0..<10 { append(copies, a[:]) }",
        "len(copies)",
      ],
      limit: Self.limit)
    #expect(session.outcomes[0].succeeded)
    #expect(Self.diagnostic(session.outcomes[1])?.id == .tensorLimit, "\(session.outputs)")
    #expect(session.outputs[2].trimmed == "1")
    #expect(session.usedAfterwards == 0)
  }

  /// `gradcheck` copies its input four times as Doubles (32 bytes an element) before its
  /// n evaluations: copies that do not fit are the limit error before anything is copied,
  /// not minutes of work followed by an out-of-memory kill.
  @Test(.timeLimit(.minutes(1))) func gradcheckTakesItsCopiesFromTheBudget() throws {
    let session = Self.session(
      ["fn f(x) = sum(x * x)\ngradcheck(f, zeros(3000000))", "1 + 1"], limit: 128 << 20)
    let failure = try #require(Self.diagnostic(session.outcomes[0]))
    #expect(failure.id == .tensorLimit)
    #expect(failure.message.hasPrefix("allocating 91.6 MiB would exceed"), "\(failure.message)")
    #expect(session.outcomes[1].succeeded)
  }
}

extension String {
  /// Without the newline a shown value ends with.
  fileprivate var trimmed: String {
    var text = self
    while text.last?.isWhitespace == true { text.removeLast() }
    return text
  }
}
