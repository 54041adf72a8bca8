import Foundation
import GradusLanguage
import Testing

@testable import GradusREPL

/// Lines from a list, as a pipe would give them.
final class ScriptReader: LineReader {
  private var lines: [String]
  init(_ text: String) {
    lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  func readLine(prompt: String, editorPrompt: String) -> LineInput {
    lines.isEmpty ? .end : .line(lines.removeFirst())
  }

  func remember(_ line: String) {}
}

@Suite("REPL: reading cells")
struct LoopTests {
  /// Runs a script through the loop as `gradus [--prompts always] < script` would.
  static func run(_ script: String, prompts: Bool) throws -> (String, Int32) {
    let console = CapturingConsole()
    let style = ConsoleStyle(prompts: prompts)
    let session = try REPLSession(console: console, style: style)
    var loop = Loop(
      session: session, reader: ScriptReader(script), style: style, interactive: false)
    let status = loop.run()
    return (console.text, status)
  }

  @Test func aTranscriptEchoesEachLineAfterItsPrompt() throws {
    let script = "\n# make x\nx = [1,\n  2]\n\n:type x\nx\n"
    let (text, status) = try Self.run(script, prompts: true)
    #expect(
      text == """
        In [1]: # make x
           ...: x = [1,
           ...:   2]

        In [2]: :type x
        tensor of shape [2], float32

        In [3]: x
        Out[3]: tensor([1.0000, 2.0000], shape: [2])

        """)
    #expect(status == 0)
  }

  @Test func aScriptWithoutPromptsReportsErrorsAtItsOwnLines() throws {
    let (text, status) = try Self.run("x = 1\n\n# note\ny = x +\n  lossx\n", prompts: false)
    #expect(text.contains(" --> <stdin>:5:3\n"))
    #expect(status == 1)
  }

  @Test func commentsBeforeACommandAreDropped() throws {
    let (text, _) = try Self.run("# about to look\n:type 1\n", prompts: false)
    #expect(text == "int\n")
  }

  @Test func aCommandLineNeverContinues() throws {
    let (text, _) = try Self.run(":explain y = relu(\nz = 2\nz\n", prompts: false)
    #expect(text.contains("'(' was never closed"))
    #expect(text.hasSuffix("2\n"))
  }

  @Test func anUnfinishedCellAtTheEndStillRunsAndReportsIt() throws {
    let (text, status) = try Self.run("v = [1, 2", prompts: false)
    #expect(text.contains("'[' was never closed"))
    #expect(status == 1)
  }

  @Test func quitStopsReading() throws {
    let (text, status) = try Self.run("1\n:quit\n2\n", prompts: false)
    #expect(text == "1\n")
    #expect(status == 0)
  }

  @Test func aLongPastedLiteralIsReadInLinearTime() throws {
    let rows = (0..<5_000).map { "  [\($0).0, 1.0, 2.0]," }.joined(separator: "\n")
    let start = Date()
    let (text, _) = try Self.run("x = [\n\(rows)\n]\nx.shape\n", prompts: false)
    #expect(text == "[5000, 3]\n")
    #expect(Date().timeIntervalSince(start) < 5)
  }

  /// `OpenBrackets` agrees with `Parser.isIncomplete` wherever brackets decide.
  @Test(arguments: [
    "z = (x @ W", "x = [1, 2,\n3", "for i in 0..<3 {", "model M(n) {\n  fc = Linear(n, n)",
    "fn f(x) {\n  if x {\n  }", "f(x,", "x = (1 + 2))", "x = (1 + 2]", "x = \"(\"", "# (", "#' [",
    "a = [\n  \"]\",\n", "x = 1",
  ])
  func bracketsAgreeWithTheParser(text: String) {
    var brackets = OpenBrackets()
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      brackets.add(String(line))
    }
    if brackets.areOpen { #expect(Parser.isIncomplete(text)) }
    if brackets.unmatched { #expect(!Parser.isIncomplete(text)) }
  }
}
