import Foundation
import GradusRuntime
import Testing

@testable import GradusREPL

/// Collects what a session writes: everything in order, and errors apart.
final class CapturingConsole: Console, @unchecked Sendable {
  private(set) var text = ""
  private(set) var errors = ""

  func write(_ text: String) { self.text += text }

  func writeError(_ text: String) {
    self.text += text
    errors += text
  }

  /// Forgets what was written so far.
  func clear() {
    text = ""
    errors = ""
  }
}

enum Support {
  /// A session with plain output, `Out[n]:` labels on or off.
  static func session(prompts: Bool = true, interrupt: InterruptFlag = InterruptFlag()) throws -> (
    REPLSession, CapturingConsole
  ) {
    let console = CapturingConsole()
    let session = try REPLSession(
      console: console, style: ConsoleStyle(prompts: prompts), interrupt: interrupt)
    return (session, console)
  }

  /// What one submitted input writes.
  static func output(of input: String, in session: REPLSession, _ console: CapturingConsole)
    -> String
  {
    console.clear()
    session.submit(input)
    return console.text
  }

  /// The repository root, from this file's path (`Tests/GradusREPLTests/TestSupport.swift`).
  static var repositoryRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  /// The built `gradus` executable: next to the test bundle, else in `.build/debug`.
  static var gradusBinary: URL? {
    let besideTests = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(
      "gradus")
    let candidates = [
      Bundle.main.bundleURL.appendingPathComponent("gradus"), besideTests,
      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("gradus"),
      repositoryRoot.appendingPathComponent(".build/debug/gradus"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  /// `gradus` in a pseudo-terminal, with its state (the history file) in `state` and colour
  /// off; `extra` adds to or overrides the environment.
  static func launchGradus(
    state: URL, arguments: [String] = [], extra: [String: String] = [:]
  ) throws -> PseudoTerminal {
    let binary = try #require(gradusBinary)
    let environment = [
      "TERM": "xterm", "HOME": state.path, "XDG_STATE_HOME": state.path, "NO_COLOR": "1",
    ].merging(extra) { $1 }
    return try PseudoTerminal(binary.path, arguments: arguments, environment: environment)
  }

  /// A fresh empty directory, removed by the caller.
  static func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gradus-repl-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
