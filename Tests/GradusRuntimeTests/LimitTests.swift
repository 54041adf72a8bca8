import GradusLanguage
import GradusTensor
import Synchronization
import Testing

@testable import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// Depth limits instead of stack overflows, and limits instead of crashes (QUALITY.md §1, §2,
/// §5): each limit is tested one below, at and one past it, and far past it (10⁵).
@Suite("Limits: nesting, recursion, allocation, overflow")
struct LimitTests {
  static let depth = Parser.defaultMaxDepth

  /// Programs nested `n` levels deep that evaluate to a known value at the limit.
  struct Nesting: CustomTestStringConvertible, Sendable {
    let label: String
    let build: @Sendable (Int) -> String
    /// The value of `x` when it runs (nil: a clear runtime error is expected instead).
    let value: @Sendable (Int) -> String?
    var testDescription: String { label }
  }

  static let nestings: [Nesting] = [
    Nesting(
      label: "parentheses",
      build: {
        "x = " + String(repeating: "(", count: $0) + "1" + String(repeating: ")", count: $0)
      },
      value: { _ in "1" }),
    Nesting(
      label: "index brackets",
      build: {
        "l = [0]\nx = " + String(repeating: "l[", count: $0) + "0"
          + String(repeating: "]", count: $0)
      },
      value: { _ in "0.0000" }),
    Nesting(
      label: "tensor brackets",
      build: {
        "x = " + String(repeating: "[", count: $0) + "1" + String(repeating: "]", count: $0)
      },
      value: { _ in nil }),
    Nesting(
      label: "blocks",
      build: {
        String(repeating: "if true {\n", count: $0) + "x = 1\n"
          + String(repeating: "}\n", count: $0)
      },
      value: { _ in "1" }),
    Nesting(
      label: "unary minus",
      build: { "x = " + String(repeating: "-", count: $0) + "1" },
      value: { $0 % 2 == 0 ? "1" : "-1" }),
    Nesting(
      label: "not", build: { "x = " + String(repeating: "not ", count: $0) + "true" },
      value: { $0 % 2 == 0 ? "true" : "false" }),
    Nesting(
      label: "calls",
      build: {
        "x = " + String(repeating: "abs(", count: $0) + "1" + String(repeating: ")", count: $0)
      },
      value: { _ in "1.0000" }),
    Nesting(
      label: "additions", build: { "x = 1" + String(repeating: " + 1", count: $0) },
      value: { "\($0 + 1)" }),
  ]

  /// At limit−1 and at the limit the program runs (on the evaluator's stack) and gives its
  /// value; one past it is one syntax error naming the limit.
  @Test(arguments: nestings)
  func nestingAroundTheLimit(_ nesting: Nesting) {
    for n in [Self.depth - 1, Self.depth] {
      let run = RuntimeHarness.run(nesting.build(n))
      if let expected = nesting.value(n) {
        #expect(run.outcome.succeeded, "\(nesting.label) at \(n): \(run.rendered)")
        #expect(run.shown("x") == expected, "\(nesting.label) at \(n)")
      } else {
        #expect(run.syntaxDiagnostics.isEmpty, "\(nesting.label) at \(n) should parse")
        #expect(run.diagnostic != nil, "\(nesting.label) at \(n) should be a clear runtime error")
      }
    }
    for n in [Self.depth + 1, 100_000] {
      let run = RuntimeHarness.run(nesting.build(n))
      #expect(run.syntaxDiagnostics.map(\.id) == [.nestingTooDeep], "\(nesting.label) at \(n)")
      #expect(run.diagnostic?.message == "nesting exceeds the limit of 200 levels")
    }
  }

  /// An index is evaluated once, for its effects and for time: nested indexes once took time
  /// exponential in their depth (each level evaluated its index twice).
  @Test(arguments: [
    "x = ones(3)\nx[f()]", "x = ones(3, 2)\nx[f()]", "analyze {\n  x = zeros(3)\n  y = x[f()]\n}",
  ])
  func anIndexIsEvaluatedOnce(source: String) {
    let run = RuntimeHarness.run("fn f() {\n  print(\"once\")\n  return 0\n}\n" + source)
    #expect(run.outcome.succeeded, "\(run.rendered)")
    #expect(run.output.hasPrefix("once\n") && !run.output.contains("once\nonce"), "\(run.output)")
  }

