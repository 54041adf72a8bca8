import Foundation
import GradusLanguage
import GradusTensor
import Testing

@testable import GradusRuntime

/// Saved parameters are safe (QUALITY.md §7): the files Gradus writes are the files Python's
/// `safetensors` writes and reads (fixtures from scripts/make_safetensors_fixtures.py), and
/// loading validates everything, rejecting a bad file with a specific message.
@Suite("Safetensors: interoperability with Python")
struct SafeTensorsInteropTests {
  typealias P = Reliability.Parameter

  /// What scripts/make_safetensors_fixtures.py writes (`python_values`), computed here in Swift.
  static let pythonWritten: [String: P] = [
    "fc1.W": P(shape: [3, 4], float32: (0..<12).map { (Float($0) - 5.5) * 0.125 }),
    "fc1.b": P(shape: [4], float32: [0.1, -0.2, 0.3, -0.4]),
    "fc2.W": P(shape: [4, 2], float32: (0..<8).map { Float($0) / 3 }),
    "fc2.b": P(shape: [2], float32: [Float(sign: .plus, exponent: -140, significand: 1), -0.0]),
  ]

  /// What scripts/fixtures/gradus_write.grad assigns, in Gradus's float32 arithmetic.
  static let gradusWritten: [String: P] = [
    "fc1.W": P(shape: [3, 4], float32: (0..<12).map { Float($0) * Float(0.1) - 0.5 }),
    "fc1.b": P(shape: [4], float32: (0..<4).map { Float($0) * 0.25 - 1 }),
    "fc2.W": P(shape: [4, 2], float32: (0..<8).map { Float($0) * Float(-0.3) + 1 }),
    "fc2.b": P(shape: [2], float32: [1.5, -2.5]),
  ]

  @Test func pythonWrittenFileLoadsBitForBit() {
    let path = Reliability.fixture("python_written.safetensors")
    let run = RuntimeHarness.run(
      Reliability.netSource + "\nload(net, \(Reliability.literal(path)))")
    #expect(run.outcome.succeeded, "\(run.rendered)")
    #expect(Reliability.snapshot(run.interpreter.value(of: "net")) == Self.pythonWritten)
    #expect(run.output.isEmpty)
  }

  @Test func pythonWrittenFileDecodesWithItsMetadata() throws {
    let bytes = try #require(Reliability.read(Reliability.fixture("python_written.safetensors")))
    let decoded = try SafeTensors.decode(bytes)
    #expect(decoded.tensors.map(\.0).sorted() == Reliability.parameterNames)
    #expect(decoded.metadata.map { "\($0.0)=\($0.1)" } == ["writer=python safetensors"])
  }

  /// The committed Gradus-written file (checked in Python by the fixture script) loads back.
  @Test func committedGradusFileLoads() {
    let path = Reliability.fixture("gradus_written.safetensors")
    let run = RuntimeHarness.run(
      Reliability.netSource + "\nload(net, \(Reliability.literal(path)))")
    #expect(run.outcome.succeeded, "\(run.rendered)")
    #expect(Reliability.snapshot(run.interpreter.value(of: "net")) == Self.gradusWritten)
  }

