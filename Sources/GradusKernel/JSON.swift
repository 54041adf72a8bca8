import GradusTensor

/// JSON the kernel sends, written by hand so that the bytes signed are the bytes sent.
public indirect enum JSONOut: Sendable, Equatable {
  case object([(String, JSONOut)])
  case array([JSONOut])
  case string(String)
  case int(Int)
  case bool(Bool)
  case null
  /// JSON text already written (a request's header, copied verbatim as a reply's parent).
  case raw([UInt8])

  public static func == (a: JSONOut, b: JSONOut) -> Bool { a.bytes == b.bytes }

  /// The text as UTF-8 bytes, without spaces: `{}` for an empty object.
  public var bytes: [UInt8] {
    var out: [UInt8] = []
    write(to: &out)
    return out
  }

  private func write(to out: inout [UInt8]) {
    switch self {
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      for (index, (key, value)) in members.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        Self.quote(key, to: &out)
        out.append(UInt8(ascii: ":"))
        value.write(to: &out)
      }
      out.append(UInt8(ascii: "}"))
    case .array(let items):
      out.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        item.write(to: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .string(let text): Self.quote(text, to: &out)
    case .int(let number): out += Array(String(number).utf8)
    case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
    case .null: out += Array("null".utf8)
    case .raw(let text): out += text
    }
  }

  /// A JSON string: quotes, backslashes and control characters escaped; the rest as UTF-8.
  private static func quote(_ text: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out += Array("\\\"".utf8)
      case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
      case 0x0A: out += Array("\\n".utf8)
      case 0x0D: out += Array("\\r".utf8)
      case 0x09: out += Array("\\t".utf8)
      case 0..<0x20:
        let digits = Array("0123456789abcdef".utf8)
        out += Array("\\u00".utf8) + [digits[Int(byte >> 4)], digits[Int(byte & 15)]]
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}

/// Reading the JSON a front end sends.
extension StrictJSON {
  /// The member `key` of an object; nil for a missing key or a value that is not an object.
  public subscript(key: String) -> StrictJSON? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  public var string: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  public var int: Int? {
    if case .number(let value, _) = self, let whole = Int(exactly: value) { return whole }
    return nil
  }

  public var bool: Bool? {
    if case .bool(let flag) = self { return flag }
    return nil
  }
}
