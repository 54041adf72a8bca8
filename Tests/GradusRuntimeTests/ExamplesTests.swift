import Foundation
import Testing

/// Every program in `../shared/design/examples` runs as written and prints the values in its
/// comments: the numbers it prints are compared, in order, with `expected.json` (values from
/// PyTorch) the way `../shared/tools/numbers.py` compares them.
@Suite("Design examples")
struct ExamplesTests {
  static let directory = RuntimeHarness.repositoryRoot
    .deletingLastPathComponent().appendingPathComponent("shared/design/examples")

  static let available = FileManager.default.fileExists(
    atPath: directory.appendingPathComponent("expected.json").path)

  static let skipReason: Comment =
    "../shared/design/examples (beside the repository) is missing: the design examples are checked only in the project workspace"

  /// The example files, sorted (empty when the directory is absent).
  static let files: [String] =
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
    .filter { $0.hasSuffix(".grad") }.sorted()

  static func expected() throws -> [String: [Double]] {
    let data = try Data(contentsOf: directory.appendingPathComponent("expected.json"))
    return try JSONDecoder().decode([String: [Double]].self, from: data)
  }

  static func run(_ file: String) throws -> HarnessRun {
    let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
    return RuntimeHarness.run(text, name: file)
  }

  @Test(.enabled(if: available, skipReason))
  func everyExampleHasExpectedValues() throws {
    let expected = try Self.expected()
    #expect(Self.files.count >= 9)
    #expect(Set(Self.files) == Set(expected.keys))
  }

  @Test(.enabled(if: available, skipReason), arguments: files)
  func printsTheExpectedNumbers(file: String) throws {
    let values = try #require(try Self.expected()[file], "no entry for \(file) in expected.json")
    let run = try Self.run(file)
    #expect(run.outcome.succeeded, "\(file) failed:\n\(run.rendered)")
    let printed = RuntimeHarness.numbers(in: run.output)
    let mismatch = RuntimeHarness.compare(printed: printed, expected: values)
    #expect(mismatch == nil, "\(file): \(mismatch ?? "")\noutput:\n\(run.output)")
  }

  /// The exact text of the examples whose values do not depend on float32 rounding in the last
  /// digit: scalars print with 4 decimals, small tensors PyTorch-style with their shape.
  @Test(
    .enabled(if: available, skipReason),
    arguments: [
      (
        "01-neuron.grad",
        """
        0.8814
        0.7071
        -1.5000
        1.0000
        0.5000
        0.0000
        0.5000

        """
      ),
      (
        "02-scalar-expression.grad",
        """
        24.7041
        138.8338
        645.5773

        """
      ),
      ("06-gradient-descent.grad", "0.0605 (param)\n"),
      ("07-model.grad", "241\ntrue\n"),
      (
        "08-convolution.grad",
        """
        tensor([[19.0000, 25.0000],
                [37.0000, 43.0000]], shape: [2, 2])

        """
      ),
      ("09-clipping.grad", "5.0000\ntensor([0.6000, 0.8000], shape: [2])\n"),
    ])
  func printsExactly(file: String, golden: String) throws {
    let run = try Self.run(file)
    #expect(run.outcome.succeeded, "\(file) failed:\n\(run.rendered)")
    #expect(run.output == golden)
  }

  /// The comparison itself can fail: a wrong value, a value out of order, and too many numbers
  /// skipped are all mismatches.
  @Test func numberComparisonRejectsMismatches() {
    let printed = RuntimeHarness.numbers(in: "tensor([0.6000, -0.8000], shape: [2]) 1e-3 x2 .5")
    #expect(printed == [0.6, -0.8, 2, 1e-3, 0.5])
    #expect(RuntimeHarness.compare(printed: printed, expected: [0.6, -0.8]) == nil)
    #expect(RuntimeHarness.compare(printed: printed, expected: [0.6, 0.8]) != nil)
    #expect(RuntimeHarness.compare(printed: printed, expected: [-0.8, 0.6]) != nil)
    #expect(RuntimeHarness.compare(printed: printed, expected: [0.6019]) == nil)
    #expect(RuntimeHarness.compare(printed: printed, expected: [0.6040]) != nil)
    let many = RuntimeHarness.numbers(in: "1 2 3 4 5 6 7 8 9")
    #expect(RuntimeHarness.compare(printed: many, expected: [8]) == nil)
    #expect(RuntimeHarness.compare(printed: many, expected: [9]) != nil)
  }
}
