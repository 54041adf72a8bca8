/// A small, strict JSON reader for file headers we must not trust: it rejects duplicate keys
/// (which general-purpose parsers silently merge), limits nesting, and never traps. Public for
/// the Jupyter kernel, which reads the messages a front end sends with it.
public enum StrictJSON: Equatable, Sendable {
  case object([(String, StrictJSON)])
  case array([StrictJSON])
  case string(String)
  case number(Double, text: String)
  case bool(Bool)
  case null

  public static func == (a: StrictJSON, b: StrictJSON) -> Bool {
    switch (a, b) {
    case (.object(let x), .object(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    case (.array(let x), .array(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.number(let x, _), .number(let y, _)): return x == y
    case (.bool(let x), .bool(let y)): return x == y
    case (.null, .null): return true
    default: return false
    }
  }

  public struct ParseError: Error, Equatable {
    public let message: String
    public let offset: Int
    /// Set when a key of the outermost object appears twice (a tensor name, for safetensors).
    var duplicateTopLevelKey: String? = nil
  }

  public static func parse(_ bytes: ArraySlice<UInt8>) throws(ParseError) -> StrictJSON {
    var reader = Reader(bytes: Array(bytes))
    let value = try reader.value(depth: 0)
    reader.skipSpace()
    guard reader.position == reader.bytes.count else {
      throw ParseError(message: "unexpected text after the JSON value", offset: reader.position)
    }
    return value
  }

  private struct Reader {
    let bytes: [UInt8]
    var position = 0
    static let maxDepth = 32

    mutating func skipSpace() {
      while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
        position += 1
      }
    }

    func fail(_ message: String) -> ParseError { ParseError(message: message, offset: position) }

    mutating func value(depth: Int) throws(ParseError) -> StrictJSON {
      guard depth < Reader.maxDepth else {
        throw fail("JSON nested deeper than \(Reader.maxDepth) levels")
      }
      skipSpace()
      guard position < bytes.count else { throw fail("unexpected end of JSON") }
      switch bytes[position] {
      case UInt8(ascii: "{"): return try object(depth: depth)
      case UInt8(ascii: "["): return try array(depth: depth)
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"): return try literal("true", .bool(true))
      case UInt8(ascii: "f"): return try literal("false", .bool(false))
      case UInt8(ascii: "n"): return try literal("null", .null)
      default: return try number()
      }
    }

    mutating func literal(_ word: String, _ result: StrictJSON) throws(ParseError) -> StrictJSON {
      let w = Array(word.utf8)
      guard position + w.count <= bytes.count, Array(bytes[position..<position + w.count]) == w
      else {
        throw fail("invalid JSON value")
      }
      position += w.count
      return result
    }

    mutating func object(depth: Int) throws(ParseError) -> StrictJSON {
      position += 1
      var members = [(String, StrictJSON)]()
      var seen = Set<String>()
      skipSpace()
      if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
        position += 1
        return .object(members)
      }
      while true {
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
          throw fail("expected a key")
        }
        let keyStart = position
        let key = try string()
        guard seen.insert(key).inserted else {
          throw ParseError(
            message: "duplicate name \"\(key)\"", offset: keyStart,
            duplicateTopLevelKey: depth == 0 ? key : nil)
        }
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
          throw fail("expected ':'")
        }
        position += 1
        members.append((key, try value(depth: depth + 1)))
        skipSpace()
        guard position < bytes.count else { throw fail("unexpected end of JSON") }
        if bytes[position] == UInt8(ascii: ",") {
          position += 1
          continue
        }
        guard bytes[position] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
        position += 1
        return .object(members)
      }
    }

    mutating func array(depth: Int) throws(ParseError) -> StrictJSON {
      position += 1
      var items = [StrictJSON]()
      skipSpace()
      if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
        position += 1
        return .array(items)
      }
      while true {
        items.append(try value(depth: depth + 1))
        skipSpace()
        guard position < bytes.count else { throw fail("unexpected end of JSON") }
        if bytes[position] == UInt8(ascii: ",") {
          position += 1
          continue
        }
        guard bytes[position] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
        position += 1
        return .array(items)
      }
    }

    mutating func string() throws(ParseError) -> String {
      let start = position
      position += 1
      var scalars = [UInt8]()
      while position < bytes.count {
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""):
          guard let text = String(validating: scalars, as: UTF8.self) else {
            throw ParseError(message: "string is not UTF-8", offset: start)
          }
          return text
        case UInt8(ascii: "\\"):
          guard position < bytes.count else { throw fail("unterminated escape") }
          let escaped = bytes[position]
          position += 1
          switch escaped {
          case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escaped)
          case UInt8(ascii: "n"): scalars.append(0x0A)
          case UInt8(ascii: "t"): scalars.append(0x09)
          case UInt8(ascii: "r"): scalars.append(0x0D)
          case UInt8(ascii: "b"): scalars.append(0x08)
          case UInt8(ascii: "f"): scalars.append(0x0C)
          case UInt8(ascii: "u"):
            guard let scalar = unicodeEscape() else { throw fail("invalid \\u escape") }
            scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
          default: throw fail("invalid escape")
          }
        case 0..<0x20:
          throw fail("control character in string")
        default:
          scalars.append(byte)
        }
      }
      throw fail("unterminated string")
    }

    /// Four hex digits after `\u` (the reader is just past the `u`); a high surrogate must be
    /// followed by `\u` and a low one. Nil for anything else, with the reader not moved.
    mutating func unicodeEscape() -> Unicode.Scalar? {
      func hex4(at start: Int) -> UInt32? {
        guard start >= 0, start + 4 <= bytes.count else { return nil }
        var code: UInt32 = 0
        for byte in bytes[start..<start + 4] {
          guard let digit = Reader.hexValue(byte) else { return nil }
          code = code << 4 | digit
        }
        return code
      }
      guard let code = hex4(at: position) else { return nil }
      if (0xD800..<0xDC00).contains(code) {
        let next = position + 4
        guard next + 6 <= bytes.count, bytes[next] == UInt8(ascii: "\\"),
          bytes[next + 1] == UInt8(ascii: "u"), let low = hex4(at: next + 2),
          (0xDC00..<0xE000).contains(low)
        else { return nil }
        position = next + 6
        return Unicode.Scalar(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
      }
      guard let scalar = Unicode.Scalar(code) else { return nil }
      position += 4
      return scalar
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
      default: return nil
      }
    }

    /// A number as JSON spells it: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` (no `+1`,
    /// `01`, `.5` or `5.`, which `Double(_:)` alone would accept).
    mutating func number() throws(ParseError) -> StrictJSON {
      let start = position
      func isDigit(_ i: Int) -> Bool {
        i < bytes.count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9")
      }
      func digits() -> Bool {
        guard isDigit(position) else { return false }
        while isDigit(position) { position += 1 }
        return true
      }
      var valid = true
      if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
      if position < bytes.count, bytes[position] == UInt8(ascii: "0") {
        position += 1
      } else {
        valid = digits()
      }
      if valid, position < bytes.count, bytes[position] == UInt8(ascii: ".") {
        position += 1
        valid = digits()
      }
      if valid, position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
        position += 1
        if position < bytes.count,
          bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")
        {
          position += 1
        }
        valid = digits()
      }
      let text = String(decoding: bytes[start..<position], as: UTF8.self)
      guard valid, let value = Double(text) else {
        position = start
        throw fail("invalid JSON value")
      }
      return .number(value, text: text)
    }
  }
}
