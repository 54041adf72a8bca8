import Foundation
import GradusAutograd
import GradusLanguage
import GradusRuntime
import GradusTensor

#if canImport(Glibc)
  import Glibc
#endif

/// Helpers shared by the reliability tests (safetensors, atomic saves, limits): files in a
/// scratch directory, a long-lived session on the evaluator's stack, and parameter snapshots.
enum Reliability {
  /// The model whose parameters the safetensors fixtures hold (`fc1.W`, `fc1.b`, `fc2.W`,
  /// `fc2.b`), and one instance of it named `net`.
  static let netSource = """
    model Net() {
      fc1 = Linear(3, 4)
      fc2 = Linear(4, 2)
      forward(x) = fc2(relu(fc1(x)))
    }
    net = Net()
    """

  static let parameterNames = ["fc1.W", "fc1.b", "fc2.W", "fc2.b"]
  static let parameterShapes: [String: [Int]] = [
    "fc1.W": [3, 4], "fc1.b": [4], "fc2.W": [4, 2], "fc2.b": [2],
  ]

  /// `Fixtures/safetensors/NAME` from the test bundle (a `.copy` resource).
  static func fixture(_ name: String) -> String {
    guard let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
      return "/missing-fixtures/\(name)"
    }
    return folder.appendingPathComponent("safetensors").appendingPathComponent(name).path
  }

  /// A fresh directory under /tmp, removed by `remove(directory:)`.
  static func scratchDirectory() -> String {
    var template = Array("/tmp/gradus-reliability-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { return "/tmp" }
    return String(cString: made)
  }

  static func remove(directory: String) {
    try? FileManager.default.removeItem(atPath: directory)
  }

  /// The names in a directory (hidden ones included), sorted.
  static func listing(_ directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
  }

  static func read(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) }
  }

  /// Writes a file in place (plain `fwrite`: fast, for the many files of the corruption tests).
  @discardableResult
  static func write(_ bytes: [UInt8], to path: String) -> Bool {
    guard let file = fopen(path, "wb") else { return false }
    defer { fclose(file) }
    return fwrite(bytes, 1, bytes.count, file) == bytes.count
  }

  /// A Gradus string literal for a path (paths here never hold quotes or backslashes).
  static func literal(_ path: String) -> String { "\"" + path + "\"" }

  /// A safetensors file from a header text and data bytes; `length` overrides the header's
  /// declared length.
  static func file(_ header: String, data: [UInt8] = [], length: UInt64? = nil) -> [UInt8] {
    let json = Array(header.utf8)
    var declared = (length ?? UInt64(json.count)).littleEndian
    var out = withUnsafeBytes(of: &declared) { Array($0) }
    out += json
    out += data
    return out
  }

  /// The little-endian bytes of float32 values.
  static func floatBytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { value -> [UInt8] in
      let bits = value.bitPattern.littleEndian
      return withUnsafeBytes(of: bits) { Array($0) }
    }
  }

  /// Every parameter reachable from a value (model fields, lists), by dotted path, with its
  /// shape and the bit patterns of its values (as float32 or float64 bits widened to 64).
  static func snapshot(_ value: Value?) -> [String: Parameter] {
    var out = [String: Parameter]()
    func walk(_ value: Value, _ path: String) {
      switch value {
      case .tensor(let t) where t.isParameter:
        let bits =
          t.dtype == .float32
          ? t.data.values.map { UInt64(Float($0).bitPattern) } : t.data.values.map(\.bitPattern)
        out[path] = Parameter(shape: t.shape.sizes, dtype: t.dtype, bits: bits)
      case .object(let o):
        for (name, field) in o.fields { walk(field, path.isEmpty ? name : path + "." + name) }
      case .list(let list):
        for (i, item) in list.items.enumerated() {
          walk(item, path.isEmpty ? "\(i)" : "\(path).\(i)")
        }
      default:
        break
      }
    }
    if let value { walk(value, "") }
    return out
  }

  struct Parameter: Equatable {
    let shape: [Int]
    let dtype: DType
    let bits: [UInt64]

    init(shape: [Int], dtype: DType, bits: [UInt64]) {
      self.shape = shape
      self.dtype = dtype
      self.bits = bits
    }

    init(shape: [Int], float32 values: [Float]) {
      self.init(shape: shape, dtype: .float32, bits: values.map { UInt64($0.bitPattern) })
    }
  }

  /// A session kept for many runs (one prelude load), on the evaluator's stack. `body` runs on
  /// that thread and must not record issues itself: return what to check.
  static func withSession<R>(_ body: @escaping (Session) -> R) -> R {
    var result: R?
    LargeStack.run {
      let sink = HarnessSink()
      guard let interpreter = try? Interpreter(output: sink) else { return }
      result = body(Session(interpreter: interpreter, sink: sink))
    }
    guard let result else { fatalError("the prelude failed to load") }
    return result
  }

  struct Session {
    let interpreter: Interpreter
    let sink: HarnessSink

    /// Runs one cell; returns nil on success, else the diagnostic.
    @discardableResult
    func run(_ text: String) -> Diagnostic? {
      switch Pipeline.run(SourceFile(name: "test.grad", text: text), in: interpreter) {
      case .success: return nil
      case .syntaxErrors(let diagnostics, _): return diagnostics.first
      case .runtimeError(let failure): return failure.diagnostic
      case .interrupted:
        return Diagnostic.error("interrupted", "interrupted", at: Span(start: 0, end: 0))
      case .internalError(let description):
        return Diagnostic.error(
          "internal", "internal error: \(description)", at: Span(start: 0, end: 0))
      }
    }

    func snapshot(_ name: String = "net") -> [String: Parameter] {
      Reliability.snapshot(interpreter.value(of: name))
    }
  }
}