  /// A list cannot come to contain itself (printing or walking it would never end: it used to
  /// overflow the stack); copies and other lists are fine.
  @Test(arguments: [
    ("l = []\nappend(l, l)", "l"),
    ("l = [\"a\"]\nl[0] = l", "l[0]"),
    ("l = []\nl += [l]", "[l]"),
    ("l = []\nm = [[l]]\nappend(l, m)", "m"),
  ])
  func aListCannotContainItself(source: String, spanText: String) {
    let run = RuntimeHarness.run(source + "\nprint(\"never\")")
    #expect(run.diagnostic?.id == "invalid-value")
    #expect(run.diagnostic?.message == "a list cannot contain itself")
    #expect(run.diagnostic.map { run.text(of: $0.span) } == spanText)
    #expect(!run.output.contains("never"))
  }

  @Test func listsMayHoldCopiesAndOtherLists() {
    let output = RuntimeHarness.output(
      "l = [\"a\"]\nappend(l, l[:])\nm = [l, l]\nappend(l, 2)\nl += [m[0][1]]\nprint(len(l), len(m))"
    )
    #expect(output == "4 2")
  }

  /// 200 nested tensor brackets parse, and the evaluator says what is wrong with them.
  @Test func deepTensorLiteralIsAClearError() {
    let run = RuntimeHarness.run(
      "x = " + String(repeating: "[", count: 200) + "1" + String(repeating: "]", count: 200))
    #expect(run.diagnostic?.message.contains("8") == true, "\(run.rendered)")
  }

  static let countdown = """
    fn down(n) {
      if n == 0 { return 0 }
      return 1 + down(n - 1)
    }
    """

