import GradusLanguage

/// The state of one exercise check. A check is a Gradus program of `expect` calls; it runs twice:
/// first after the reference solution (`.recording`: each `expect` keeps the reference's value),
/// then after the learner's code (`.comparing`: each `expect` compares the learner's value with the
/// one recorded at the same place). Expected values therefore always come from running the
/// reference, never from numbers typed into the check.
public final class CheckSession {
  public enum Mode { case recording, comparing }

  /// What the reference produced for one `expect`, and the wrong answers worth naming.
  struct Recorded {
    let expression: String
    let value: Value
    /// Values a common mistake produces, computed from the reference, each with what to say.
    let mistakes: [(value: Value, message: String)]
  }

  public internal(set) var mode: Mode = .recording
  var recorded: [Recorded] = []
  var position = 0
  public private(set) var results: [CheckResult] = []
  /// Problems with the exercise itself (the reference failing its own check).
  public private(set) var referenceProblems: [String] = []

  public init() {}

  /// Switches from recording the reference to comparing the learner's values.
  public func startComparing() {
    mode = .comparing
    position = 0
    results = []
  }

  func record(_ entry: Recorded) { recorded.append(entry) }

  func noteReferenceProblem(_ text: String) { referenceProblems.append(text) }

  /// The reference's entry for the next `expect`, nil when the check took another path.
  func nextRecorded(for expression: String) -> Recorded? {
    defer { position += 1 }
    guard position < recorded.count, recorded[position].expression == expression else {
      return nil
    }
    return recorded[position]
  }

  func add(_ result: CheckResult) { results.append(result) }

  /// Adds a failure that is not one `expect` (the learner's code or the check stopped).
  public func addFailure(_ what: String, _ lines: [String]) {
    results.append(CheckResult(what: what, passed: false, lines: lines, cell: nil, differs: true))
  }

  public var passed: Bool { !results.isEmpty && results.allSatisfy(\.passed) }
}

/// The outcome of one `expect`.
public struct CheckResult: Sendable {
  /// The expression checked, as the check wrote it: `dw1`, `attention(Q, K, V)`.
  public let what: String
  public let passed: Bool
  /// What to tell the learner: expected and got, and the likely mistake.
  public let lines: [String]
  /// The lesson cell that teaches this, when the check names one.
  public let cell: String?
  /// Whether the learner's value differs from the reference's at all (beyond rounding), used by
  /// the mutation test to tell "a change the check should catch" from "no change".
  public let differs: Bool
}
