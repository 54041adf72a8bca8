import Foundation
import GradusRuntime
import Testing

/// A lesson's key numbers, recomputed independently by `scripts/make_lesson_fixtures.py` (PyTorch,
/// float64, on the same data) and stored in `Fixtures/lessons.json` under the name of the
/// lesson's top-level variable holding each one.
enum ExpectedNumbers: Decodable {
  case number(Double)
  case numbers([Double])

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else {
      self = .numbers(try container.decode([Double].self))
    }
  }

  var values: [Double] {
    switch self {
    case .number(let value): return [value]
    case .numbers(let values): return values
    }
  }
}

/// Each lesson's variables hold the values in `Fixtures/lessons.json`, within 1e-4 relative plus
/// 1e-4 absolute (Gradus computes in float32, the reference in float64).
@Suite("Lesson numbers")
struct LessonNumbersTests {
  static func fixtures() throws -> [String: [String: ExpectedNumbers]] {
    let data = try Data(contentsOf: Lessons.fixtures)
    return try JSONDecoder().decode([String: [String: ExpectedNumbers]].self, from: data)
  }

  /// Every lesson has fixtures, and every fixture names a lesson.
  @Test func everyLessonIsChecked() throws {
    let fixtures = try Self.fixtures()
    for lesson in Lessons.names {
      #expect(
        !(fixtures[lesson]?.isEmpty ?? true),
        "\(lesson) has no reference values in Fixtures/lessons.json (scripts/make_lesson_fixtures.py)"
      )
    }
    for lesson in fixtures.keys {
      #expect(Lessons.names.contains(lesson), "Fixtures/lessons.json names no lesson \(lesson)")
    }
  }

  @Test(arguments: Lessons.names)
  func matchesTheReference(lesson: String) throws {
    let expected = try #require(try Self.fixtures()[lesson], "no fixtures for \(lesson)")
    let run = try Lessons.run(lesson)
    try #require(run.problem == nil, "\(lesson) failed:\n\(run.problem ?? "")")
    let interpreter = try #require(run.interpreter)
    for (name, reference) in expected.sorted(by: { $0.key < $1.key }) {
      guard let value = interpreter.value(of: name) else {
        Issue.record("\(lesson): no top-level variable `\(name)`")
        continue
      }
      guard let actual = Self.numbers(in: value) else {
        Issue.record("\(lesson): `\(name)` is \(value.kindName), not numbers")
        continue
      }
      let want = reference.values
      guard actual.count == want.count else {
        Issue.record(
          "\(lesson): `\(name)` has \(actual.count) numbers, the reference \(want.count)")
        continue
      }
      for (i, (a, e)) in zip(actual, want).enumerated() where !(abs(a - e) <= 1e-4 + 1e-4 * abs(e))
      {
        Issue.record("\(lesson): `\(name)`[\(i)] is \(a), the reference \(e)")
        break
      }
    }
  }

  /// A value's numbers, flattened row-major: a number, a tensor, or a list of them.
  static func numbers(in value: Value) -> [Double]? {
    switch value {
    case .int(let n): return [Double(n)]
    case .float(let x): return [x]
    case .bool(let b): return [b ? 1 : 0]
    case .tensor(let t): return t.data.values
    case .list(let list):
      var result = [Double]()
      for item in list.items {
        guard let numbers = numbers(in: item) else { return nil }
        result += numbers
      }
      return result
    default: return nil
    }
  }
}