  /// `down(k)` nests k + 1 calls: 999 and 1000 run, 1001 and 100001 stop at the limit.
  @Test(arguments: [(998, true), (999, true), (1000, false), (100_000, false)])
  func recursionAroundTheLimit(argument: Int, fits: Bool) {
    #expect(Interpreter.defaultMaxCallDepthForTests == 1000)
    let run = RuntimeHarness.run(Self.countdown + "\nx = down(\(argument))")
    if fits {
      #expect(run.outcome.succeeded, "\(run.rendered)")
      #expect(run.shown("x") == "\(argument)")
    } else {
      #expect(run.diagnostic?.id == .recursionLimit)
      #expect(run.diagnostic?.message == "calls nested deeper than 1000 levels")
      #expect(
        run.diagnostic?.help
          == "a function that calls itself needs a case that stops; loops (`for`, `while`) don't nest"
      )
      #expect(run.shown("x") == nil)
    }
  }

  /// Models that build themselves without end stop at the same limit.
  @Test func recursiveModelsStopAtTheLimit() {
    let run = RuntimeHarness.run("model Deep(n) {\n  inner = Deep(n + 1)\n}\nd = Deep(0)")
    #expect(run.diagnostic?.id == .recursionLimit)
    #expect(run.diagnostic?.message.hasSuffix("nested deeper than 1000 levels") == true)
  }

  /// After hitting a limit the session is intact: the next cell runs, names are kept and the
  /// call depth is back to zero.
  @Test func aLimitLeavesTheSessionUsable() {
    let (first, second, depth) = Reliability.withSession { session in
      let first = session.run("a = 5\n" + Self.countdown + "\ndown(5000)")
      let second = session.run("b = down(900) + a")
      return (first?.id, second, session.interpreter.callDepth)
    }
    #expect(first == .recursionLimit)
    #expect(second == nil)
    #expect(depth == 0)
  }

  // MARK: - The stack

  /// The lowest stack address seen by `stack_probe()`, an internal builtin for this test (the real
  /// stack's, `LargeStack.here()`: a local's address can be a heap "fake stack" under ASan).
  final class Probe: Sendable {
    let lowest = Atomic<Int>(Int.max)

    var builtin: Builtin {
      Builtin("stack_probe", "stack_probe()", "the address of a local, for stack measurements") {
        [self] _ in
        _ = self.lowest.min(Int(bitPattern: LargeStack.here()), ordering: .relaxed)
        return .int(0)
      }
    }
  }

  /// Per call level bodies: a plain recursive call, the call inside 20 levels of each kind of
  /// nesting (ordinary code), and inside 190 (as deep as the parser allows).
  static func bodies(_ n: Int) -> [(String, String)] {
    [
      ("unary minus ×\(n)", "return " + String(repeating: "-", count: n) + "deep(n - 1)"),
      ("additions ×\(n)", "return deep(n - 1)" + String(repeating: " + 0", count: n)),
      (
        "calls ×\(n)",
        "return " + String(repeating: "abs(", count: n) + "deep(n - 1)"
          + String(repeating: ")", count: n)
      ),
      (
        "indexes ×\(n)",
        "return " + String(repeating: "l[", count: n) + "deep(n - 1)"
          + String(repeating: "]", count: n)
      ),
      (
        "blocks ×\(n)",
        String(repeating: "if true {\n", count: n) + "return deep(n - 1)\n"
          + String(repeating: "}\n", count: n)
      ),
      (
        "blocks ×\(n) + additions ×\(n)",
        String(repeating: "if true {\n", count: n) + "return deep(n - 1)"
          + String(repeating: " + 0", count: n)
          + "\n" + String(repeating: "}\n", count: n)
      ),
    ]
  }

  static let ordinaryBodies = [("plain", "return deep(n - 1)")] + bodies(20)
  static let heaviestBodies = bodies(190)

  static func program(body: String) -> String {
    "l = [0]\nfn deep(n) {\n  if n == 0 { return stack_probe() }\n" + body + "\n}\n"
  }

  /// Runs `deep(levels)` with `body` on a thread with `stack` bytes of stack (the evaluator's by
  /// default); returns the stack bytes used (from the thread's first frame to the deepest probe)
  /// and the error, if any.
  static func measure(body: String, levels: Int, stack: Int = LargeStack.size) -> (
    bytes: Int, error: Diagnostic?
  ) {
    let probe = Probe()
    var top = 0
    var error: Diagnostic?
    runOnThread(stackSize: stack) {
      top = Int(bitPattern: LargeStack.here())
      guard let interpreter = try? Interpreter(output: HarnessSink()) else { return }
      interpreter.define("stack_probe", .builtin(probe.builtin))
      let source = SourceFile(name: "stack.grad", text: program(body: body) + "deep(\(levels))")
      switch Pipeline.run(source, in: interpreter) {
      case .success: break
      case .runtimeError(let failure): error = failure.diagnostic
      case .syntaxErrors(let diagnostics, _): error = diagnostics.first
      case .interrupted: break
      case .internalError(let description):
        error = Diagnostic.error(
          "internal", "internal error: \(description)", at: Span(start: 0, end: 0))
      }
    }
    let lowest = probe.lowest.load(ordering: .relaxed)
    return (lowest == Int.max ? 0 : top - lowest, error)
  }

  /// `LargeStack.run`, with a chosen stack size.
  static func runOnThread(stackSize: Int, _ body: @escaping () -> Void) {
    final class Job {
      let body: () -> Void
      init(_ body: @escaping () -> Void) { self.body = body }
    }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackSize)
    let job = Unmanaged.passRetained(Job(body)).toOpaque()
    var thread = pthread_t()
    let status = pthread_create(
      &thread, &attributes,
      { raw in
        Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().body()
        return nil
      }, job)
    if status == 0 { pthread_join(thread, nil) }
  }

  /// Stack bytes per call level for a body, from 2 and 42 levels.
  static func perLevel(_ body: String) -> (bytes: Int, error: Diagnostic?) {
    let shallow = measure(body: body, levels: 2)
    let deep = measure(body: body, levels: 42)
    return ((deep.bytes - shallow.bytes) / 40, shallow.error ?? deep.error)
  }

  /// The evaluator runs on a thread with a known large stack, and the call limit fits in it:
  /// for ordinary code (plain recursion, or the call inside 20 levels of any nesting) the
  /// stack measured per call level × `maxCallDepth` is under half of `LargeStack.size`, and
  /// such a program runs to the call limit. (Measured in a debug build, whose frames are larger
  /// than release's.)
  @Test func theCallLimitFitsInTheStack() throws {
    let limit = Interpreter.defaultMaxCallDepthForTests
    var worst = (name: "", bytes: 0)
    for (name, body) in Self.ordinaryBodies {
      let (bytes, error) = Self.perLevel(body)
      #expect(error == nil, "\(name): \(error?.message ?? "")")
      #expect(bytes > 0, "\(name)")
      if bytes > worst.bytes { worst = (name, bytes) }
    }
    #expect(
      worst.bytes * limit < LargeStack.size / 2,
      "\(worst.name): \(worst.bytes) bytes per level × \(limit) levels, stack \(LargeStack.size)")
    let body = try #require(Self.ordinaryBodies.first { $0.0 == worst.name }?.1)
    let full = Self.measure(body: body, levels: limit - 1)
    #expect(full.error == nil, "\(full.error?.message ?? "")")
    #expect(full.bytes > 0 && full.bytes < LargeStack.size / 2, "used \(full.bytes) bytes")
    let past = Self.measure(body: body, levels: limit)
    #expect(past.error?.message == "calls nested deeper than 1000 levels")
  }

  /// The deepest nesting the parser allows in every level (190 levels in each of 1000 calls)
  /// needs more stack than any thread has: the evaluator checks the stack at each call and
  /// stops with an error while a quarter of it is still free — more than one level needs —
  /// never a stack overflow.
  @Test func theStackItselfIsChecked() {
    let reserve = LargeStack.size / 4
    for (name, body) in Self.heaviestBodies {
      let (bytes, error) = Self.perLevel(body)
      #expect(error == nil, "\(name): \(error?.message ?? "")")
      #expect(bytes * 4 < reserve, "\(name): \(bytes) bytes per level")
      let full = Self.measure(body: body, levels: 999)
      #expect(full.bytes < LargeStack.size - reserve / 2, "\(name): used \(full.bytes) bytes")
      // Where 999 levels cannot fit, the check must have stopped it.
      if bytes * 999 > LargeStack.size { #expect(full.error != nil, "\(name)") }
      if let error = full.error {
        #expect(error.id == .recursionLimit, "\(name): \(error.message)")
        #expect(error.message.hasPrefix("calls nested too deeply for the evaluation stack ("))
      }
    }
  }

  /// On a thread with a small stack the same check stops ordinary recursion before the limit.
  @Test func aSmallStackIsCheckedToo() {
    let full = Self.measure(body: Self.bodies(20)[2].1, levels: 999, stack: 4 << 20)
    #expect(full.error?.id == .recursionLimit)
    #expect(
      full.error?.message.hasPrefix("calls nested too deeply for the evaluation stack (") == true)
    #expect(full.bytes < 4 << 20)
  }

  /// `LargeStack.here()` is an address on the thread's real stack, between the floor and the
  /// thread's first frame, and lower in a deeper frame (under AddressSanitizer a local's address
  /// is a heap "fake stack" frame instead, and the stack check then stopped every call at once).
  @Test func hereIsOnTheRealStack() {
    @inline(never) func deeper(_ levels: Int) -> UInt {
      levels == 0 ? LargeStack.here() : Swift.min(deeper(levels - 1), LargeStack.here())
    }
    var addresses: (floor: UInt, top: UInt, deep: UInt) = (0, 0, 0)
    LargeStack.run { addresses = (LargeStack.floor(), LargeStack.here(), deeper(100)) }
    #expect(addresses.floor > 0)
    #expect(addresses.floor < addresses.deep)
    #expect(addresses.deep < addresses.top)
    #expect(addresses.top - addresses.floor < UInt(LargeStack.size))
  }

  // MARK: - Memory

  /// Models and sessions are freed when nothing refers to them: a model's methods hold its
  /// scope, and functions hold the scope they were defined in, cycles that used to keep every
  /// model (with its parameters) and every session alive (the fuzzer ran out of memory).
  @Test func modelsAndSessionsAreFreed() {
    final class Weak {
      weak var instance: ModelInstance?
      weak var interpreter: Interpreter?
    }
    let first = Weak()
    let session = Weak()
    var stillThere: Bool?
    LargeStack.run {
      guard let interpreter = try? Interpreter(output: HarnessSink()) else { return }
      session.interpreter = interpreter
      _ = Pipeline.run(
        SourceFile(name: "m.grad", text: "m = Linear(3, 2)\ny = m(ones(1, 3))"), in: interpreter)
      if case .object(let instance)? = interpreter.value(of: "m") { first.instance = instance }
      stillThere = first.instance != nil
      _ = Pipeline.run(SourceFile(name: "m.grad", text: "m = Linear(3, 2)"), in: interpreter)
    }
    #expect(stillThere == true)
    #expect(first.instance == nil, "a replaced model is still alive")
    #expect(session.interpreter == nil, "a finished session is still alive")
  }

  /// A function defined inside a method still sees the model's fields while the model lives.
  @Test func methodsSeeTheirModel() {
    let output = RuntimeHarness.output(
      "model M() {\n  k = 3\n  get() {\n    fn inner() = k\n    return inner()\n  }\n}\nm = M()\nm.get()"
    )
    #expect(output == "3")
  }

  // MARK: - Allocation

  /// The limit in bytes: what fits beside the session's values is allowed (each `a` is freed
  /// when the next replaces it), one element more than the whole limit is not.
  @Test func allocationAroundTheLimit() {
    let limit = 1 << 20
    let run = RuntimeHarness.run(
      "a = zeros(\(limit / 16))\na = zeros(\(limit / 16))\na = none\nb = zeros(\(limit / 8))\n"
        + "c = zeros(\(limit / 4 + 1))"
    ) { _ in MemoryLimit.maxBytes = limit }
    #expect(run.shown("b") != nil)
    #expect(run.shown("c") == nil)
    #expect(run.diagnostic?.id == .tensorLimit)
    #expect(
      run.diagnostic?.message
        == "allocating 1.0 MiB would exceed the memory limit of 1.0 MiB")
  }

  struct Case: CustomTestStringConvertible, Sendable {
    let source: String
    let id: DiagnosticID
    let message: String
    var testDescription: String { source }
  }

  /// Sizes, integers and literals past what can be represented: each a clear error.
  static let overflows: [Case] = [
    Case(
      source: "zeros(4294967296, 4294967296)", id: .tensorLimit,
      message: "the shape [4294967296, 4294967296] has more elements than can be counted"),
    Case(
      source: "ones(4611686018427387904)", id: .tensorLimit,
      message: "allocating 8192.0 PiB would exceed the memory limit of 4.0 GiB"),
    Case(
      source: "reshape(ones(1), 4294967296, 4294967296)", id: .tensorLimit,
      message: "the shape [4294967296, 4294967296] has more elements than can be counted"),
    Case(
      source: "randn(4294967296, 4294967296)", id: .tensorLimit,
      message: "the shape [4294967296, 4294967296] has more elements than can be counted"),
    Case(
      source: "arange(0, 1e300, 1e-300)", id: .tensorLimit,
      message: "the shape [9223372036854775807] has more elements than can be counted"),
    Case(
      source: "linspace(0, 1, 9223372036854775807)", id: .tensorLimit,
      message: "allocating 8192.0 PiB would exceed the memory limit of 4.0 GiB"),
    Case(
      source: "linspace(0, 1, 2000000000)", id: .tensorLimit,
      message: "allocating 7.5 GiB would exceed the memory limit of 4.0 GiB"),
    Case(
      source: "x = 9223372036854775807 + 1", id: "invalid-value", message: "integer overflow in `+`"
    ),
    Case(
      source: "x = -9223372036854775807 - 2", id: "invalid-value",
      message: "integer overflow in `-`"),
    Case(
      source: "x = 3037000500 * 3037000500", id: "invalid-value", message: "integer overflow in `*`"
    ),
    Case(
      source: "x = -9223372036854775807 - 1\ny = -x", id: "invalid-value",
      message: "integer overflow in `-`"),
    Case(
      source: "for i in 0...9223372036854775807 { break }", id: "invalid-value",
      message: "the range 0...9223372036854775807 has more numbers than can be counted"),
    Case(
      source: "r = (-9223372036854775807 - 1)..<9223372036854775807", id: "invalid-value",
      message:
        "the range -9223372036854775808..<9223372036854775807 has more numbers than can be counted"),
    Case(source: "x = 1e999", id: "invalid-number", message: "number `1e999` is too large"),
    Case(source: "x = -1e999", id: "invalid-number", message: "number `1e999` is too large"),
    Case(
      source: "x = 1" + String(repeating: "0", count: 400), id: "invalid-number",
      message: "number `1" + String(repeating: "0", count: 400) + "` is too large"),
  ]

  @Test(arguments: overflows)
  func overflowIsAClearError(_ overflow: Case) {
    let run = RuntimeHarness.run(overflow.source)
    #expect(run.diagnostic?.id == overflow.id, "\(run.rendered)")
    #expect(run.diagnostic?.message == overflow.message)
  }

  /// Results that do fit are computed exactly, right at the edge.
  @Test(arguments: [
    ("x = -9223372036854775807 - 1\nx % -1", "0"),
    ("x = -9223372036854775807 - 1\nx % 3", "1"),
    ("9223372036854775807 % -2", "-1"),
    ("r = 0..<9223372036854775807\nlen(r)", "9223372036854775807"),
    ("r = (-9223372036854775807 - 1)...(-9223372036854775807 - 1)\nlen(r)", "1"),
    ("r = 5...1\nlen(r)", "0"),
    (
      "for i in (9223372036854775807 - 1)...9223372036854775806 { print(i) }", "9223372036854775806"
    ),
    ("x = 9223372036854775807 - 1 + 1\nx", "9223372036854775807"),
    ("2 ^ 62", "4611686018427387904"),
    ("2 ^ 63", "9.2234e+18"),
    ("123456789012345678901234567890", "1.2346e+29"),
    ("1e-999", "0.0000"),
    ("x = ones(3)\nx[0:9223372036854775807]", "tensor([1.0000, 1.0000, 1.0000], shape: [3])"),
    (
      "l = [1, 2, 3]\nl[(-9223372036854775807 - 1):]",
      "tensor([1.0000, 2.0000, 3.0000], shape: [3])"
    ),
    ("l = [\"a\", \"b\", \"c\"]\nl[(-9223372036854775807 - 1)::9223372036854775807]", "[\"a\"]"),
    ("l = [\"a\", \"b\", \"c\"]\nl[::(-9223372036854775807 - 1)]", "[\"c\"]"),
    ("x = arange(5)\nx[1:5:9223372036854775807]", "tensor([1.0000], shape: [1])"),
    ("x = arange(5)\nx[::(-9223372036854775807 - 1)]", "tensor([4.0000], shape: [1])"),
    (
      "x = ones(2, 3)\nx[::9223372036854775807, ::(-9223372036854775807 - 1)]",
      "tensor([[1.0000]], shape: [1, 1])"
    ),
    ("x = arange(5)\nx[4:0:-3]", "tensor([4.0000, 1.0000], shape: [2])"),
    ("x = arange(5)\nx[0:5:2]", "tensor([0.0000, 2.0000, 4.0000], shape: [3])"),
  ])
  func valuesAtTheEdgeAreExact(source: String, expected: String) {
    let run = RuntimeHarness.run(source)
    #expect(run.outcome.succeeded, "\(run.rendered)")
    #expect(run.trimmedOutput == expected)
  }

  // MARK: - Long and odd input

  /// A 1 MB line, empty input, only a comment: handled quietly and quickly.
  @Test(arguments: [
    ("empty", "", ""),
    ("only a comment", "# nothing here", ""),
    ("only blank lines", "\n\n\n   \n", ""),
    ("a 1 MB comment line", "# " + String(repeating: "x", count: 1 << 20), ""),
    ("a 1 MB string", "s = \"" + String(repeating: "é", count: 1 << 19) + "\"\nlen(s)", "524288"),
    ("a 1 MB line of statements", String(repeating: "a = 1; ", count: 150_000) + "a", "1"),
  ])
  func longAndEmptyInputIsQuiet(label: String, source: String, expected: String) {
    let clock = ContinuousClock()
    var run: HarnessRun?
    let elapsed = clock.measure { run = RuntimeHarness.run(source) }
    #expect(run?.outcome.succeeded == true, "\(label): \(run?.rendered.prefix(300) ?? "")")
    #expect(run?.trimmedOutput == expected, "\(label)")
    #expect(elapsed < .seconds(10), "\(label) took \(elapsed)")
  }

  /// A 1 MB line of nonsense is a bounded list of syntax errors, quickly.
  @Test func aMegabyteOfNonsenseIsABoundedError() {
    let clock = ContinuousClock()
    var run: HarnessRun?
    let elapsed = clock.measure {
      run = RuntimeHarness.run(String(repeating: "@) ", count: 350_000))
    }
    #expect(run?.syntaxDiagnostics.isEmpty == false)
    #expect((run?.syntaxDiagnostics.count ?? 0) <= 100)
    #expect(elapsed < .seconds(10), "took \(elapsed)")
  }
}

extension Interpreter {
  /// The `maxCallDepth` of a new interpreter.
  static var defaultMaxCallDepthForTests: Int {
    Reliability.withSession { $0.interpreter.maxCallDepth }
  }
}
