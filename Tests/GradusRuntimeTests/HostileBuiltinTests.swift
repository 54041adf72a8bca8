import Foundation
import GradusLanguage
import GradusTensor
import Testing

@testable import GradusRuntime

/// Every builtin, called with hostile arguments (0, −1, Int.max, 2⁶², NaN, ±∞, empty and
/// zero-size tensors, huge shapes, wrong types, missing and extra arguments), outside and inside
/// `analyze { }`: each call must give a value or a Gradus error, never a trap (which would end
/// this test process) and never an internal error. The builtins come from the runtime's table,
/// so a new builtin is covered without editing this file.
///
/// CI runs every builtin with each value and each named argument, plus `iterations` random
/// calls from a fixed seed. The long mode: `GRADUS_HOSTILE_ITERATIONS=100000` (and optionally
/// `GRADUS_HOSTILE_SEED=n`) with `swift test --filter HostileBuiltinTests`.
@Suite("Every builtin with hostile arguments", .serialized)
struct HostileBuiltinTests {
  static let iterations = environmentInt("GRADUS_HOSTILE_ITERATIONS") ?? 3000
  static let seed = UInt64(environmentInt("GRADUS_HOSTILE_SEED") ?? 12)

  static func environmentInt(_ name: String) -> Int? {
    ProcessInfo.processInfo.environment[name].flatMap { Int($0) }
  }

  /// Files written by `save` and `graph(dot:)` land here, never in the working directory.
  static let scratch = Reliability.scratchDirectory()

  /// Argument values as Gradus source.
  static let values: [String] = [
    "0", "-1", "1", "2", "9223372036854775807", "(-9223372036854775807 - 1)",
    "4611686018427387904", "4294967296", "0.5", "-0.0", "1e19", "-1e19", "1e300",
    "sqrt(-1.0)", "(1e308 * 10.0)", "(-1e308 * 10.0)", "true", "none", "\"\"",
    "\"\(scratch)/file\"", "[]", "[1, 2]", "[[1], [2, 3]]", "[zeros(2), \"a\"]", "0..<3",
    "zeros(0)", "zeros(2, 0)", "zeros(0, 3, 0)", "ones(3)", "ones(2, 3)", "ones(1, 1, 4, 4)",
    "randn(2, 3, 4, seed: 1)", "tensor([sqrt(-1.0), 1.0, (1e308 * 10.0)])",
    "param(ones(2, 2))", "Linear(2, 3)", "relu",
  ]

  /// Named arguments each builtin's signature mentions (`seed:`, `axis:`, …) plus ones it
  /// does not take.
  static func names(of builtin: Builtin) -> [String] {
    let pattern = /([a-z_]+):/
    let declared = builtin.signature.matches(of: pattern).map { String($0.output.1) }
    return Array(Set(declared + ["bogus"])).sorted()
  }

  /// Every builtin with its own `:help` example, no arguments, each value alone, each value
  /// after a tensor, too many arguments, and each named argument with each value.
  static func systematicCalls(_ builtin: Builtin) -> [String] {
    let f = builtin.name
    var calls = [
      builtin.example, "\(f)()",
      "\(f)(" + Array(repeating: "1", count: 9).joined(separator: ", ") + ")",
    ]
    for value in values {
      calls.append("\(f)(\(value))")
      calls.append("\(f)(ones(2, 3), \(value))")
      calls.append("\(f)(\(value), \(value), \(value))")
    }
    for name in names(of: builtin) {
      for value in values { calls.append("\(f)(ones(2, 2), 1, \(name): \(value))") }
    }
    return calls
  }

  /// A random call: 0–5 positional values and 0–2 named ones; while `depth` lasts, a quarter of
  /// the positional values are themselves random calls (`sum(reshape(zeros(2, 0), -1), …)`).
  static func randomCall(_ builtin: Builtin, _ random: inout SplitMix, depth: Int = 2) -> String {
    var parts = [String]()
    for _ in 0..<random.next(6) {
      if depth > 0 && random.next(4) == 0 {
        let inner = Builtins.all[random.next(Builtins.all.count)]
        parts.append(randomCall(inner, &random, depth: depth - 1))
      } else {
        parts.append(values[random.next(values.count)])
      }
    }
    let names = names(of: builtin)
    for _ in 0..<random.next(3) {
      parts.append("\(names[random.next(names.count)]): \(values[random.next(values.count)])")
    }
    return "\(builtin.name)(" + parts.joined(separator: ", ") + ")"
  }

