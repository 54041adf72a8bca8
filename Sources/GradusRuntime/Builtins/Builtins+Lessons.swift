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
        text = s
      } else {
        text = args.interpreter.format.display(value)
      }
      let width = try args.int(1, "width")
      guard width >= 0 else {
        throw args.interpreter.error(
          .invalidValue, "the width must not be negative", at: args.span(of: 1))
      }
      return .string(String(repeating: " ", count: max(0, width - text.count)) + text)
    }
  ]
}
