import Foundation
import GradusLanguage
import GradusNotebook
import GradusRuntime

/// The repository's exercises, and checking a text as if it were a learner's file.
enum Exercises {
  static let catalog = ExerciseCatalog(
    directory: Lessons.root.appendingPathComponent("exercises").path)

  /// Checks `text` on the evaluator's large stack, as `gradus exercise --check` does.
  static func check(
    _ exercise: Exercise, _ text: String, reference: CheckSession? = nil
  ) -> ExerciseReport {
    var report: ExerciseReport?
    LargeStack.run {
      report = ExerciseChecker.check(
        exercise, file: SourceFile(name: "learner.grad", text: text), reference: reference)
    }
    return report!
  }

  /// Every feedback line of a report, joined, for `contains` tests.
  static func feedback(_ report: ExerciseReport) -> String {
    report.results.flatMap(\.lines).joined(separator: "\n")
  }
}

/// Variants of a reference solution that each change one thing: one numeric literal (doubled,
/// or 0 → 1), or one binary operator flipped (+ ↔ −, * ↔ /, and += ↔ −=). Comments and strings
/// are left alone.
enum Mutants {
  static func of(_ text: String) -> [String] {
    let characters = Array(text)
    var result: [String] = []
    var i = 0
    var inString = false
    var inComment = false
    while i < characters.count {
      let c = characters[i]
      if c == "\n" { inComment = false }
      if inComment {
        i += 1
        continue
      }
      if c == "\"" { inString.toggle() }
      if inString || c == "\"" {
        i += 1
        continue
      }
      if c == "#" {
        inComment = true
        i += 1
        continue
      }
      if c.isNumber && !isNamePart(before: i, characters) {
        var end = i
        while end < characters.count,
          characters[end].isNumber || characters[end] == "." || characters[end] == "e"
            || ((characters[end] == "-" || characters[end] == "+") && characters[end - 1] == "e")
        {
          // `1...20` is a range: the number stops at the first of the dots.
          if characters[end] == ".", end + 1 < characters.count, characters[end + 1] == "." {
            break
          }
          end += 1
        }
        let literal = String(characters[i..<end])
        if let value = Double(literal) {
          let replacement =
            value == 0
            ? "1"
            : (literal.contains(".") || literal.contains("e")
              ? "\(value * 2)" : "\(Int(value) * 2)")
          result.append(String(characters[..<i]) + replacement + String(characters[end...]))
        }
        i = end
        continue
      }
      if let flipped = flip(c), isBinary(at: i, characters) {
        var copy = characters
        copy[i] = flipped
        result.append(String(copy))
      }
      i += 1
    }
    return result
  }

  static func flip(_ c: Character) -> Character? {
    switch c {
    case "+": "-"
    case "-": "+"
    case "*": "/"
    case "/": "*"
    default: nil
    }
  }

  /// Whether the character at `i` follows an operand (a name, number or bracket), so that it
  /// is a binary operator and not a sign.
  static func isBinary(at i: Int, _ characters: [Character]) -> Bool {
    var j = i - 1
    while j >= 0, characters[j] == " " { j -= 1 }
    guard j >= 0 else { return false }
    let before = characters[j]
    return before.isLetter || before.isNumber || before == ")" || before == "]" || before == "_"
  }

  /// Whether a digit at `i` continues a name (`x1`, `w2`) or a number already passed.
  static func isNamePart(before i: Int, _ characters: [Character]) -> Bool {
    guard i > 0 else { return false }
    let before = characters[i - 1]
    return before.isLetter || before.isNumber || before == "_" || before == "."
  }
}
