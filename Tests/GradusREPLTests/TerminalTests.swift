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
    let state = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    let terminal = try Support.launchGradus(
      state: state, extra: ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"])
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

    // Ctrl-C stops a long loop; the prompt comes back promptly and x survives.
    terminal.type("while true { x = x + 1 }\r")
    Thread.sleep(forTimeInterval: 0.3)
    let beforeInterrupt = terminal.mark
    let latency = Self.timeToPrompt("In [6]: ", after: "\u{3}", in: terminal)
    #expect(latency < Self.promptLatencyLimit, "prompt after \(latency) s")
    #expect(terminal.transcript[beforeInterrupt...].contains("interrupted at In [5]"))
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
    // Up twice recalls the model as one entry, all three lines, and Enter runs it again.
    let beforeRecall = terminal.mark
    terminal.type("\u{1B}[A")
    #expect(terminal.wait(for: "M(3)(2)", after: beforeRecall))
    terminal.type("\u{1B}[A")
    #expect(terminal.wait(for: "  forward(x) = x * n", after: beforeRecall))
    terminal.type("\r")
    #expect(terminal.wait(for: "In [10]: ", after: beforeRecall), "\(terminal.transcript)")
    terminal.type("M(4)(2)\r")
    #expect(
      terminal.wait(for: "Out[10]: 8"), "the recalled model did not run:\n\(terminal.transcript)")
    #expect(terminal.wait(for: "In [11]: "))
    terminal.type("\u{4}")
    #expect(terminal.exitStatus() == 0)
    let history = try String(
      contentsOf: state.appendingPathComponent("gradus/history"), encoding: .utf8)
    #expect(
      history.hasPrefix(
        "x = 41\nx = 41\nlearning_rate = 5\nlearning_rate + 1\nwhile true { x = x + 1 }\n"))
    // One line of the file per cell; the cell's own line breaks are record separators.
    #expect(history.contains("\nmodel M(n) {\u{1E}  forward(x) = x * n\u{1E}}\nM(3)(2)\n"))
  }

  /// Ctrl-R says what it searches for and what it found; Ctrl-R again goes further back; Enter
  /// puts the entry at the prompt, and Enter again runs it.
  @Test func ctrlRSearchesTheHistoryReadably() throws {
    let state = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    let terminal = try Support.launchGradus(
      state: state, extra: ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"])
    try #require(terminal.wait(for: "In [1]: "), "no first prompt:\n\(terminal.transcript)")
    terminal.type("alpha = 1\r")
    #expect(terminal.wait(for: "In [2]: "))
    terminal.type("alpha + 10\r")
    #expect(terminal.wait(for: "In [3]: "))
    let search = terminal.mark
    terminal.type("\u{12}")
    #expect(terminal.wait(for: "search history (type; Ctrl-R older", after: search))
    terminal.type("alp")
    #expect(terminal.wait(for: "search history for `alp`: alpha + 10", after: search))
    terminal.type("\u{12}")
    #expect(terminal.wait(for: "search history for `alp`: alpha = 1", after: search))
    terminal.type("\u{7F}\u{7F}\u{7F}pha +")
    #expect(terminal.wait(for: "search history for `pha +`: alpha + 10", after: search))
    terminal.type("\r")
    Thread.sleep(forTimeInterval: 0.2)
    terminal.type("\r")
    #expect(terminal.wait(for: "Out[3]: 11", after: search), "\(terminal.transcript)")
    // Ctrl-G leaves the line as it was.
    #expect(terminal.wait(for: "In [4]: "))
    let cancel = terminal.mark
    terminal.type("beta = 3")
    Thread.sleep(forTimeInterval: 0.1)
    terminal.type("\u{12}zz")
    #expect(terminal.wait(for: "search history for `zz`: (nothing matches)", after: cancel))
    terminal.type("\u{7}")
    Thread.sleep(forTimeInterval: 0.2)
    terminal.type("\rbeta\r")
    #expect(terminal.wait(for: "Out[5]: 3", after: cancel), "\(terminal.transcript)")
    #expect(terminal.wait(for: "In [6]: "))
    terminal.type("\u{4}")
    #expect(terminal.exitStatus() == 0)
  }

  /// Ctrl-C during training (matrix products, backward, an optimizer step in every iteration)
  /// is noticed at the next operation, and the model and the data are still usable.
  @Test func ctrlCStopsATrainingLoop() throws {
    let state = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    let terminal = try Support.launchGradus(state: state)
    try #require(terminal.wait(for: "In [1]: "))
    let cells = [
      "model Net() {\r fc1 = Linear(256, 256)\r fc2 = Linear(256, 10)\r"
        + " forward(x) = fc2(relu(fc1(x)))\r}\r",
      "net = Net()\r", "x = randn(512, 256, seed: 0)\r", "opt = SGD(net, lr: 0.01)\r",
    ]
    for (i, cell) in cells.enumerated() {
      terminal.type(cell)
      #expect(terminal.wait(for: "In [\(i + 2)]: "), "\(terminal.transcript)")
    }
    terminal.type("while true {\r opt.zero_grad()\r backward(mean(net(x) ^ 2))\r opt.step()\r}\r")
    Thread.sleep(forTimeInterval: 0.5)
    let latency = Self.timeToPrompt("In [6]: ", after: "\u{3}", in: terminal)
    #expect(latency < Self.promptLatencyLimit, "prompt after \(latency) s")
    terminal.type("shape(net(x))\r")
    #expect(terminal.wait(for: "Out[6]: [512, 10]"), "\(terminal.transcript)")
    terminal.type(":quit\r")
    #expect(terminal.exitStatus() == 0)
  }

  /// How long the prompt takes to come back after Ctrl-C. QUALITY.md promises ~100 ms; measured
  /// in these tests on 2 cores: 0.4–16 ms for a scalar loop and 1–34 ms for the training loop,
  /// with both cores busy with other work. The limit leaves room for a loaded CI machine.
  static let promptLatencyLimit = 0.25

  /// Types `keys` and returns the seconds until `prompt` appears after them (a large number if
  /// it never does).
  static func timeToPrompt(_ prompt: String, after keys: String, in terminal: PseudoTerminal)
    -> Double
  {
    let start = terminal.mark
    let typedAt = Date()
    terminal.type(keys)
    guard terminal.wait(for: prompt, after: start, timeout: 5) else {
      Issue.record("no prompt after Ctrl-C:\n\(terminal.transcript)")
      return .infinity
    }
    return Date().timeIntervalSince(typedAt)
  }

  @Test func historyFromAnEarlierSessionIsRecalled() throws {
    let state = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    try FileManager.default.createDirectory(
      at: state.appendingPathComponent("gradus"), withIntermediateDirectories: true)
    try "earlier = 123\n".write(
      to: state.appendingPathComponent("gradus/history"), atomically: true, encoding: .utf8)
    let terminal = try Support.launchGradus(state: state)
    try #require(terminal.wait(for: "In [1]: "))
    terminal.type("\u{1B}[A\r")
    #expect(terminal.wait(for: "In [2]: "))
    terminal.type("earlier\r")
    #expect(terminal.wait(for: "Out[2]: 123"), "\(terminal.transcript)")
    terminal.type(":quit\r")
    #expect(terminal.exitStatus() == 0)
  }

  /// An unreadable history file (here: not UTF-8) costs one warning at start-up, not the
  /// session: the file is set aside, the REPL works, and a fresh history starts.
  @Test func anUnreadableHistoryFileIsSetAsideWithOneWarning() throws {
    let state = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    let folder = state.appendingPathComponent("gradus")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data([0x61, 0xFF, 0x0A]).write(to: folder.appendingPathComponent("history"))
    let terminal = try Support.launchGradus(state: state)
    try #require(terminal.wait(for: "In [1]: "), "\(terminal.transcript)")
    terminal.type("y = 2\r")
    #expect(terminal.wait(for: "In [2]: "))
    terminal.type("y * 21\r")
    #expect(terminal.wait(for: "Out[2]: 42"), "\(terminal.transcript)")
    terminal.type(":quit\r")
    #expect(terminal.exitStatus() == 0)
    let warnings = terminal.transcript.components(separatedBy: "warning: the history file").count
    #expect(warnings - 1 == 1, "\(terminal.transcript)")
    #expect(terminal.transcript.contains("(it is not UTF-8 text); moved it to"))
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(files.filter { $0.hasPrefix("history.unreadable-") }.count == 1, "\(files)")
    let fresh = try String(contentsOf: folder.appendingPathComponent("history"), encoding: .utf8)
    #expect(fresh.hasPrefix("y = 2\ny * 21\n"), "\(fresh)")
  }
}
