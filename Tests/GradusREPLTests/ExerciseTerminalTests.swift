import Foundation
import Testing

/// `:exercise`, `:hint`, `:check` and `:solution` at a real (pseudo-)terminal, with the
/// confirmation `:solution` asks for read through the line editor.
@Suite(
  "REPL: exercises in a terminal",
  .enabled(
    if: Support.gradusBinary != nil, "the gradus binary is not built: run `swift build` first"))
struct ExerciseTerminalTests {
  @Test func exerciseHintCheckSolution() throws {
    let state = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    let terminal = try Support.launchGradus(
      state: state,
      extra: [
        "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin",
        "GRADUS_EXERCISES": Support.repositoryRoot.appendingPathComponent("exercises").path,
      ])
    try #require(terminal.wait(for: "In [1]: "), "no first prompt:\n\(terminal.transcript)")
    terminal.type(":exercise 2.1\r")
    #expect(terminal.wait(for: "The MSE with ½"), "\(terminal.transcript)")
    #expect(terminal.wait(for: ":check checks your names"))
    terminal.type(":hint\r")
    #expect(terminal.wait(for: "Hint 1 of 2:"), "\(terminal.transcript)")
    terminal.type("fn half_mse(p, y) = mean((p - y) ^ 2)\r")
    let wrong = terminal.mark
    terminal.type(":check\r")
    #expect(
      terminal.wait(for: "did you drop the ½ in the MSE?", after: wrong), "\(terminal.transcript)")
    terminal.type("fn half_mse(p, y) = 0.5 * mean((p - y) ^ 2)\r")
    terminal.type("loss = half_mse(p, y)\r")
    let right = terminal.mark
    terminal.type(":check\r")
    #expect(terminal.wait(for: "solved ✓", after: right), "\(terminal.transcript)")
    terminal.type(":solution\r")
    #expect(terminal.wait(for: "Show the reference solution? (y/N) "), "\(terminal.transcript)")
    terminal.type("y\r")
    #expect(
      terminal.wait(for: "│ fn half_mse(p, y) = 0.5 * mean((p - y) ^ 2)"), "\(terminal.transcript)")
    #expect(terminal.wait(for: "In [", after: right))
    let listing = terminal.mark
    terminal.type(":exercise\r")
    #expect(
      terminal.wait(for: "The MSE with ½  · solved", after: listing), "\(terminal.transcript)")
    // `:quit`, not Ctrl-D: the `In [` waited for may be the prompt before the listing, and a
    // Ctrl-D typed while the terminal is still in cooked mode is swallowed; a line is not.
    #expect(terminal.wait(for: "In [", after: listing))
    terminal.type(":quit\r")
    #expect(terminal.exitStatus(timeout: 20) == 0)
  }
}
