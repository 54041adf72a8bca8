import GradusLanguage

extension Builtins {
  /// Helpers the lessons use to print readable tables.
  static let lessons: [Builtin] = [
    Builtin(
      "pad", "pad(x, width)", "x as text, right-aligned in `width` characters (for tables)",
      example: "print(pad(\"step\", 6), pad(0.5, 10))"
    ) { args in
      try args.expect(2, signature: "pad(x, width)")
      let value = args.positional[0]
      let text: String
      if case .string(let s) = value {
        text = s.text
      } else {
        text = args.interpreter.format.display(value)
      }
      let width = try args.int(1, "width")
      guard width >= 0 else {
        throw args.interpreter.error(
          .invalidValue, "the width must not be negative", at: args.span(of: 1))
      }
      try args.interpreter.reserve(width, of: UInt8.self, at: args.span(of: 1))
      return try .string(String(repeating: " ", count: max(0, width - text.count)) + text)
    },
    Builtin(
      "thousands", "thousands(n)",
      "a whole number as text with a comma between groups of three digits (for big counts)",
      example: "thousands(175221867601)"
    ) { args in
      try args.expect(1, signature: "thousands(n)")
      return try .string(groupedDigits(try args.int(0, "n")))
    },
  ]

  /// `-1234567` → `-1,234,567`.
  static func groupedDigits(_ n: Int) -> String {
    var result = ""
    for (i, digit) in String(n.magnitude).reversed().enumerated() {
      if i > 0 && i % 3 == 0 { result.append(",") }
      result.append(digit)
    }
    return (n < 0 ? "-" : "") + String(result.reversed())
  }
}
