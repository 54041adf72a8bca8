import Testing

@testable import GradusLanguage

/// The parser must never trap, whatever the input. A small deterministic
/// fuzzer (a seeded generator over fragments of Gradus and of garbage) runs
/// in every `swift test`; the libFuzzer target covers the rest.
@Suite("Parser: never traps")
struct RobustnessTests {
  /// SplitMix64, so failures reproduce from the seed.
  struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  static let fragments = [
    "x", "θ", "中", " ", "\n", "\t", "\r\n", "=", "==", "+", "-", "*", "/", "^", "@", "%", "(", ")",
    "[", "]", "{", "}", ",", ":", ";", ".", "...", "..<", "1", "0.5", "1e-3", "1e", "\"s\"", "\"",
    "\\", "#", "#'", "fn", "model", "if", "else", "for", "in", "while", "return", "break",
    "continue", "and", "or", "not", "self", "true", "none", "def", "elif", "range(3):", "**",
    "&&", "!", "'", "$", "\u{0}", "\u{FEFF}", "\u{200B}", "😀", "−", "e\u{301}", "_", "f(", "x[",
  ]

  @Test(arguments: 0..<8)
  func randomFragmentsNeverTrap(seed: Int) {
    var generator = Generator(state: UInt64(seed))
    for _ in 0..<250 {
      var text = ""
      for _ in 0..<Int.random(in: 0...40, using: &generator) {
        text += Self.fragments.randomElement(using: &generator) ?? ""
      }
      let result = Parser.parse(text: text)
      let rendered = DiagnosticRenderer(style: .ansi).render(
        result.diagnostics, in: result.program.source)
      #expect(result.diagnostics.isEmpty || !rendered.isEmpty)
      _ = result.program.sexpr
      _ = Parser.isIncomplete(text)
    }
  }

  @Test func everyPrefixOfAProgramParses() {
    let program = """
      model Net(n_in, n_out = 1) {
        fc = Linear(n_in, n_out)
        forward(x) = relu(fc(x))
      }
      for (xb, yb) in batches(x, y, size: 16) { loss = mean((net(xb) - yb) ^ 2); backward(loss) }
      y = x[:, 0:3] @ W.T + -b^2
      """
    let characters = Array(program)
    for end in 0...characters.count {
      let result = Parser.parse(text: String(characters[..<end]))
      _ = DiagnosticRenderer().render(result.diagnostics, in: result.program.source)
    }
  }
}