  /// Format stability: today's `save` writes exactly the committed bytes for the same values.
  @Test func saveWritesTheCommittedBytes() throws {
    let script = RuntimeHarness.repositoryRoot.appendingPathComponent(
      "scripts/fixtures/gradus_write.grad")
    let text = try String(contentsOf: script, encoding: .utf8)
    #expect(text.contains("\"gradus_written.safetensors\""))
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let target = directory + "/gradus_written.safetensors"
    let run = RuntimeHarness.run(
      text.replacingOccurrences(
        of: "\"gradus_written.safetensors\"", with: Reliability.literal(target)))
    #expect(run.outcome.succeeded, "\(run.rendered)")
    let written = try #require(Reliability.read(target))
    let committed = try #require(
      Reliability.read(Reliability.fixture("gradus_written.safetensors")))
    #expect(written == committed, "save's bytes differ from the committed fixture")
  }

  /// Save then load into a freshly initialised model: every bit comes back, and saving again
  /// gives the same bytes.
  @Test(arguments: ["float32", "float64"])
  func roundTripIsBitForBit(dtype: String) throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let first = Reliability.literal(directory + "/a.safetensors")
    let second = Reliability.literal(directory + "/b.safetensors")
    let source = """
      model Pair() {
        W = param(randn(5, 7, dtype: "\(dtype)") * 1e-3)
        layers = [Linear(7, 3), Linear(3, 1)]
        tiny = param([1e-38, -0.0, 3.4e38, -1e-45] * ones(4, dtype: "\(dtype)"))
      }
      a = Pair()
      save(a, \(first))
      b = Pair()
      load(b, \(first))
      save(b, \(second))
      """
    let run = RuntimeHarness.run(source)
    #expect(run.outcome.succeeded, "\(run.rendered)")
    let a = Reliability.snapshot(run.interpreter.value(of: "a"))
    let b = Reliability.snapshot(run.interpreter.value(of: "b"))
    #expect(
      a.keys.sorted() == ["W", "layers.0.W", "layers.0.b", "layers.1.W", "layers.1.b", "tiny"])
    #expect(a == b)
    #expect(a["W"]?.dtype.rawValue == dtype)
    let bytesA = try #require(Reliability.read(directory + "/a.safetensors"))
    let bytesB = try #require(Reliability.read(directory + "/b.safetensors"))
    #expect(bytesA == bytesB)
    // The file itself holds the model's bits.
    let decoded = try SafeTensors.decode(bytesA)
    for (name, array) in decoded.tensors {
      let bits =
        array.dtype == .float32
        ? array.values.map { UInt64(Float($0).bitPattern) } : array.values.map(\.bitPattern)
      #expect(P(shape: array.shape.sizes, dtype: array.dtype, bits: bits) == a[name], "\(name)")
    }
    // The header is 8-byte aligned, as the reference writer makes it.
    #expect(
      (bytesA.count - decoded.tensors.reduce(0) { $0 + $1.1.count * $1.1.dtype.size }) % 8 == 0)
  }

  /// A single parameter (not a model) is saved under the name `value`.
  @Test func aSingleParameterIsNamedValue() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/w.safetensors"
    let run = RuntimeHarness.run(
      "w = param([1.0, 2.0])\nsave(w, \(Reliability.literal(path)))\nw = [5.0, 6.0]\n"
        + "load(w, \(Reliability.literal(path)))\nw")
    #expect(run.outcome.succeeded, "\(run.rendered)")
    #expect(run.trimmedOutput == "tensor([1.0000, 2.0000], shape: [2], param)")
    let decoded = try SafeTensors.decode(try #require(Reliability.read(path)))
    #expect(decoded.tensors.map(\.0) == ["value"])
  }

  /// A float64 file (as NumPy writes by default) loads into a float32 model, rounded.
  @Test func float64FileLoadsIntoAFloat32Model() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/f64.safetensors"
    let tensors = try Reliability.parameterNames.map { name in
      let shape = Reliability.parameterShapes[name]!
      let count = shape.reduce(1, *)
      return (
        name, try NDArray((0..<count).map { Double($0) / 3 }, shape: Shape(shape), dtype: .float64)
      )
    }
    Reliability.write(try SafeTensors.encode(tensors), to: path)
    let run = RuntimeHarness.run(
      Reliability.netSource + "\nload(net, \(Reliability.literal(path)))")
    #expect(run.outcome.succeeded, "\(run.rendered)")
    let loaded = Reliability.snapshot(run.interpreter.value(of: "net"))
    #expect(loaded["fc1.W"] == P(shape: [3, 4], float32: (0..<12).map { Float(Double($0) / 3) }))
  }
}

@Suite("Safetensors: loading validates everything")
struct SafeTensorsValidationTests {
  typealias FormatError = SafeTensors.FormatError

  /// `{"a": F32 [2] at [0, 8]}` plus its data: a minimal valid file for hand-made headers.
  static func one(
    _ entry: String = #"{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#, data: Int = 8
  )
    -> [UInt8]
  {
    Reliability.file("{\"a\":\(entry)}", data: [UInt8](repeating: 0, count: data))
  }

