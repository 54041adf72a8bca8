import Foundation
import Testing

/// Stepping through a lesson at a real (pseudo-)terminal: single keys without Enter, exploring
/// through the line editor, Ctrl-C between cells quitting the lesson (not the REPL), and the
/// session afterwards. The scripted tests cannot see raw mode or libedit; these can.
@Suite(
  "REPL: :lesson in a terminal",
  .enabled(
    if: Support.gradusBinary != nil, "the gradus binary is not built: run `swift build` first"))
struct LessonTerminalTests {
  static func start(_ arguments: [String] = []) throws -> (PseudoTerminal, URL) {
    let state = Support.temporaryDirectory()
    let terminal = try Support.launchGradus(
      state: state, arguments: arguments,
      extra: [
        "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin",
        "GRADUS_LESSONS": Support.repositoryRoot.appendingPathComponent("lessons").path,
      ])
    return (terminal, state)
  }

  @Test func inTheREPL() throws {
    let (terminal, state) = try Self.start()
    defer { try? FileManager.default.removeItem(at: state) }
    try #require(terminal.wait(for: "In [1]: "), "no first prompt:\n\(terminal.transcript)")
    // The banner says where the lessons are.
    #expect(terminal.transcript.contains("`:lesson 0` starts the first here"))
    #expect(terminal.transcript.contains("`gradus lessons` lists them all"))
    terminal.type("v = 7\r")
    #expect(terminal.wait(for: "In [2]: "))
    terminal.type(":lesson 0\r")
    #expect(
      terminal.wait(for: "── cell 1 of "), "no pause after the first cell:\n\(terminal.transcript)")
    terminal.type("e")
    #expect(terminal.wait(for: "explore [1]: "))
    terminal.type("v * 10\r")
    #expect(terminal.wait(for: "tensor([10.0000, 20.0000, 30.0000]"))
    let back = terminal.mark
    terminal.type(":continue\r")
    #expect(terminal.wait(for: "── cell 1 of ", after: back))
    // Ctrl-C at the pause leaves the lesson and nothing else.
    terminal.type("\u{3}")
    #expect(terminal.wait(for: "your names are as you left them."), "\(terminal.transcript)")
    #expect(terminal.wait(for: "In [3]: "))
    terminal.type("v\r")
    #expect(terminal.wait(for: "Out[3]: 7"), "the session lost v:\n\(terminal.transcript)")
    // Ctrl-D only once libedit has the terminal: typed before, cooked mode would swallow it.
    #expect(terminal.wait(for: "In [4]: "))
    terminal.type("\u{4}")
    #expect(terminal.exitStatus() == 0)
  }

  @Test func fromTheCommandLine() throws {
    let (terminal, state) = try Self.start(["lesson", "0"])
    defer { try? FileManager.default.removeItem(at: state) }
    try #require(terminal.wait(for: "── cell 1 of "), "no pause:\n\(terminal.transcript)")
    let rerun = terminal.mark
    terminal.type("r")
    #expect(terminal.wait(for: "3.5000", after: rerun))
    #expect(terminal.wait(for: "── cell 1 of ", after: rerun))
    terminal.type("q")
    #expect(terminal.exitStatus() == 0)
    #expect(!terminal.transcript.contains("## Elementwise arithmetic"))
  }
}
