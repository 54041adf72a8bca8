import Foundation
import GradusLanguage
import GradusNotebook
import GradusRuntime
import Testing

/// The targeted feedback: common wrong answers are named, expected and got are shown, and the
/// lesson cell that teaches the point is pointed to. Some cases use the repository's exercises,
/// the general ones (shape, transpose, sign, missing names) a small exercise written here.
@Suite("Exercises: feedback names the likely mistake")
struct ExerciseFeedbackTests {
  static func exercise(_ id: String) throws -> Exercise {
    try #require(Exercises.catalog.find(id))
  }

  @Test func droppedHalfInTheMSE() throws {
    let exercise = try Self.exercise("2.1")
    let report = Exercises.check(
      exercise,
      exercise.solution.replacingOccurrences(of: "0.5 * mean", with: "mean"))
    #expect(!report.solved)
    let text = report.rendered()
    #expect(
      text.contains("this is 2× the expected value: did you drop the ½ in the MSE?"), "\(text)")
    #expect(text.contains("expected 0.2500, got 0.5000"), "\(text)")
    #expect(text.contains("lesson 2 teaches this: “Mean squared error (均方误差)”"), "\(text)")
  }

  @Test func missingZeroGrad() throws {
    let exercise = try Self.exercise("4.1")
    let text = Exercises.check(exercise, exercise.starter).rendered()
    #expect(text.contains("the gradients grew every step: is `zero_grad` missing?"), "\(text)")
  }

  @Test func wrongFactorOfTheChainRule() throws {
    let exercise = try Self.exercise("3.1")
    let text = Exercises.check(exercise, exercise.starter + "\nanswer = 0.5\nanswer_x2 = 0.5\n")
      .rendered()
    #expect(text.contains("this is do/dn alone"), "\(text)")
    #expect(text.contains("✓ answer_x2"), "\(text)")
  }

  /// A one-off exercise whose check looks at a matrix `m` and a vector `v`.
  static func scratch() throws -> (Exercise, URL) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gradus-exercise-\(UUID().uuidString)")
    let folder = root.appendingPathComponent("01-forward/1.9-write-scratch")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let files = [
      "statement.md": "# Scratch\n",
      "starter.grad": "m = 0\n",
      "solution.grad": "m = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\nv = [[1.0], [2.0], [3.0]]\n",
      "check.grad": "expect(\"m\", cell: \"A layer in matrix form\")\nexpect(\"v\")\n",
      "hints.md": "one\n---\ntwo\n",
    ]
    for (name, text) in files {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let exercise = try #require(ExerciseCatalog(directory: root.path).find("1.9"))
    return (exercise, root)
  }

  @Test func rightValueWrongShape() throws {
    let (exercise, root) = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let text = Exercises.check(
      exercise, "m = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\nv = [1.0, 2.0, 3.0]\n"
    ).rendered()
    #expect(text.contains("✓ m"), "\(text)")
    #expect(text.contains("right value, wrong shape: [3] instead of [3, 1]"), "\(text)")
  }

  @Test func transposedSignFlippedAndMissing() throws {
    let (exercise, root) = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let transposed = Exercises.check(
      exercise, "m = [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]\nv = -1 * [[1.0], [2.0], [3.0]]\n")
    let text = transposed.rendered()
    #expect(
      text.contains("this is the transpose of the expected value: [3, 2] instead of [2, 3]"),
      "\(text)")
    #expect(text.contains("the sign is flipped"), "\(text)")
    #expect(text.contains("lesson 1 teaches this: “A layer in matrix form”"), "\(text)")
    let missing = Exercises.check(exercise, "m = 0\n").rendered()
    #expect(missing.contains("`v`"), "\(missing)")
    #expect(missing.contains("expected a number or tensor") == false)
  }

  @Test func aFunctionWhereANumberIsExpected() throws {
    let (exercise, root) = try Self.scratch()
    defer { try? FileManager.default.removeItem(at: root) }
    let text = Exercises.check(exercise, "fn m(x) = x\nv = [[1.0], [2.0], [3.0]]\n").rendered()
    #expect(text.contains("expected a number or tensor, got a function"), "\(text)")
  }

  @Test func aBrokenLearnerFileSaysWhereItStopped() throws {
    let exercise = try Self.exercise("2.1")
    let text = Exercises.check(exercise, "loss = half_mse(p, y)\n").rendered()
    #expect(text.contains("your code stopped before the check"), "\(text)")
  }
}
