import Testing

@testable import GradusLanguage

@Suite("REPL: incomplete input")
struct CompletenessTests {
  @Test(arguments: [
    "z = (x @ W",
    "x = [1, 2,",
    "for i in 0..<3 {",
    "model M(n) {\n  fc = Linear(n, n)",
    "fn f(x) {\n  if x {\n  }",
    "y = x +",
    "y = x @",
    "loss =",
    "ok = a and",
    "f(x,",
    "net.",
    "if a { } else",
    "w -=",
    "r = 1...",
  ])
  func incomplete(text: String) {
    #expect(Parser.isIncomplete(text))
  }

  @Test(arguments: [
    "",
    "x = 1",
    "print(x)",
    "for i in 0..<3 { print(i) }",
    "x = (1 + 2))",  // a stray closer is an error to report now
    "x = (1 + 2]",
    "for i in range(10):",  // Python: report it instead of waiting
    "\"unterminated",
    "# just a comment (",
    "#' prose [",
    "x = \"(\"",
    "return",
  ])
  func complete(text: String) {
    #expect(!Parser.isIncomplete(text))
  }
}
