/// Number and string literals.
extension Lexer {
  /// number   -> digits ("." digits)? (("e" | "E") ("+" | "-")? digits)?
  /// digits   -> [0-9] ("_"? [0-9])*
  ///
  /// A `.` belongs to the number only when a digit follows, so `1...10` and
  /// `1..<n` are ranges and `2.` is the integer 2 followed by a `.`. Letters
  /// glued to a number (`3x`, `1e`, `0x1F`) make it invalid rather than
  /// silently splitting it.
  func number() {
    let start = position
    skipDigits()
    if peek() == UInt8(ascii: "."), Self.isDigit(peek(1)) {
      position += 1
      skipDigits()
    }
    var validEnd = position
    var problem: (message: String, help: String)?
    if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
      let sign = peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-") ? 1 : 0
      position += 1 + sign
      if Self.isDigit(peek()) {
        skipDigits()
        validEnd = position
      } else {
        problem = ("the exponent has no digits", "write the exponent in full, as in `1e-3`")
      }
    }
    if position < bytes.count, identifierContinueLength(at: position) != nil {
      let suffixStart = position
      skipIdentifierContinue()
      if problem == nil {
        let number = text(start..<suffixStart)
        let suffix = text(suffixStart..<position)
        problem =
          number == "0" && ["x", "b", "o"].contains(suffix.prefix(1))
          ? ("letters cannot follow digits", "only decimal numbers are supported")
          : ("letters cannot follow digits", "to multiply, write `\(number) * \(suffix)`")
      }
    }
    let valid = text(start..<validEnd)
    if let problem {
      report(
        .error(
          .invalidNumber, "invalid number `\(text(start..<position))`: \(problem.message)",
          at: Span(start: start, end: position), help: problem.help))
    } else if validEnd - start > 300 || valid.contains(where: { $0 == "e" || $0 == "E" }),
      let value = Double(valid.filter { $0 != "_" }), !value.isFinite
    {
      // Only long literals and exponents can overflow, so only they are converted here.
      report(
        .error(
          .invalidNumber, "number `\(valid)` is too large", at: Span(start: start, end: position),
          help: "the largest number is about 1.8e308"))
    }
    add(.number, from: start, text: valid)
  }

  func skipDigits() {
    while Self.isDigit(peek()) || (peek() == UInt8(ascii: "_") && Self.isDigit(peek(1))) {
      position += 1
    }
  }

  /// string -> '"' (char | escape)* '"'   on one line
  /// escape -> "\" ("n" | "t" | "r" | "0" | "\" | '"' | "u{" hex+ "}")
  func string() {
    let start = position
    position += 1
    var value: [UInt8] = []
    while position < bytes.count {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        position += 1
        add(.string, from: start, text: String(decoding: value, as: UTF8.self))
        return
      }
      if byte == UInt8(ascii: "\n") { break }
      if byte == UInt8(ascii: "\\") {
        escape(into: &value)
      } else {
        value.append(byte)
        position += 1
      }
    }
    var end = position
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    report(
      .error(
        .unterminatedString, "unterminated string", at: Span(start: start, end: end),
        label: "this string has no closing `\"`",
        help: "add a `\"` to close the string on the same line; write `\\n` for a line break"))
    add(.string, from: start, to: end, text: String(decoding: value, as: UTF8.self))
  }

  /// Decodes one escape sequence starting at the backslash.
  func escape(into value: inout [UInt8]) {
    let start = position
    let code = peek(1)
    position += 2
    let simple: [UInt8: UInt8] = [
      UInt8(ascii: "n"): 0x0A, UInt8(ascii: "t"): 0x09, UInt8(ascii: "r"): 0x0D,
      UInt8(ascii: "0"): 0x00, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "\""): 0x22,
    ]
    if let byte = simple[code] {
      value.append(byte)
      return
    }
    if code == UInt8(ascii: "u"), peek() == UInt8(ascii: "{") {
      var end = position + 1
      while end < bytes.count, end - position <= 9, bytes[end] != UInt8(ascii: "}"),
        bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\"")
      {
        end += 1
      }
      let hex = end < bytes.count ? text((position + 1)..<end) : ""
      if end < bytes.count, bytes[end] == UInt8(ascii: "}"), !hex.isEmpty,
        let number = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(number)
      {
        value.append(contentsOf: Array(String(scalar).utf8))
        position = end + 1
        return
      }
      // Resume after the `}` if there is one, else before the character that ended the scan.
      let closed = end < bytes.count && bytes[end] == UInt8(ascii: "}")
      position = Swift.min(closed ? end + 1 : end, bytes.count)
      report(
        .error(
          .invalidEscape, "invalid unicode escape", at: Span(start: start, end: position),
          help: "write a code point in hexadecimal, as in `\\u{3B8}` for θ"))
      return
    }
    if code == UInt8(ascii: "\n") || code == 0 {
      position = Swift.min(start + 1, bytes.count)  // let the caller see the line end
      return
    }
    // Keep the whole escaped character in the span, even if it is not ASCII.
    position = start + 1 + scalar(at: start + 1).length
    report(
      .error(
        .invalidEscape, "unknown escape `\(text(start..<position))` in a string",
        at: Span(start: start, end: position),
        help: "the escapes are \\n \\t \\r \\0 \\\\ \\\" and \\u{…}; write `\\\\` for a backslash"))
  }

  /// `'text'` is a Python string: reported, then lexed as a string so the
  /// rest of the line still parses. A lone `'` is just a bad character.
  func singleQuotedString() {
    let start = position
    var end = position + 1
    while end < bytes.count, bytes[end] != UInt8(ascii: "'"), bytes[end] != UInt8(ascii: "\n") {
      end += 1
    }
    guard end < bytes.count, bytes[end] == UInt8(ascii: "'") else {
      position += 1
      report(
        .error(
          .invalidCharacter, "unexpected character `'`", at: Span(start: start, end: position),
          help: "strings are written in double quotes, as in \"loss\""))
      return
    }
    let content = text((start + 1)..<end)
    position = end + 1
    let span = Span(start: start, end: position)
    report(
      .error(
        .invalidCharacter, "strings are written with double quotes", at: span,
        help: "write \"\(content)\"",
        fixIts: [Diagnostic.FixIt(span: span, replacement: "\"\(content)\"")]))
    add(.string, from: start, text: content)
  }
}
