/// The safetensors format (as written by Python's `safetensors`), so PyTorch and NumPy users can
/// open what Gradus saves: an 8-byte little-endian header length N, N bytes of JSON
/// (`{"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, …}`), then the raw
/// little-endian data. Reading trusts nothing: every length, offset and count is checked, and a
/// file is data only — nothing in it is executed.
public enum SafeTensors {
  /// Why a file was rejected.
  public enum FormatError: Error, Equatable, CustomStringConvertible {
    case tooShort(bytes: Int)
    case headerTooLarge(declared: UInt64, available: Int)
    case invalidJSON(String, offset: Int)
    case notAnObject
    case invalidEntry(name: String, reason: String)
    case unknownDType(name: String, dtype: String)
    case countOverflow(name: String)
    case sizeMismatch(name: String, expected: Int, actual: Int)
    case offsetsOutOfRange(name: String, end: Int, dataSize: Int)
    case overlapOrGap(name: String, expectedStart: Int, actualStart: Int)
    case trailingData(used: Int, dataSize: Int)
    case duplicateName(String)

    public var description: String {
      switch self {
      case .tooShort(let n):
        return "the file is too short to be safetensors (\(n) bytes; at least 8 needed)"
      case .headerTooLarge(let declared, let available):
        return "the header claims \(declared) bytes but only \(available) follow"
      case .invalidJSON(let message, let offset):
        return "the header is not valid JSON: \(message) (at byte \(offset + 8))"
      case .notAnObject: return "the header must be a JSON object of tensors"
      case .invalidEntry(let name, let reason): return "tensor \"\(name)\": \(reason)"
      case .unknownDType(let name, let dtype):
        return "tensor \"\(name)\" has dtype \(dtype); Gradus reads F32 and F64"
      case .countOverflow(let name):
        return "tensor \"\(name)\" has more elements than can be counted"
      case .sizeMismatch(let name, let expected, let actual):
        return
          "tensor \"\(name)\" needs \(expected) bytes for its shape but its offsets span \(actual)"
      case .offsetsOutOfRange(let name, let end, let size):
        return "tensor \"\(name)\" ends at byte \(end) of a data section of \(size) bytes"
      case .overlapOrGap(let name, let expected, let actual):
        return
          "tensor \"\(name)\" starts at byte \(actual) but the previous one ends at \(expected): tensors must follow each other without gaps or overlaps"
      case .trailingData(let used, let size):
        return "the tensors cover \(used) bytes but the data section has \(size)"
      case .duplicateName(let name): return "the name \"\(name)\" appears twice"
      }
    }
  }

