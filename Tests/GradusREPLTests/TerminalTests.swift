import Foundation
import Testing

/// `gradus` in a real (pseudo-)terminal: libedit line editing, history recall, completion,
/// Ctrl-C during a computation and at the prompt, Ctrl-D, and the history file.
@Suite(
  "REPL: in a terminal",
  .enabled(
    if: Support.gradusBinary != nil, "the gradus binary is not built: run `swift build` first"))
struct TerminalTests {
  @Test func aPersonAtTheTerminal() throws {
    let binary = try #require(Support.gradusBinary)
    let state = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    let terminal = try PseudoTerminal(
      binary.path,
      environment: [
        "TERM": "xterm", "HOME": state.path, "XDG_STATE_HOME": state.path, "NO_COLOR": "1",
        "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin",
      ])
    try #require(terminal.wait(for: "In [1]: "), "no first prompt:\n\(terminal.transcript)")

    // A line, then the same line recalled with Up and run again.
    terminal.type("x = 41\r")
    #expect(terminal.wait(for: "In [2]: "))
    terminal.type("\u{1B}[A")
    #expect(
      terminal.wait(for: "x = 41", after: terminal.transcript.range(of: "In [2]: ")?.upperBound))
    terminal.type("\r")
    #expect(terminal.wait(for: "In [3]: "))

    // Tab completes a name.
    terminal.type("learning_rate = 5\r")
    #expect(terminal.wait(for: "In [4]: "))
    terminal.type("learn\t + 1\r")
    #expect(terminal.wait(for: "Out[4]: 6"), "Tab did not complete:\n\(terminal.transcript)")

    // Ctrl-C stops a long loop; the prompt comes back within a second and x survives.
    terminal.type("while true { x = x + 1 }\r")
    Thread.sleep(forTimeInterval: 0.3)
    let interruptedAt = Date()
    let beforeInterrupt = terminal.mark
    terminal.type("\u{3}")
    #expect(
      terminal.wait(for: "In [6]: ", after: beforeInterrupt, timeout: 1),
      "no prompt after Ctrl-C:\n\(terminal.transcript)")
    #expect(Date().timeIntervalSince(interruptedAt) < 1)
    #expect(terminal.transcript.contains("interrupted at In [5]"))
    terminal.type("x > 41\r")
    #expect(terminal.wait(for: "Out[6]: true"), "x lost its value:\n\(terminal.transcript)")

    // Ctrl-C at the prompt drops the line without running it. (Wait for the prompt first:
    // the terminal discards what was typed before a Ctrl-C, as terminals do.)
    #expect(terminal.wait(for: "In [7]: "))
    let beforeClear = terminal.mark
    terminal.type("undefined_name")
    Thread.sleep(forTimeInterval: 0.1)
    terminal.type("\u{3}")
    #expect(terminal.wait(for: "In [7]: ", after: beforeClear))
    #expect(!terminal.transcript[beforeClear...].contains("unknown name"))

    // A model typed over several lines.
    terminal.type("model M(n) {\r")
    #expect(terminal.wait(for: "   ...: "))
    terminal.type("  forward(x) = x * n\r}\rM(3)(2)\r")
    #expect(terminal.wait(for: "Out[8]: 6"), "multi-line input failed:\n\(terminal.transcript)")

    // Ctrl-D leaves with status 0, and the history file has the lines. Wait for the prompt
    // first: a Ctrl-D typed while a line still runs reaches a terminal in cooked mode, where it
    // is an end-of-file marker that vanishes when libedit switches to raw mode.
    #expect(terminal.wait(for: "In [9]: "))
    terminal.type("\u{4}")
    #expect(terminal.exitStatus() == 0)
    let history = try String(
      contentsOf: state.appendingPathComponent("gradus/history"), encoding: .utf8)
    #expect(
      history.hasPrefix(
        "x = 41\nx = 41\nlearning_rate = 5\nlearning_rate + 1\nwhile true { x = x + 1 }\n"))
    #expect(history.contains("model M(n) {\n  forward(x) = x * n\n}\n"))
  }

  @Test func historyFromAnEarlierSessionIsRecalled() throws {
    let binary = try #require(Support.gradusBinary)
    let state = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    try FileManager.default.createDirectory(
      at: state.appendingPathComponent("gradus"), withIntermediateDirectories: true)
    try "earlier = 123\n".write(
      to: state.appendingPathComponent("gradus/history"), atomically: true, encoding: .utf8)
    let terminal = try PseudoTerminal(
      binary.path,
      environment: [
        "TERM": "xterm", "HOME": state.path, "XDG_STATE_HOME": state.path, "NO_COLOR": "1",
      ])
    try #require(terminal.wait(for: "In [1]: "))
    terminal.type("\u{1B}[A\r")
    #expect(terminal.wait(for: "In [2]: "))
    terminal.type("earlier\r")
    #expect(terminal.wait(for: "Out[2]: 123"), "\(terminal.transcript)")
    terminal.type(":quit\r")
    #expect(terminal.exitStatus() == 0)
  }
}