  static func two(_ a: String, _ b: String, data: Int) -> [UInt8] {
    let entry = { (range: String) in #"{"dtype":"F32","shape":[2],"data_offsets":"# + range + "}" }
    return Reliability.file(
      "{\"a\":\(entry(a)),\"b\":\(entry(b))}", data: [UInt8](repeating: 0, count: data))
  }

  struct Rejection: CustomTestStringConvertible, Sendable {
    let label: String
    let bytes: [UInt8]
    let error: FormatError
    let message: String
    var testDescription: String { label }
  }

  static let u64max = UInt64.max
  static let bigShape =
    #"{"dtype":"F32","shape":[1099511627776,1099511627776],"data_offsets":[0,8]}"#

  /// Each bad file, the specific error, and its message.
  static let rejections: [Rejection] = [
    Rejection(
      label: "empty file", bytes: [], error: .tooShort(bytes: 0),
      message: "the file is too short to be safetensors (0 bytes; at least 8 needed)"),
    Rejection(
      label: "header length u64 max", bytes: Reliability.file("{}", length: u64max),
      error: .headerTooLarge(declared: u64max, available: 2),
      message: "the header claims 18446744073709551615 bytes but only 2 follow"),
    Rejection(
      label: "header length = file size", bytes: Reliability.file("{}", length: 10),
      error: .headerTooLarge(declared: 10, available: 2),
      message: "the header claims 10 bytes but only 2 follow"),
    Rejection(
      label: "header length = file size - 7", bytes: Reliability.file("{}", length: 3),
      error: .headerTooLarge(declared: 3, available: 2),
      message: "the header claims 3 bytes but only 2 follow"),
    Rejection(
      label: "header length 2^63", bytes: Reliability.file("{}", length: 1 << 63),
      error: .headerTooLarge(declared: 1 << 63, available: 2),
      message: "the header claims 9223372036854775808 bytes but only 2 follow"),
    Rejection(
      label: "overlapping offsets", bytes: two("[0,8]", "[4,12]", data: 12),
      error: .overlapOrGap(name: "b", expectedStart: 8, actualStart: 4),
      message:
        "tensor \"b\" starts at byte 4 but the previous one ends at 8: tensors must follow each other without gaps or overlaps"
    ),
    Rejection(
      label: "same offsets twice", bytes: two("[0,8]", "[0,8]", data: 8),
      error: .overlapOrGap(name: "b", expectedStart: 8, actualStart: 0),
      message:
        "tensor \"b\" starts at byte 0 but the previous one ends at 8: tensors must follow each other without gaps or overlaps"
    ),
    Rejection(
      label: "gap between tensors", bytes: two("[0,8]", "[12,20]", data: 20),
      error: .overlapOrGap(name: "b", expectedStart: 8, actualStart: 12),
      message:
        "tensor \"b\" starts at byte 12 but the previous one ends at 8: tensors must follow each other without gaps or overlaps"
    ),
    Rejection(
      label: "gap before the first tensor",
      bytes: one(#"{"dtype":"F32","shape":[2],"data_offsets":[4,12]}"#, data: 12),
      error: .overlapOrGap(name: "a", expectedStart: 0, actualStart: 4),
      message:
        "tensor \"a\" starts at byte 4 but the previous one ends at 0: tensors must follow each other without gaps or overlaps"
    ),
    Rejection(
      label: "end past the data", bytes: one(data: 4),
      error: .offsetsOutOfRange(name: "a", end: 8, dataSize: 4),
      message: "tensor \"a\" ends at byte 8 of a data section of 4 bytes"),
    Rejection(
      label: "offsets far out of range",
      bytes: one(
        #"{"dtype":"F32","shape":[2],"data_offsets":[9000000000000000000,9000000000000000008]}"#),
      error: .offsetsOutOfRange(name: "a", end: 9_000_000_000_000_000_008, dataSize: 8),
      message: "tensor \"a\" ends at byte 9000000000000000008 of a data section of 8 bytes"),
    Rejection(
      label: "offsets beyond Int",
      bytes: one(#"{"dtype":"F32","shape":[2],"data_offsets":[0,18446744073709551616]}"#),
      error: .invalidEntry(
        name: "a", reason: "data_offsets must be two whole numbers [begin, end] with begin ≤ end"),
      message: "tensor \"a\": data_offsets must be two whole numbers [begin, end] with begin ≤ end"),
    Rejection(
      label: "offsets reversed", bytes: one(#"{"dtype":"F32","shape":[2],"data_offsets":[8,0]}"#),
      error: .invalidEntry(
        name: "a", reason: "data_offsets must be two whole numbers [begin, end] with begin ≤ end"),
      message: "tensor \"a\": data_offsets must be two whole numbers [begin, end] with begin ≤ end"),
    Rejection(
      label: "negative offset", bytes: one(#"{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}"#),
      error: .invalidEntry(
        name: "a", reason: "data_offsets must be two whole numbers [begin, end] with begin ≤ end"),
      message: "tensor \"a\": data_offsets must be two whole numbers [begin, end] with begin ≤ end"),
    Rejection(
      label: "fractional offset",
      bytes: one(#"{"dtype":"F32","shape":[2],"data_offsets":[0,8.0]}"#),
      error: .invalidEntry(
        name: "a", reason: "data_offsets must be two whole numbers [begin, end] with begin ≤ end"),
      message: "tensor \"a\": data_offsets must be two whole numbers [begin, end] with begin ≤ end"),
    Rejection(
      label: "three offsets", bytes: one(#"{"dtype":"F32","shape":[2],"data_offsets":[0,8,8]}"#),
      error: .invalidEntry(
        name: "a", reason: "data_offsets must be two whole numbers [begin, end] with begin ≤ end"),
      message: "tensor \"a\": data_offsets must be two whole numbers [begin, end] with begin ≤ end"),
    Rejection(
      label: "trailing data", bytes: one(data: 12), error: .trailingData(used: 8, dataSize: 12),
      message: "the tensors cover 8 bytes but the data section has 12"),
    Rejection(
      label: "byte count ≠ elements × dtype size",
      bytes: one(#"{"dtype":"F32","shape":[3],"data_offsets":[0,8]}"#),
      error: .sizeMismatch(name: "a", expected: 12, actual: 8),
      message: "tensor \"a\" needs 12 bytes for its shape but its offsets span 8"),
    Rejection(
      label: "F64 with F32's bytes",
      bytes: one(#"{"dtype":"F64","shape":[2],"data_offsets":[0,8]}"#),
      error: .sizeMismatch(name: "a", expected: 16, actual: 8),
      message: "tensor \"a\" needs 16 bytes for its shape but its offsets span 8"),
    Rejection(
      label: "element count overflow [2^40, 2^40]", bytes: one(bigShape),
      error: .countOverflow(name: "a"),
      message: "tensor \"a\" has more elements than can be counted"),
    Rejection(
      label: "byte count overflow [2^61] × 4",
      bytes: one(#"{"dtype":"F32","shape":[2305843009213693952],"data_offsets":[0,8]}"#),
      error: .countOverflow(name: "a"),
      message: "tensor \"a\" has more elements than can be counted"),
    Rejection(
      label: "byte count overflow [2^60] × 8",
      bytes: one(#"{"dtype":"F64","shape":[1152921504606846976],"data_offsets":[0,8]}"#),
      error: .countOverflow(name: "a"),
      message: "tensor \"a\" has more elements than can be counted"),
    Rejection(
      label: "size beyond Int",
      bytes: one(#"{"dtype":"F32","shape":[99999999999999999999],"data_offsets":[0,8]}"#),
      error: .invalidEntry(name: "a", reason: "shape sizes must be whole numbers ≥ 0"),
      message: "tensor \"a\": shape sizes must be whole numbers ≥ 0"),
    Rejection(
      label: "negative size", bytes: one(#"{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}"#),
      error: .invalidEntry(name: "a", reason: "shape sizes must be whole numbers ≥ 0"),
      message: "tensor \"a\": shape sizes must be whole numbers ≥ 0"),
    Rejection(
      label: "size written 2.0", bytes: one(#"{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}"#),
      error: .invalidEntry(name: "a", reason: "shape sizes must be whole numbers ≥ 0"),
      message: "tensor \"a\": shape sizes must be whole numbers ≥ 0"),
    Rejection(
      label: "size written 2e0", bytes: one(#"{"dtype":"F32","shape":[2e0],"data_offsets":[0,8]}"#),
      error: .invalidEntry(name: "a", reason: "shape sizes must be whole numbers ≥ 0"),
      message: "tensor \"a\": shape sizes must be whole numbers ≥ 0"),
    Rejection(
      label: "size as a string", bytes: one(#"{"dtype":"F32","shape":["2"],"data_offsets":[0,8]}"#),
      error: .invalidEntry(name: "a", reason: "shape sizes must be whole numbers ≥ 0"),
      message: "tensor \"a\": shape sizes must be whole numbers ≥ 0"),
    Rejection(
      label: "nine dimensions",
      bytes: one(#"{"dtype":"F32","shape":[1,1,1,1,1,1,1,1,2],"data_offsets":[0,8]}"#),
      error: .invalidEntry(name: "a", reason: "has 9 dimensions; at most 8 are supported"),
      message: "tensor \"a\": has 9 dimensions; at most 8 are supported"),
    Rejection(
      label: "dtype BF16", bytes: one(#"{"dtype":"BF16","shape":[4],"data_offsets":[0,8]}"#),
      error: .unknownDType(name: "a", dtype: "BF16"),
      message: "tensor \"a\" has dtype BF16; Gradus reads F32 and F64"),
    Rejection(
      label: "dtype I64", bytes: one(#"{"dtype":"I64","shape":[1],"data_offsets":[0,8]}"#),
      error: .unknownDType(name: "a", dtype: "I64"),
      message: "tensor \"a\" has dtype I64; Gradus reads F32 and F64"),
    Rejection(
      label: "dtype F16", bytes: one(#"{"dtype":"F16","shape":[4],"data_offsets":[0,8]}"#),
      error: .unknownDType(name: "a", dtype: "F16"),
      message: "tensor \"a\" has dtype F16; Gradus reads F32 and F64"),
    Rejection(
      label: "dtype f32 (lower case)",
      bytes: one(#"{"dtype":"f32","shape":[2],"data_offsets":[0,8]}"#),
      error: .unknownDType(name: "a", dtype: "f32"),
      message: "tensor \"a\" has dtype f32; Gradus reads F32 and F64"),
    Rejection(
      label: "dtype not a string", bytes: one(#"{"dtype":32,"shape":[2],"data_offsets":[0,8]}"#),
      error: .invalidEntry(name: "a", reason: "missing dtype"),
      message: "tensor \"a\": missing dtype"),
    Rejection(
      label: "no shape", bytes: one(#"{"dtype":"F32","data_offsets":[0,8]}"#),
      error: .invalidEntry(name: "a", reason: "missing shape"),
      message: "tensor \"a\": missing shape"),
    Rejection(
      label: "no offsets", bytes: one(#"{"dtype":"F32","shape":[2]}"#),
      error: .invalidEntry(
        name: "a", reason: "data_offsets must be two whole numbers [begin, end] with begin ≤ end"),
      message: "tensor \"a\": data_offsets must be two whole numbers [begin, end] with begin ≤ end"),
    Rejection(
      label: "unexpected field",
      bytes: one(#"{"dtype":"F32","shape":[2],"data_offsets":[0,8],"code":"print(1)"}"#),
      error: .invalidEntry(name: "a", reason: "unexpected field \"code\""),
      message: "tensor \"a\": unexpected field \"code\""),
    Rejection(
      label: "entry not an object",
      bytes: Reliability.file(#"{"a":[0,8]}"#, data: [UInt8](repeating: 0, count: 8)),
      error: .invalidEntry(name: "a", reason: "must be an object"),
      message: "tensor \"a\": must be an object"),
    Rejection(
      label: "duplicate tensor names",
      bytes: two("[0,8]", "[8,16]", data: 16).replacing(
        Array(#""b":"#.utf8), with: Array(#""a":"#.utf8)),
      error: .duplicateName("a"), message: "the name \"a\" appears twice"),
    Rejection(
      label: "duplicate metadata",
      bytes: Reliability.file(#"{"__metadata__":{},"__metadata__":{}}"#),
      error: .duplicateName("__metadata__"), message: "the name \"__metadata__\" appears twice"),
    Rejection(
      label: "duplicate field inside an entry",
      bytes: one(#"{"dtype":"F32","dtype":"F32","shape":[2],"data_offsets":[0,8]}"#),
      error: .invalidJSON("duplicate name \"dtype\"", offset: 20),
      message: "the header is not valid JSON: duplicate name \"dtype\" (at byte 28)"),
    Rejection(
      label: "metadata not an object", bytes: Reliability.file(#"{"__metadata__":"x"}"#),
      error: .invalidEntry(name: "__metadata__", reason: "metadata must be an object"),
      message: "tensor \"__metadata__\": metadata must be an object"),
    Rejection(
      label: "metadata value not a string",
      bytes: Reliability.file(#"{"__metadata__":{"epochs":3}}"#),
      error: .invalidEntry(name: "__metadata__", reason: "metadata values must be strings"),
      message: "tensor \"__metadata__\": metadata values must be strings"),
    Rejection(
      label: "header is a JSON array", bytes: Reliability.file("[]"), error: .notAnObject,
      message: "the header must be a JSON object of tensors"),
    Rejection(
      label: "header is null", bytes: Reliability.file("null"), error: .notAnObject,
      message: "the header must be a JSON object of tensors"),
    Rejection(
      label: "header is a string", bytes: Reliability.file("\"{}\""), error: .notAnObject,
      message: "the header must be a JSON object of tensors"),
    Rejection(
      label: "empty header", bytes: Reliability.file(""),
      error: .invalidJSON("unexpected end of JSON", offset: 0),
      message: "the header is not valid JSON: unexpected end of JSON (at byte 8)"),
    Rejection(
      label: "invalid UTF-8 in a name",
      bytes: Reliability.file("{\"\u{FFFF}\":{}}").replacing(
        [0xEF, 0xBF, 0xBF], with: [0xFF, 0xFE, 0x80]),
      error: .invalidJSON("string is not UTF-8", offset: 1),
      message: "the header is not valid JSON: string is not UTF-8 (at byte 9)"),
    Rejection(
      label: "overlong UTF-8 in a name",
      bytes: Reliability.file("{\"ab\":{}}").replacing(Array("ab".utf8), with: [0xC0, 0xAF]),
      error: .invalidJSON("string is not UTF-8", offset: 1),
      message: "the header is not valid JSON: string is not UTF-8 (at byte 9)"),
    Rejection(
      label: "invalid UTF-8 outside strings",
      bytes: Reliability.file("{\u{7F}}").replacing([0x7F], with: [0xFF]),
      error: .invalidJSON("expected a key", offset: 1),
      message: "the header is not valid JSON: expected a key (at byte 9)"),
    Rejection(
      label: "nesting 100 deep",
      bytes: Reliability.file(
        #"{"__metadata__":"# + String(repeating: "[", count: 100)
          + String(repeating: "]", count: 100) + "}"),
      error: .invalidJSON("JSON nested deeper than 32 levels", offset: 47),
      message: "the header is not valid JSON: JSON nested deeper than 32 levels (at byte 55)"),
    Rejection(
      label: "nesting 100000 deep",
      bytes: Reliability.file(String(repeating: "{\"a\":", count: 100_000)),
      error: .invalidJSON("JSON nested deeper than 32 levels", offset: 160),
      message: "the header is not valid JSON: JSON nested deeper than 32 levels (at byte 168)"),
    Rejection(
      label: "a header padded with NUL", bytes: Reliability.file("{}\0\0\0\0\0\0"),
      error: .invalidJSON("unexpected text after the JSON value", offset: 2),
      message: "the header is not valid JSON: unexpected text after the JSON value (at byte 10)"),
  ]

  @Test(arguments: rejections)
  func rejectsWithASpecificError(_ bad: Rejection) {
    do {
      let decoded = try SafeTensors.decode(bad.bytes)
      Issue.record("accepted \(bad.label): \(decoded.tensors.map(\.0))")
    } catch let error as FormatError {
      #expect(error == bad.error)
      #expect(error.description == bad.message)
    } catch {
      Issue.record("\(bad.label): not a format error: \(error)")
    }
  }

  @Test(arguments: 0..<8)
  func filesShorterThanTheLengthFieldAreRejected(size: Int) {
    #expect(throws: FormatError.tooShort(bytes: size)) {
      try SafeTensors.decode([UInt8](repeating: 0, count: size))
    }
  }

  /// Edge cases that are valid: zero-size tensors, an empty header, padding, metadata.
  @Test func validEdgeCasesAreAccepted() throws {
    let empty = try SafeTensors.decode(Reliability.file("{}"))
    #expect(empty.tensors.isEmpty && empty.metadata.isEmpty)
    let zeros = try SafeTensors.decode(
      Reliability.file(
        #"{"z":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]},"s":{"dtype":"F64","shape":[],"data_offsets":[0,8]}}   "#,
        data: withUnsafeBytes(of: (1.875).bitPattern.littleEndian) { Array($0) }))
    #expect(zeros.tensors.map(\.0) == ["z", "s"])
    #expect(zeros.tensors[0].1.shape == (try Shape([0, 3])))
    #expect(zeros.tensors[1].1.values == [1.875])
    let unicode = try SafeTensors.decode(
      Reliability.file(
        #"{"__metadata__":{"n\u00e9":"\ud83d\ude00"},"θ":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
        data: Reliability.floatBytes([2.5])))
    #expect(unicode.metadata.map { $0.0 + $0.1 } == ["né😀"])
    #expect(unicode.tensors.map(\.0) == ["θ"])
  }

  /// Names with quotes, backslashes, control characters and non-ASCII survive encode/decode.
  @Test func awkwardNamesRoundTrip() throws {
    let names = ["a\"b", "back\\slash", "tab\there", "nl\nx", "\u{1}", "θ.W", "😀", "print(1)", ""]
    let tensors = try names.enumerated().map { (i, name) in
      (name, try NDArray([Double(i)], shape: Shape([1])))
    }
    let decoded = try SafeTensors.decode(
      try SafeTensors.encode(tensors, metadata: [("k\"", "v\\")]))
    #expect(decoded.tensors.map(\.0) == names)
    #expect(decoded.tensors.map { $0.1.values } == names.indices.map { [Double($0)] })
    #expect(decoded.metadata.map { $0.0 + $0.1 } == ["k\"v\\"])
  }

  /// A valid file cut at every length is rejected, never accepted and never a trap.
  @Test(arguments: ["python_written.safetensors", "gradus_written.safetensors"])
  func everyTruncationIsRejected(fixture: String) throws {
    let bytes = try #require(Reliability.read(Reliability.fixture(fixture)))
    _ = try SafeTensors.decode(bytes)
    var accepted = [Int]()
    for length in 0..<bytes.count where (try? SafeTensors.decode(Array(bytes[0..<length]))) != nil {
      accepted.append(length)
    }
    #expect(accepted.isEmpty, "accepted truncated to \(accepted) bytes")
  }

  /// Any byte of a valid file changed to anything does not trap (the data section has no
  /// checksum, so changed values there are accepted; the header is checked below).
  @Test func everyByteChangedNeverTraps() throws {
    let bytes = try #require(Reliability.read(Reliability.fixture("gradus_written.safetensors")))
    for position in bytes.indices {
      for value in [bytes[position] ^ 0xFF, 0x00, 0x7F, 0x80, 0xFF] {
        var changed = bytes
        changed[position] = value
        _ = try? SafeTensors.decode(changed)
      }
    }
  }
}

/// The same checks through `load`: the learner's message, and a model left unchanged.
@Suite("Safetensors: load rejects bad files and changes nothing")
struct SafeTensorsLoadTests {
  /// The bytes the header of a file occupies (after the 8-byte length).
  static func headerRange(_ bytes: [UInt8]) -> Range<Int> {
    let length = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    return 8..<(8 + length)
  }

  /// Truncated at every length, through `load`: an error naming the file; the model keeps its
  /// values.
  @Test func everyTruncationIsRejectedByLoad() throws {
    let original = try #require(Reliability.read(Reliability.fixture("gradus_written.safetensors")))
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/cut.safetensors"
    let problems = Reliability.withSession { session -> [String] in
      session.run(Reliability.netSource)
      let before = session.snapshot()
      var problems = [String]()
      for length in 0..<original.count {
        Reliability.write(Array(original[0..<length]), to: path)
        let diagnostic = session.run("load(net, \(Reliability.literal(path)))")
        if diagnostic?.id != .fileError
          || diagnostic?.message.hasPrefix("`\(path)` is not a valid safetensors file: ") != true
        {
          problems.append("\(length) bytes: \(diagnostic?.message ?? "accepted")")
        }
        if session.snapshot() != before { problems.append("\(length) bytes: the model changed") }
      }
      return problems
    }
    #expect(problems.isEmpty, "\(problems.prefix(5))")
  }

  /// Every byte of the JSON header XOR 0xFF and replaced by interesting bytes: rejected with a
  /// file error (the model unchanged), or — when the JSON still means the same, e.g. padding
  /// or metadata text — loaded with identical values. Every variant goes through the loader's
  /// decoding and matching (`SafeTensors.decode`, `assignLoaded`); the XOR ones also through
  /// `load` and a real file.
  @Test func everyHeaderByteChangedIsRejectedOrHarmless() throws {
    let original = try #require(Reliability.read(Reliability.fixture("gradus_written.safetensors")))
    let header = Self.headerRange(original)
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/flipped.safetensors"
    let interesting: [UInt8] = Array(" \"{}[],:0129-.eE\\\0".utf8) + [0x7F, 0x80, 0xC3, 0xFF]
    let (problems, accepted, total) = Reliability.withSession { session -> ([String], Int, Int) in
      session.run(
        Reliability.netSource
          + "\nload(net, \(Reliability.literal(Reliability.fixture("gradus_written.safetensors"))))"
      )
      let expected = session.snapshot()
      let interpreter = session.interpreter
      guard let net = interpreter.value(of: "net"),
        let found = try? interpreter.parameters(in: net, at: Span(start: 0, end: 0))
      else { return (["no model"], 0, 0) }
      var problems = [String]()
      var accepted = 0
      var total = 0
      for position in header {
        let flipped = original[position] ^ 0xFF
        for value in [flipped] + interesting where value != original[position] {
          var changed = original
          changed[position] = value
          total += 1
          let label = "byte \(position) = 0x\(String(value, radix: 16))"
          var loaded = false
          do {
            let decoded = try SafeTensors.decode(changed).tensors
            try interpreter.assignLoaded(decoded, to: found, path: path, at: Span(start: 0, end: 0))
            loaded = true
            accepted += 1
          } catch let failure as RuntimeError {
            let id = failure.diagnostic.id
            if id != .fileError && id != .shapeMismatch { problems.append("\(label): \(id)") }
          } catch is SafeTensors.FormatError {
          } catch {
            problems.append("\(label): \(error)")
          }
          if value == flipped {
            // The same file through `load`: the same verdict.
            Reliability.write(changed, to: path)
            let diagnostic = session.run("load(net, \(Reliability.literal(path)))")
            if (diagnostic == nil) != loaded { problems.append("\(label): load disagrees") }
            if let id = diagnostic?.id, id != .fileError && id != .shapeMismatch {
              problems.append("\(label): load gave \(id)")
            }
          }
          if session.snapshot() != expected { problems.append("\(label): the model changed") }
        }
      }
      return (problems, accepted, total)
    }
    #expect(problems.isEmpty, "\(problems.prefix(5))")
    // Some changes are harmless (padding spaces, metadata text), most are not.
    #expect(accepted > 0 && accepted < total / 4, "\(accepted) of \(total) accepted")
  }

  struct Mismatch: CustomTestStringConvertible, Sendable {
    let label: String
    let tensors: [(String, [Int])]
    let id: DiagnosticID
    let message: String
    let notes: [String]
    var testDescription: String { label }
  }

  static let mismatches: [Mismatch] = [
    Mismatch(
      label: "a name missing", tensors: [("fc1.W", [3, 4]), ("fc1.b", [4]), ("fc2.W", [4, 2])],
      id: .fileError, message: "`PATH` does not hold this model's parameters",
      notes: ["missing from the file: fc2.b"]),
    Mismatch(
      label: "an extra name",
      tensors: [
        ("fc1.W", [3, 4]), ("fc1.b", [4]), ("fc2.W", [4, 2]), ("fc2.b", [2]), ("fc3.W", [2, 1]),
      ],
      id: .fileError, message: "`PATH` does not hold this model's parameters",
      notes: ["in the file but not in the model: fc3.W"]),
    Mismatch(
      label: "renamed",
      tensors: [("fc1.weight", [3, 4]), ("fc1.b", [4]), ("fc2.W", [4, 2]), ("fc2.b", [2])],
      id: .fileError, message: "`PATH` does not hold this model's parameters",
      notes: ["missing from the file: fc1.W", "in the file but not in the model: fc1.weight"]),
    Mismatch(
      label: "no tensors", tensors: [], id: .fileError,
      message: "`PATH` does not hold this model's parameters",
      notes: ["missing from the file: fc1.W, fc1.b, fc2.W, fc2.b"]),
    Mismatch(
      label: "transposed weight",
      tensors: [("fc1.W", [4, 3]), ("fc1.b", [4]), ("fc2.W", [4, 2]), ("fc2.b", [2])],
      id: .shapeMismatch, message: "`fc1.W` has shape [4, 3] in `PATH` but [3, 4] in the model",
      notes: []),
    Mismatch(
      label: "wider layer",
      tensors: [("fc1.W", [3, 4]), ("fc1.b", [4]), ("fc2.W", [4, 2]), ("fc2.b", [3])],
      id: .shapeMismatch, message: "`fc2.b` has shape [3] in `PATH` but [2] in the model", notes: []
    ),
    Mismatch(
      label: "an extra axis",
      tensors: [("fc1.W", [3, 4]), ("fc1.b", [1, 4]), ("fc2.W", [4, 2]), ("fc2.b", [2])],
      id: .shapeMismatch, message: "`fc1.b` has shape [1, 4] in `PATH` but [4] in the model",
      notes: []),
  ]

  @Test(arguments: mismatches)
  func filesForAnotherModelAreRejected(_ mismatch: Mismatch) throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/other.safetensors"
    let tensors = try mismatch.tensors.map { (name, shape) in
      (name, try NDArray.full(Shape(shape), 7, dtype: .float32))
    }
    Reliability.write(try SafeTensors.encode(tensors), to: path)
    let run = RuntimeHarness.run(
      Reliability.netSource + "\nload(net, \(Reliability.literal(path)))")
    let diagnostic = try #require(run.diagnostic)
    #expect(diagnostic.id == mismatch.id)
    #expect(diagnostic.message == mismatch.message.replacingOccurrences(of: "PATH", with: path))
    #expect(diagnostic.notes == mismatch.notes)
    if mismatch.id == .shapeMismatch {
      #expect(diagnostic.help == "build the model with the same sizes it had when it was saved")
    }
    // Nothing was assigned: not even the parameters that did match.
    let net = Reliability.snapshot(run.interpreter.value(of: "net"))
    #expect(!net.values.contains { $0.bits.contains(UInt64(Float(7).bitPattern)) })
  }

  /// The format is data only: a tensor named like Gradus code, or code in the metadata, is
  /// just text. Loading evaluates nothing (nothing is printed, no name is defined).
  @Test func nothingInAFileIsExecuted() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let named = directory + "/named.safetensors"
    Reliability.write(
      try SafeTensors.encode([("print(1)", try NDArray([1], shape: Shape([1])))]), to: named)
    let meta = directory + "/meta.safetensors"
    let tensors = try Reliability.parameterNames.map { name in
      (name, try NDArray.zeros(Shape(Reliability.parameterShapes[name]!)))
    }
    Reliability.write(
      try SafeTensors.encode(
        tensors, metadata: [("code", "print(\"pwned\")\npwned = 1"), ("print(2)", "x = 3")]),
      to: meta)
    let first = RuntimeHarness.run(
      Reliability.netSource + "\nload(net, \(Reliability.literal(named)))")
    #expect(first.diagnostic?.notes.contains("in the file but not in the model: print(1)") == true)
    #expect(first.output.isEmpty)
    let second = RuntimeHarness.run(
      Reliability.netSource + "\nload(net, \(Reliability.literal(meta)))\nsum(net.fc1.W)")
    #expect(second.outcome.succeeded, "\(second.rendered)")
    #expect(second.trimmedOutput == "0.0000")
    #expect(second.shown("pwned") == nil && second.shown("x") == nil)
  }

  /// The help says what is wrong with the path: missing, a folder, a device.
  @Test(arguments: [
    ("/nonexistent-dir/net.safetensors", "check the path and that it is a file"),
    ("/tmp", "it is a folder"),
    ("/dev/null", "it is not a regular file (a device, pipe or socket)"),
    ("/dev/zero", "it is not a regular file (a device, pipe or socket)"),
  ])
  func unreadablePathsAreAClearError(path: String, help: String) {
    let run = RuntimeHarness.run(
      Reliability.netSource + "\nload(net, \(Reliability.literal(path)))")
    #expect(run.diagnostic?.id == .fileError)
    #expect(run.diagnostic?.message == "cannot read `\(path)`")
    #expect(run.diagnostic?.help == help)
  }

  /// The rendered message a learner sees for a corrupt file.
  @Test func corruptFileMessage() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/bad.safetensors"
    Reliability.write(Reliability.file("{}", length: UInt64.max), to: path)
    let run = RuntimeHarness.run(
      Reliability.netSource + "\nload(net, \(Reliability.literal(path)))")
    #expect(
      run.diagnostic?.message
        == "`\(path)` is not a valid safetensors file: the header claims 18446744073709551615 bytes but only 2 follow"
    )
    #expect(run.rendered.contains(" --> test.grad:7:11"))
  }
}

extension Array where Element == UInt8 {
  /// The first occurrence of `pattern` replaced (fixtures for hand-made corruptions).
  func replacing(_ pattern: [UInt8], with replacement: [UInt8]) -> [UInt8] {
    guard pattern.count <= count else { return self }
    for start in 0...(count - pattern.count)
    where Array(self[start..<start + pattern.count]) == pattern {
      return Array(self[..<start]) + replacement + Array(self[(start + pattern.count)...])
    }
    return self
  }
}