  /// Runs each call as its own cell of one session, plain and inside `analyze { }`, with a
  /// small memory limit and step cap; returns the cells that ended in an internal error, the
  /// calls whose error inside `analyze { }` is not the one outside (`sameError`), and how many
  /// gave a value (so that a test which only ever fails early is noticed).
  static func run(_ calls: [String]) -> (failures: [String], differences: [String], values: Int) {
    Reliability.withSession { session in
      session.interpreter.maxSteps = 20_000
      return MemoryLimit.withMaxBytes(16 << 20) {
        var failures = [String]()
        var differences = [String]()
        var values = 0
        for call in calls {
          var outcomes = [Diagnostic?]()
          for cell in [call, "analyze { \(call) }"] {
            let diagnostic = session.run(cell)
            outcomes.append(diagnostic)
            guard let diagnostic else {
              values += 1
              continue
            }
            if diagnostic.id == "internal" { failures.append("\(cell): \(diagnostic.message)") }
          }
          if !sameError(outside: outcomes[0], inside: outcomes[1]) {
            differences.append(
              "\(call)\n  outside: \(outcomes[0]?.message ?? "a value")"
                + "\n  inside:  \(outcomes[1]?.message ?? "a value")")
          }
        }
        return (failures, differences, values)
      }
    }
  }

  /// Inside `analyze { }` a builtin runs the same code as outside, on tensors that have shapes
  /// but no numbers, so its error must be the one it gives outside (`shown`), except where the
  /// numbers matter: inside, what needs values is an error that says so; outside, an error
  /// about values (an index, a class, a probability, NaN) or the memory limit (nothing is
  /// allocated inside) has nothing to match.
  static func sameError(outside: Diagnostic?, inside: Diagnostic?) -> Bool {
    if shown(outside) == shown(inside) { return true }
    if let inside, inside.message.contains("has only a shape") { return true }
    guard let outside else { return false }
    let aboutValues = [
      "memory limit", "index", "class", "probabilities", "NaN", "nan", "infinity", "inf",
      "whole number",
    ]
    return aboutValues.contains { outside.message.contains($0) }
  }

  /// A message up to how it quotes a value: a shape-only tensor is quoted by its shape, a
  /// tensor with values by its numbers (`got [1.0000, 2.0000]`), and the sizes in shapes are
  /// left out (an overflowing size is named by the shape that overflowed).
  static func shown(_ diagnostic: Diagnostic?) -> String? {
    guard let message = diagnostic?.message else { return nil }
    let quoted = message.components(separatedBy: " got ")[0]
    return quoted.replacing(/\[[^\]]*\]/, with: "[…]")
  }

  @Test func everyBuiltinIsCovered() {
    #expect(Builtins.all.count > 70)
    #expect(Set(Builtins.all.map(\.name)).count == Builtins.all.count)
  }

  @Test(arguments: Builtins.all.map(\.name))
  func systematic(name: String) throws {
    let builtin = try #require(Builtins.named(name))
    let (failures, differences, _) = Self.run(Self.systematicCalls(builtin))
    #expect(failures.isEmpty, "\(failures.prefix(5).joined(separator: "\n"))")
    #expect(differences.isEmpty, "\(differences.prefix(5).joined(separator: "\n"))")
  }

  /// Found by the long mode (seed 12, 30,000 calls): `dtype:` given a tensor quoted the tensor,
  /// which prints differently inside `analyze { }`; it is named by its kind instead.
  @Test func aDtypeThatIsNotAStringGivesOneErrorInsideAndOutside() {
    let (failures, differences, _) = Self.run([
      "tensor(-1e19, dtype: param(ones(2, 2)))",
      "tensor(true, dtype: [zeros(2), \"a\"])",
      "min(ones(1, 1, 4, 4), tensor(4294967296, dtype: ones(1, 1, 4, 4)))",
    ])
    #expect(failures.isEmpty && differences.isEmpty, "\(failures + differences)")
  }

  @Test func randomCallsFromAFixedSeed() {
    var random = SplitMix(seed: Self.seed)
    let calls = (0..<Self.iterations).map { _ in
      Self.randomCall(Builtins.all[random.next(Builtins.all.count)], &random)
    }
    let (failures, differences, values) = Self.run(calls)
    #expect(differences.isEmpty, "\(differences.prefix(5).joined(separator: "\n"))")
    #expect(values > calls.count / 50, "only \(values) of \(calls.count) calls gave a value")
    #expect(failures.isEmpty, "seed \(Self.seed): \(failures.prefix(5).joined(separator: "\n"))")
  }
}

/// SplitMix64: a small, seedable generator for reproducible test inputs.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }

  /// A whole number in 0..<bound.
  mutating func next(_ bound: Int) -> Int {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Int(z % UInt64(bound))
  }
}