  /// Encodes named arrays (in the given order) with optional string metadata.
  public static func encode(_ tensors: [(String, NDArray)], metadata: [(String, String)] = [])
    throws(TensorError)
    -> [UInt8]
  {
    for (_, array) in tensors { try array.requireValues("save") }
    var header = "{"
    var entries = [String]()
    if !metadata.isEmpty {
      entries.append(
        "\"__metadata__\":{"
          + metadata.map { "\(quote($0.0)):\(quote($0.1))" }.joined(separator: ",") + "}")
    }
    var offset = 0
    var arrays = [NDArray]()
    for (name, array) in tensors {
      let contiguous = try array.contiguous()
      let bytes = contiguous.count * array.dtype.size
      let dtype = array.dtype == .float32 ? "F32" : "F64"
      let shape = "[" + array.shape.sizes.map(String.init).joined(separator: ",") + "]"
      entries.append(
        "\(quote(name)):{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":[\(offset),\(offset + bytes)]}"
      )
      offset += bytes
      arrays.append(contiguous)
    }
    header += entries.joined(separator: ",") + "}"
    // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
    while (header.utf8.count + 8) % 8 != 0 { header += " " }
    // The whole file is built in memory: its bytes count against the budget while it is built
    // (the caller writes it out without allocating more).
    let fileBytes = try MemoryCharge(count: 8 + header.utf8.count + offset, elementSize: 1)
    var out = [UInt8]()
    out.reserveCapacity(fileBytes.bytes)
    var length = UInt64(header.utf8.count).littleEndian
    withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
    out.append(contentsOf: header.utf8)
    for array in arrays {
      let raw = UnsafeRawBufferPointer(
        start: array.storage.raw + array.offset * array.dtype.size,
        count: array.count * array.dtype.size)
      out.append(contentsOf: raw)
    }
    return out
  }

  /// Decodes and validates a whole file: tensors in file order, and the metadata.
  public static func decode(_ bytes: [UInt8]) throws -> (
    tensors: [(String, NDArray)], metadata: [(String, String)]
  ) {
    guard bytes.count >= 8 else { throw FormatError.tooShort(bytes: bytes.count) }
    // The file's bytes stay in memory while its tensors are made beside them.
    let fileBytes = try MemoryCharge(count: bytes.count, elementSize: 1)
    defer { withExtendedLifetime(fileBytes) {} }
    var declared: UInt64 = 0
    for i in 0..<8 { declared |= UInt64(bytes[i]) << (8 * UInt64(i)) }
    guard declared <= UInt64(bytes.count - 8) else {
      throw FormatError.headerTooLarge(declared: declared, available: bytes.count - 8)
    }
    let headerEnd = 8 + Int(declared)
    let json: StrictJSON
    do { json = try StrictJSON.parse(bytes[8..<headerEnd]) } catch {
      if let name = error.duplicateTopLevelKey { throw FormatError.duplicateName(name) }
      throw FormatError.invalidJSON(error.message, offset: error.offset)
    }
    guard case .object(let members) = json else { throw FormatError.notAnObject }
    let dataSize = bytes.count - headerEnd
    var metadata = [(String, String)]()
    var entries = [(name: String, dtype: DType, shape: Shape, begin: Int, end: Int)]()
    for (name, value) in members {
      if name == "__metadata__" {
        guard case .object(let pairs) = value else {
          throw FormatError.invalidEntry(name: name, reason: "metadata must be an object")
        }
        for (key, item) in pairs {
          guard case .string(let text) = item else {
            throw FormatError.invalidEntry(name: name, reason: "metadata values must be strings")
          }
          metadata.append((key, text))
        }
        continue
      }
      entries.append(try entry(name, value, dataSize: dataSize))
    }
    // Offsets must tile the data section exactly, in order of their start.
    var cursor = 0
    for e in entries.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
      guard e.begin == cursor else {
        throw FormatError.overlapOrGap(name: e.name, expectedStart: cursor, actualStart: e.begin)
      }
      cursor = e.end
    }
    guard cursor == dataSize else {
      throw FormatError.trailingData(used: cursor, dataSize: dataSize)
    }
    var tensors = [(String, NDArray)]()
    for e in entries {
      let array = try NDArray(uninitialized: e.shape, dtype: e.dtype)
      bytes.withUnsafeBytes { raw in
        array.storage.raw.copyMemory(
          from: raw.baseAddress! + headerEnd + e.begin, byteCount: e.end - e.begin)
      }
      tensors.append((e.name, array))
    }
    return (tensors, metadata)
  }

  private static func entry(_ name: String, _ value: StrictJSON, dataSize: Int) throws -> (
    name: String, dtype: DType, shape: Shape, begin: Int, end: Int
  ) {
    guard case .object(let fields) = value else {
      throw FormatError.invalidEntry(name: name, reason: "must be an object")
    }
    func field(_ key: String) -> StrictJSON? { fields.first { $0.0 == key }?.1 }
    for (key, _) in fields where !["dtype", "shape", "data_offsets"].contains(key) {
      throw FormatError.invalidEntry(name: name, reason: "unexpected field \"\(key)\"")
    }
    guard case .string(let dtypeName)? = field("dtype") else {
      throw FormatError.invalidEntry(name: name, reason: "missing dtype")
    }
    let dtype: DType
    switch dtypeName {
    case "F32": dtype = .float32
    case "F64": dtype = .float64
    default: throw FormatError.unknownDType(name: name, dtype: dtypeName)
    }
    guard case .array(let dims)? = field("shape") else {
      throw FormatError.invalidEntry(name: name, reason: "missing shape")
    }
    let sizes = try dims.map { dim throws -> Int in
      guard let size = wholeNumber(dim) else {
        throw FormatError.invalidEntry(name: name, reason: "shape sizes must be whole numbers ≥ 0")
      }
      return size
    }
    guard sizes.count <= Shape.maxRank else {
      throw FormatError.invalidEntry(
        name: name, reason: "has \(sizes.count) dimensions; at most \(Shape.maxRank) are supported")
    }
    guard case .array(let offsets)? = field("data_offsets"), offsets.count == 2,
      let begin = wholeNumber(offsets[0]), let end = wholeNumber(offsets[1]), begin <= end
    else {
      throw FormatError.invalidEntry(
        name: name, reason: "data_offsets must be two whole numbers [begin, end] with begin ≤ end")
    }
    guard let count = try? SizeArithmetic.product(sizes, op: "load", what: "the element count"),
      let expected = try? SizeArithmetic.multiply(count, dtype.size, op: "load", what: "the bytes")
    else { throw FormatError.countOverflow(name: name) }
    guard end <= dataSize else {
      throw FormatError.offsetsOutOfRange(name: name, end: end, dataSize: dataSize)
    }
    guard expected == end - begin else {
      throw FormatError.sizeMismatch(name: name, expected: expected, actual: end - begin)
    }
    // The file is well formed; a tensor larger than the memory limit is the limit's error.
    return (name, dtype, try Shape(sizes), begin, end)
  }

  /// A size or offset: digits only (as the reference reader's unsigned integers), no sign,
  /// fraction or exponent, and small enough for an Int.
  private static func wholeNumber(_ value: StrictJSON) -> Int? {
    guard case .number(_, let text) = value, !text.isEmpty,
      text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
    else { return nil }
    return Int(text)
  }

  private static func quote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          out +=
            "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
            + String(scalar.value, radix: 16)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
