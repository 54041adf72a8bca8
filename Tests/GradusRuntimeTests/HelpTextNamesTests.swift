import Foundation
import GradusLanguage
import GradusRuntime
import Testing

/// Every function a diagnostic or help text tells the learner to call exists: the `%` error once
/// suggested `floor(x / m)`, and Gradus has no `floor`.
///
/// The texts are the string literals of the Swift sources (one-line and `"""` blocks; comments
/// are skipped). In each backticked span, every name written as a call, `name(`, must be a
/// builtin or prelude name of a fresh session, or a keyword; names after a `.` are methods and
/// fields, not checked here.
@Suite("Names in help and diagnostic texts")
struct HelpTextNamesTests {
  /// Names the texts use as stand-ins for the learner's own: `f(x)` (a function passed in),
  /// `net(x)` (a model), `forward(x)` (a model's method), and `X`, what an interpolation
  /// (`\(name)`) becomes here.
  static let placeholders: Set<String> = ["f", "net", "forward", "X"]

  static let sources = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

  /// A name called in a backticked span of a string literal, and where.
  struct Call: CustomStringConvertible {
    let name: String
    let place: String
    let span: String
    var description: String { "`\(name)` in `\(span)` (\(place))" }
  }

  @Test func everyCalledNameExists() throws {
    let interpreter = try Interpreter(output: HarnessSink())
    let calls = try Self.calls()
    #expect(calls.count > 20, "the scan found too few texts to mean anything")
    let missing = calls.filter { call in
      !Self.placeholders.contains(call.name) && interpreter.value(of: call.name) == nil
        && !Self.isKeyword(call.name)
    }
    #expect(missing.isEmpty, "\(missing.map(\.description).joined(separator: "\n"))")
  }

  /// The scan itself: a text that calls a name that does not exist is caught.
  @Test func theScanFindsCalls() {
    let names = Self.calledNames(inLiteral: "use `x - floor(x / m) * m` or `\\(f(x)).g(y)` for it")
    #expect(names.map(\.name) == ["floor"])
  }

  /// The `%` error's advice works: `float(t) % m` gives the remainder of a one-element tensor.
  @Test func theRemainderHelpWorks() {
    let (diagnostic, _) = RuntimeHarness.diagnostic("t = [7.5]\nt % 2")
    #expect(diagnostic?.message == "`%` works on numbers, not tensors")
    #expect(diagnostic?.help?.contains("`float(t) % m`") == true)
    #expect(RuntimeHarness.output("t = [7.5]\nfloat(t) % 2") == "1.5000")
  }

  static func isKeyword(_ name: String) -> Bool {
    Lexer.tokenize(SourceFile(name: "name", text: name)).tokens.first?.kind.isKeyword == true
  }

  /// Every call in every string literal under Sources/.
  static func calls() throws -> [Call] {
    let files =
      FileManager.default.enumerator(atPath: sources.path)?
      .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted() ?? []
    var result = [Call]()
    for file in files {
      let text = try String(
        contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      for (number, literal) in literals(in: text) {
        result += calledNames(inLiteral: literal).map {
          Call(name: $0.name, place: "\(file):\(number)", span: $0.span)
        }
      }
    }
    return result
  }

  /// The string literals of a Swift file with their line numbers: each `"…"` on a line that is
  /// not a comment, and each line of a `"""` block.
  static func literals(in text: String) -> [(Int, String)] {
    var result = [(Int, String)]()
    var inBlock = false
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if inBlock {
        if trimmed.hasPrefix("\"\"\"") {
          inBlock = false
        } else {
          result.append((index + 1, String(line)))
        }
        continue
      }
      if trimmed.hasPrefix("//") { continue }
      if trimmed.hasSuffix("\"\"\"") && trimmed.components(separatedBy: "\"\"\"").count == 2 {
        inBlock = true
        continue
      }
      result += quoted(in: Substring(line)).map { (index + 1, $0) }
    }
    return result
  }

  /// The contents of the `"…"` literals on one line (escaped quotes kept inside).
  static func quoted(in line: Substring) -> [String] {
    var result = [String]()
    var current: String?
    var escaped = false
    for character in line {
      guard var text = current else {
        if character == "\"" { current = "" }
        continue
      }
      if escaped {
        text.append(character)
        escaped = false
      } else if character == "\\" {
        text.append(character)
        escaped = true
      } else if character == "\"" {
        result.append(text)
        current = nil
        continue
      } else {
        text.append(character)
      }
      current = text
    }
    return result
  }

  /// The names called in the backticked spans of one literal, interpolations read as `X`.
  static func calledNames(inLiteral literal: String) -> [(name: String, span: String)] {
    let spans = withoutInterpolations(literal).split(
      separator: "`", omittingEmptySubsequences: false
    )
    .enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    var result = [(name: String, span: String)]()
    for span in spans {
      let characters = Array(span)
      var index = 0
      while index < characters.count {
        guard characters[index].isLetter || characters[index] == "_" else {
          index += 1
          continue
        }
        let start = index
        while index < characters.count
          && (characters[index].isLetter || characters[index].isNumber || characters[index] == "_")
        {
          index += 1
        }
        let afterDot = start > 0 && characters[start - 1] == "."
        if index < characters.count && characters[index] == "(" && !afterDot {
          result.append((String(characters[start..<index]), span))
        }
      }
    }
    return result
  }

  /// `\(…)` interpolations (balanced parentheses) replaced by `X`.
  static func withoutInterpolations(_ literal: String) -> String {
    var result = ""
    var depth = 0
    var previous: Character?
    for character in literal {
      if depth > 0 {
        if character == "(" { depth += 1 }
        if character == ")" { depth -= 1 }
      } else if character == "(" && previous == "\\" {
        result.removeLast()
        result.append("X")
        depth = 1
      } else {
        result.append(character)
      }
      previous = character
    }
    return result
  }
}
