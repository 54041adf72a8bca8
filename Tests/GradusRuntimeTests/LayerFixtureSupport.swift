import Foundation
import GradusAutograd
import GradusLanguage
import GradusPictures
import GradusRuntime
import Testing

// Loads Fixtures/layers.json (written by scripts/make_layer_fixtures.py with PyTorch) and runs
// Gradus source against it.

/// A tensor from the fixture: its shape and row-major values.
struct FixtureArray: Decodable {
  let shape: [Int]
  let data: [Double]

  /// The values as a Gradus tensor literal, nested by shape (a number for a 0-d tensor).
  var literal: String {
    var offset = 0
    func nest(_ sizes: ArraySlice<Int>) -> String {
      guard let n = sizes.first else {
        defer { offset += 1 }
        return "\(data[offset])"
      }
      return "[" + (0..<n).map { _ in nest(sizes.dropFirst()) }.joined(separator: ", ") + "]"
    }
    return nest(shape[...])
  }
}

/// A layer or loss: set `params` (Gradus path → values) and `inputs` (names; those in `grads`
/// become parameters), run the test's body, then compare `outputs` (Gradus expression → value)
/// and `grads` (Gradus expression e → grad(e)).
struct LayerFixtureCase: Decodable {
  let params: [String: FixtureArray]
  let inputs: [String: FixtureArray]
  let outputs: [String: FixtureArray]
  let grads: [String: FixtureArray]
}

/// A few optimizer steps on a fixed network: its parameters after each step.
struct OptimizerFixtureCase: Decodable {
  let optimizer: String
  let options: [String: Double]
  let params: [String: FixtureArray]
  let inputs: [String: FixtureArray]
  let losses: [Double]
  let steps: [[String: FixtureArray]]
}

/// A learning-rate schedule `f(args…, t)` at t = 0, 1, ….
struct ScheduleFixtureCase: Decodable {
  let args: [Double]
  let values: [Double]
}

struct LayerFixtures: Decodable {
  let layers: [String: LayerFixtureCase]
  let optimizers: [String: OptimizerFixtureCase]
  let schedules: [String: ScheduleFixtureCase]

  private static let loaded = Result { () throws -> LayerFixtures in
    guard let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
      throw FixtureFailure(description: "the Fixtures folder is missing from the test bundle")
    }
    let data = try Data(contentsOf: folder.appendingPathComponent("layers.json"))
    return try JSONDecoder().decode(LayerFixtures.self, from: data)
  }

  static func layer(_ name: String) throws -> LayerFixtureCase {
    try #require(try loaded.get().layers[name], "no layer case `\(name)` in layers.json")
  }

  static func optimizer(_ name: String) throws -> OptimizerFixtureCase {
    try #require(try loaded.get().optimizers[name], "no optimizer case `\(name)` in layers.json")
  }

  static func schedule(_ name: String) throws -> ScheduleFixtureCase {
    try #require(try loaded.get().schedules[name], "no schedule `\(name)` in layers.json")
  }
}

/// How close a Gradus value (float32) must be to PyTorch's (float64):
/// |got − want| ≤ absolute + relative·|want|.
struct FixtureTolerance {
  var absolute = 1e-5
  var relative = 1e-4

  func accepts(_ got: Double, _ want: Double) -> Bool {
    Swift.abs(got - want) <= absolute + relative * Swift.abs(want)
  }
}

/// Collects everything a program prints.
final class FixtureSink: OutputSink {
  var text = ""
  func write(_ text: String) { self.text += text }
  func show(_ value: Value, formatted: String) { text += formatted + "\n" }
  func picture(_ picture: Picture) {}
}

struct FixtureFailure: Error, CustomStringConvertible {
  let description: String
}

/// One interpreter session, fed Gradus source piece by piece.
final class FixtureSession {
  let sink = FixtureSink()
  let interpreter: Interpreter

  init() throws {
    interpreter = try Interpreter(output: sink)
  }

  /// Runs source in the session (on a large stack, as the CLI does); a Gradus error throws
  /// with its rendered diagnostic and the source.
  func run(_ text: String) throws {
    let source = SourceFile(name: "<fixture>", text: text)
    var outcome = Pipeline.Outcome.success
    LargeStack.run { outcome = Pipeline.run(source, in: self.interpreter) }
    guard outcome.succeeded else {
      throw FixtureFailure(description: outcome.rendered(style: .plain) + "in:\n" + text)
    }
  }

  /// A top-level name's value as shape and values (numbers are 0-d).
  func array(_ name: String) throws -> FixtureArray {
    switch interpreter.value(of: name) {
    case .tensor(let t)?: return FixtureArray(shape: t.shape.sizes, data: t.data.values)
    case .float(let x)?: return FixtureArray(shape: [], data: [x])
    case .int(let n)?: return FixtureArray(shape: [], data: [Double(n)])
    case let other?:
      throw FixtureFailure(description: "`\(name)` is a \(other.kindName), not a tensor")
    case nil: throw FixtureFailure(description: "`\(name)` is not defined")
    }
  }

  /// Compares a value of the session with the fixture's; one issue names the first mismatch.
  func expect(
    _ name: String, _ want: FixtureArray, as label: String, tolerance: FixtureTolerance,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let got = try array(name)
    guard got.shape == want.shape else {
      Issue.record(
        "\(label): shape \(got.shape), PyTorch has \(want.shape)", sourceLocation: sourceLocation)
      return
    }
    let bad = zip(got.data, want.data).enumerated().filter { !tolerance.accepts($1.0, $1.1) }
    if let (i, (g, w)) = bad.first {
      Issue.record(
        "\(label): \(bad.count) of \(want.data.count) values differ; element \(i) is \(g), PyTorch has \(w)",
        sourceLocation: sourceLocation)
    }
  }

  /// Runs a layer case: `build` makes the model, the fixture's weights are assigned to its
  /// fields, `body` computes the outputs and calls `backward`; then every output and gradient
  /// is compared with PyTorch's.
  func check(
    _ name: String, build: String, body: String, tolerance: FixtureTolerance = FixtureTolerance(),
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let fixture = try LayerFixtures.layer(name)
    var lines = [build]
    for (path, value) in fixture.params.sorted(by: { $0.key < $1.key }) {
      lines.append("\(path) = \(value.literal)")
    }
    for (input, value) in fixture.inputs.sorted(by: { $0.key < $1.key }) {
      let make = fixture.grads[input] == nil ? "tensor" : "param"
      lines.append("\(input) = \(make)(\(value.literal))")
    }
    lines.append(body)
    let outputs = fixture.outputs.sorted { $0.key < $1.key }
    let grads = fixture.grads.sorted { $0.key < $1.key }
    for (k, (expr, _)) in outputs.enumerated() { lines.append("fixture_output_\(k) = \(expr)") }
    for (k, (expr, _)) in grads.enumerated() { lines.append("fixture_grad_\(k) = grad(\(expr))") }
    try run(lines.joined(separator: "\n") + "\n")
    for (k, (expr, want)) in outputs.enumerated() {
      try expect(
        "fixture_output_\(k)", want, as: "\(name): \(expr)", tolerance: tolerance,
        sourceLocation: sourceLocation)
    }
    for (k, (expr, want)) in grads.enumerated() {
      try expect(
        "fixture_grad_\(k)", want, as: "\(name): grad(\(expr))", tolerance: tolerance,
        sourceLocation: sourceLocation)
    }
  }
}
