import GradusLanguage

/// Compares a learner's value with the reference's and says, as precisely as it can, what went
/// wrong: a missing name, a wrong shape with the right numbers, a transpose, a flipped sign, a
/// constant factor, or one of the exercise's own named mistakes.
struct CheckComparison {
  let format: ValueFormat
  let tol: Double

  /// Differences below this (relative) are rounding, not a different value.
  static let rounding = 1e-6

  func compare(
    _ what: String, got result: Result<Value, any Error>, reference: CheckSession.Recorded,
    cell: String?
  ) -> CheckResult {
    func failure(_ lines: [String], differs: Bool = true) -> CheckResult {
      CheckResult(what: what, passed: false, lines: lines, cell: cell, differs: differs)
    }
    let got: Value
    switch result {
    case .success(let value): got = value
    case .failure(let error): return failure([Self.describe(error)])
    }
    let shown = ["expected \(format.short(reference.value)), got \(format.short(got))"]
    guard let expected = NumericValue(reference.value) else {
      return failure(["the reference's value is not a number; the check is broken"])
    }
    guard let mine = NumericValue(got) else {
      return failure(["expected a number or tensor, got a \(got.kindName)"])
    }
    let differs = !mine.isClose(to: expected, tol: Self.rounding)
    if mine.isClose(to: expected, tol: tol) {
      return CheckResult(what: what, passed: true, lines: [], cell: cell, differs: differs)
    }
    if mine.shape != expected.shape {
      return failure(shapeMistake(mine, expected))
    }
    // A mistake whose value is all zeros would also name an answer not written yet.
    for mistake in reference.mistakes {
      if let wrong = NumericValue(mistake.value), wrong.values.contains(where: { $0 != 0 }),
        mine.isClose(to: wrong, tol: tol)
      {
        return failure(shown + [mistake.message], differs: differs)
      }
    }
    return failure(shown + factorMistake(mine, expected), differs: differs)
  }

  /// The learner's shape differs: the same numbers in another shape, the transpose, or not.
  func shapeMistake(_ mine: NumericValue, _ expected: NumericValue) -> [String] {
    let shapes = "\(mine.shapeText) instead of \(expected.shapeText)"
    if NumericValue.close(mine.values, expected.values, tol: tol) {
      return ["right value, wrong shape: \(shapes)"]
    }
    if let flipped = expected.transposed, mine.isClose(to: flipped, tol: tol) {
      return ["this is the transpose of the expected value: \(shapes)"]
    }
    return ["wrong shape: \(shapes)"]
  }

  /// A constant factor between the learner's value and the reference's.
  func factorMistake(_ mine: NumericValue, _ expected: NumericValue) -> [String] {
    guard let k = mine.factor(over: expected, tol: tol) else { return [] }
    if abs(k + 1) <= tol { return ["the sign is flipped: is a + or − the wrong way round?"] }
    if abs(k) <= tol { return ["this is 0 where a value is expected"] }
    return ["this is \(format.number(k))× the expected value"]
  }

  static func truth(
    _ what: String, _ result: Result<Value, any Error>, message: String, cell: String?
  ) -> CheckResult {
    switch result {
    case .success(let value) where value.isTrue:
      return CheckResult(what: what, passed: true, lines: [], cell: cell, differs: false)
    case .success:
      return CheckResult(what: what, passed: false, lines: [message], cell: cell, differs: true)
    case .failure(let error):
      return CheckResult(
        what: what, passed: false, lines: [describe(error)], cell: cell, differs: true)
    }
  }

  /// An error while evaluating the learner's side, in one line: usually a name not defined yet.
  static func describe(_ error: any Error) -> String {
    if let failure = error as? RuntimeError {
      return failure.diagnostic.message + (failure.diagnostic.help.map { " (\($0))" } ?? "")
    }
    return "\(error)"
  }
}
