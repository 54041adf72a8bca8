import Foundation
import GradusLanguage
import GradusNotebook
import GradusRuntime
import Testing

/// The checks catch mistakes: each reference solution is changed in one place at a time (one
/// number, or one operator flipped), and every variant that runs and changes a value the check
/// looks at must be rejected — at least 90 % of them over all exercises. Prints the score.
@Suite("Exercises: mutation test of the checks")
struct ExerciseMutationTests {
  struct Score {
    var changed = 0
    var rejected = 0
    var unchanged = 0
    var failedToRun = 0
    var escaped: [String] = []
  }

  static func score(_ exercise: Exercise) throws -> Score {
    var score = Score()
    var recorded: CheckSession?
    LargeStack.run {
      if case .success(let session) = ExerciseChecker.recordReference(exercise) {
        recorded = session
      }
    }
    let reference = try #require(recorded, "the reference of \(exercise.id) fails")
    for variant in Mutants.of(exercise.solution) {
      guard !Parser.parse(SourceFile(name: "variant", text: variant)).hasErrors else { continue }
      let report = Exercises.check(exercise, variant, reference: reference)
      if report.results.first?.what == "your code" {
        score.failedToRun += 1
      } else if report.results.contains(where: \.differs) {
        score.changed += 1
        if report.solved {
          score.escaped.append(exercise.id + ": " + Self.difference(variant, exercise.solution))
        } else {
          score.rejected += 1
        }
      } else {
        score.unchanged += 1
      }
    }
    return score
  }

  /// The first line where a variant differs from the solution.
  static func difference(_ variant: String, _ solution: String) -> String {
    let pairs = zip(variant.split(separator: "\n"), solution.split(separator: "\n"))
    return pairs.first { $0 != $1 }.map { String($0.0) } ?? "?"
  }

  @Test func atLeastNinetyPercentOfValueChangingVariantsAreRejected() throws {
    var total = Score()
    for exercise in Exercises.catalog.exercises {
      let score = try Self.score(exercise)
      total.changed += score.changed
      total.rejected += score.rejected
      total.unchanged += score.unchanged
      total.failedToRun += score.failedToRun
      total.escaped += score.escaped
    }
    let percent = total.changed == 0 ? 0 : 100 * Double(total.rejected) / Double(total.changed)
    print(
      "mutation score: \(total.rejected) of \(total.changed) value-changing variants rejected "
        + "(\(String(format: "%.1f", percent)) %); \(total.unchanged) changed no checked value, "
        + "\(total.failedToRun) did not run")
    for escaped in total.escaped { print("  escaped: \(escaped)") }
    #expect(total.changed > 0)
    #expect(percent >= 90)
  }
}
