import Testing

@testable import GradusTensor

/// The JSON reader for safetensors headers: strict (RFC 8259, no duplicate keys, bounded
/// nesting) and never trapping.
@Suite("StrictJSON")
struct StrictJSONTests {
  static func parse(_ text: String) throws(StrictJSON.ParseError) -> StrictJSON {
    try StrictJSON.parse(ArraySlice(Array(text.utf8)))
  }

  @Test(arguments: [
    ("{}", StrictJSON.object([])),
    ("[]", .array([])),
    (" \t\r\n{ } \n", .object([])),
    ("true", .bool(true)),
    ("false", .bool(false)),
    ("null", .null),
    ("0", .number(0, text: "0")),
    ("-0", .number(-0.0, text: "-0")),
    ("12", .number(12, text: "12")),
    ("-1.5e3", .number(-1500, text: "-1.5e3")),
    ("2E+2", .number(200, text: "2E+2")),
    ("1e-2", .number(0.01, text: "1e-2")),
    ("0.25", .number(0.25, text: "0.25")),
    ("1e999", .number(.infinity, text: "1e999")),
    (#""a\"b\\c\/d\n\t\r\b\f""#, .string("a\"b\\c/d\n\t\r\u{8}\u{C}")),
    (#""\u00e9\u00E9""#, .string("éé")),
    (#""\ud83d\ude00""#, .string("😀")),
    (#""θ😀""#, .string("θ😀")),
    (#""\u0000""#, .string("\0")),
    ("\"\u{7F}\"", .string("\u{7F}")),
    (
      #"[1,[2,{}],"x"]"#,
      .array([.number(1, text: "1"), .array([.number(2, text: "2"), .object([])]), .string("x")])
    ),
    (#"{"b":1,"a":2}"#, .object([("b", .number(1, text: "1")), ("a", .number(2, text: "2"))])),
    (#"{"a":{"a":1}}"#, .object([("a", .object([("a", .number(1, text: "1"))]))])),
  ])
  func parsesValidJSON(text: String, expected: StrictJSON) throws {
    #expect(try Self.parse(text) == expected)
  }

  @Test func keepsKeyOrderAndNumberText() throws {
    guard case .object(let members) = try Self.parse(#"{"z":1.50,"y":2,"x":3}"#) else {
      Issue.record("not an object")
      return
    }
    #expect(members.map(\.0) == ["z", "y", "x"])
    guard case .number(let value, let text) = members[0].1 else { return }
    #expect(value == 1.5 && text == "1.50")
  }

  /// Each invalid text, the message and the byte offset it reports.
  @Test(arguments: [
    ("", "unexpected end of JSON", 0),
    ("   ", "unexpected end of JSON", 3),
    ("+1", "invalid JSON value", 0),
    ("01", "unexpected text after the JSON value", 1),
    (".5", "invalid JSON value", 0),
    ("5.", "invalid JSON value", 0),
    ("1e", "invalid JSON value", 0),
    ("1e+", "invalid JSON value", 0),
    ("-", "invalid JSON value", 0),
    ("--1", "invalid JSON value", 0),
    ("0x10", "unexpected text after the JSON value", 1),
    ("NaN", "invalid JSON value", 0),
    ("Infinity", "invalid JSON value", 0),
    ("-Infinity", "invalid JSON value", 0),
    ("tru", "invalid JSON value", 0),
    ("nul", "invalid JSON value", 0),
    ("True", "invalid JSON value", 0),
    ("'a'", "invalid JSON value", 0),
    (#""abc"#, "unterminated string", 4),
    (#""a\"#, "unterminated escape", 3),
    (#""\x""#, "invalid escape", 3),
    (#""\u12""#, #"invalid \u escape"#, 3),
    (#""\u+123""#, #"invalid \u escape"#, 3),
    (#""\u-123""#, #"invalid \u escape"#, 3),
    (#""\u 123""#, #"invalid \u escape"#, 3),
    (#""\uD800""#, #"invalid \u escape"#, 3),
    (#""\uDC00""#, #"invalid \u escape"#, 3),
    (#""\uD83D\u0041""#, #"invalid \u escape"#, 3),
    ("\"a\nb\"", "control character in string", 3),
    ("\"\t\"", "control character in string", 2),
    ("[1,]", "invalid JSON value", 3),
    ("[1 2]", "expected ',' or ']'", 3),
    ("[1", "unexpected end of JSON", 2),
    (#"{"a":1,}"#, "expected a key", 7),
    (#"{"a" 1}"#, "expected ':'", 5),
    (#"{"a":1 "b":2}"#, "expected ',' or '}'", 7),
    ("{a:1}", "expected a key", 1),
    (#"{"a":1"#, "unexpected end of JSON", 6),
    (#"{"a":}"#, "invalid JSON value", 5),
    ("{} {}", "unexpected text after the JSON value", 3),
    ("[] x", "unexpected text after the JSON value", 3),
    (#"{"a":1,"a":2}"#, "duplicate name \"a\"", 7),
    (#"{"k":{"a":1,"a":2}}"#, "duplicate name \"a\"", 12),
    (#"{"\u0061":1,"a":2}"#, "duplicate name \"a\"", 12),
  ])
  func rejectsInvalidJSON(text: String, message: String, offset: Int) {
    do {
      let value = try Self.parse(text)
      Issue.record("accepted \(text.debugDescription) as \(value)")
    } catch {
      #expect(error.message == message, "\(text.debugDescription)")
      #expect(error.offset == offset, "\(text.debugDescription)")
    }
  }

  /// Only a repeated key of the outermost object is a duplicate tensor name.
  @Test func duplicateKeysAreReportedWithTheirDepth() {
    do {
      _ = try Self.parse(#"{"w":1,"w":2}"#)
    } catch {
      #expect(error.duplicateTopLevelKey == "w")
    }
    do {
      _ = try Self.parse(#"{"w":{"dtype":1,"dtype":2}}"#)
    } catch {
      #expect(error.duplicateTopLevelKey == nil)
    }
  }

  @Test func invalidUTF8IsRejected() {
    for bytes: [UInt8] in [
      [0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xC0, 0xAF, 0x22],
      [0x22, 0xED, 0xA0, 0x80, 0x22],
      [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
    ] {
      #expect(throws: StrictJSON.ParseError.self, "\(bytes)") {
        try StrictJSON.parse(ArraySlice(bytes))
      }
    }
    // Outside strings any byte above 0x7F is simply not JSON.
    #expect(throws: StrictJSON.ParseError.self) {
      try StrictJSON.parse(ArraySlice([0x5B, 0xC3, 0xA9, 0x5D]))
    }
  }

  /// Nesting is bounded (32 levels), so deep input is an error and never a stack overflow.
  @Test func nestingIsLimited() throws {
    let ok = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
    #expect(try Self.parse(ok) != .null)
    for depth in [33, 100, 100_000] {
      let deep = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
      do {
        _ = try Self.parse(deep)
        Issue.record("accepted nesting \(depth)")
      } catch {
        #expect(error.message == "JSON nested deeper than 32 levels")
        #expect(error.offset == 32)
      }
    }
    let objects = String(repeating: #"{"a":"#, count: 100_000)
    #expect(throws: StrictJSON.ParseError.self) { try Self.parse(objects) }
  }

  /// Random byte strings over JSON's alphabet, and mutations of a real header, never trap.
  @Test func randomInputNeverTraps() {
    var generator = SplitMix(seed: 42)
    let alphabet =
      Array(#"{}[]",:-+.0123456789eEtrufalsn\u"#.utf8) + [0x20, 0x0A, 0x00, 0x80, 0xC3, 0xFF]
    var accepted = 0
    for _ in 0..<20_000 {
      let length = Int(generator.next() % 24)
      let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
      if (try? StrictJSON.parse(ArraySlice(bytes))) != nil { accepted += 1 }
    }
    #expect(accepted > 0)
    let header = Array(
      #"{"__metadata__":{"format":"gradus"},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}"#
        .utf8)
    for _ in 0..<20_000 {
      var bytes = header
      for _ in 0..<Int(1 + generator.next() % 3) {
        bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(
          truncatingIfNeeded: generator.next())
      }
      _ = try? StrictJSON.parse(ArraySlice(bytes))
    }
  }

  struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }
}
