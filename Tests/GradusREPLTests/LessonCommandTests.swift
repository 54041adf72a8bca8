import Testing

@testable import GradusNotebook
@testable import GradusREPL

/// Keys and lines typed in advance, in the order the lesson asks for them: each entry answers
/// one `readKey` (its first byte; "" is Enter) or one `readLine`. Prompts go to the console, as
/// the terminal's keyboard shows them.
final class ScriptedKeyboard: LessonKeyboard {
  private var script: [String]
  private let console: CapturingConsole
  /// The prompts shown before lines, in order.
  private(set) var prompts: [String] = []

  init(_ script: [String], console: CapturingConsole) {
    self.script = script
    self.console = console
  }

  var remaining: Int { script.count }

  func readKey(prompt: String) -> UInt8? {
    console.write(prompt)
    guard !script.isEmpty else { return nil }
    return script.removeFirst().utf8.first ?? 10
  }

  func readLine(prompt: String) -> String? {
    prompts.append(prompt)
    return script.isEmpty ? nil : script.removeFirst()
  }
}

/// `:lesson` steps through a lesson in an interpreter of its own, leaving the session as it was.
@Suite("REPL: :lesson")
struct LessonCommandTests {
  /// A session where the learner has already bound `s` and `v`, which lesson 0 also binds.
  static func sessionWithNames() throws -> (REPLSession, CapturingConsole) {
    let (session, console) = try Support.session()
    session.submit("s = \"mine\"")
    session.submit("v = 7")
    console.clear()
    return (session, console)
  }

  /// Lesson 0's first code cell (`s = 3.5`, `s`, `v = [1, 2, 3]`, …) runs, `r` runs it again,
  /// `e` explores the lesson's state (its `v`, not the learner's), `:continue` comes back, Enter
  /// moves on to the `print` cell, and `q` leaves before the next prose.
  @Test func stepsWithKeysAndExplores() throws {
    let (session, console) = try Self.sessionWithNames()
    let keyboard = ScriptedKeyboard(
      ["r", "e", "v * 10", ":vars", ":continue", "", "q"], console: console)
    session.keyboard = keyboard
    #expect(session.submit(":lesson 0") == .succeeded)
    let text = console.text
    #expect(text.contains("# Lesson 0 — Tensors"))
    #expect(text.contains("  │ s = 3.5\n"))
    // Run, then run again.
    #expect(text.components(separatedBy: "3.5000\n").count - 1 == 2)
    #expect(text.contains("── cell 2 of "))
    #expect(text.contains(" · Lesson 0 — Tensors\nEnter: next · b: back · r: run again"))
    #expect(text.contains("tensor([10.0000, 20.0000, 30.0000], shape: [3])"))
    #expect(console.errors.contains("only `:continue` works here"))
    #expect(keyboard.prompts == ["explore [1]: ", "explore [2]: ", "explore [2]: "])
    #expect(text.contains("v has 3 entries; M has shape [2, 3]"))
    #expect(!text.contains("## Elementwise arithmetic"))
    #expect(text.hasSuffix("your names are as you left them.\n"))
    #expect(keyboard.remaining == 0)
  }

  @Test func theSessionKeepsItsOwnNames() throws {
    let (session, console) = try Self.sessionWithNames()
    session.keyboard = ScriptedKeyboard(["", "", "q"], console: console)
    #expect(session.submit(":lesson tensors") == .succeeded)
    #expect(Support.output(of: "s", in: session, console).hasSuffix("mine\n"))
    #expect(Support.output(of: "v", in: session, console).hasSuffix("7\n"))
    // The lesson's names stay in the lesson.
    #expect(session.submit("M") == .failed)
    #expect(session.userNames.sorted() == ["s", "v"])
  }

  @Test func withoutAKeyboardItRunsStraightThrough() throws {
    let (session, console) = try Self.sessionWithNames()
    #expect(session.submit(":lesson 00-tensors") == .succeeded)
    #expect(!console.text.contains("── cell "))
    #expect(console.text.contains("## Summary"))
    #expect(console.errors.isEmpty)
    #expect(Support.output(of: "v", in: session, console).hasSuffix("7\n"))
  }

  @Test func theEndOfInputLeavesTheLesson() throws {
    let (session, console) = try Self.sessionWithNames()
    session.keyboard = ScriptedKeyboard([], console: console)
    #expect(session.submit(":lesson 0") == .succeeded)
    #expect(console.text.contains("── cell 1 of "))
    #expect(!console.text.contains("── cell 2 of "))
    #expect(console.text.hasSuffix("your names are as you left them.\n"))
  }

  @Test func unknownLessonsSuggestTheNearest() throws {
    let (session, console) = try Self.sessionWithNames()
    #expect(session.submit(":lesson tensorz") == .failed)
    #expect(console.errors.contains("error: no lesson `tensorz`; did you mean `00-tensors`?"))
    #expect(session.submit(":lesson gradient") == .failed)
    #expect(console.errors.contains("did you mean `04-gradient-descent`?"))
    #expect(session.submit(":lesson 99") == .failed)
    #expect(console.errors.contains("error: no lesson `99`; `:lesson` lists them"))
    #expect(Support.output(of: "v", in: session, console).hasSuffix("7\n"))
  }

  @Test func aloneItListsTheLessons() throws {
    let (session, console) = try Support.session()
    let text = Support.output(of: ":lesson", in: session, console)
    #expect(text.hasPrefix("00-tensors\n    Lesson 0 — Tensors\n"))
    #expect(text.contains("14-how-big-is-big"))
    #expect(text.hasSuffix("Step through one with :lesson NUMBER (e.g. :lesson 3).\n"))
  }

  @Test func helpDescribesIt() throws {
    let (session, console) = try Support.session()
    #expect(
      Support.output(of: ":help lesson", in: session, console).hasPrefix(":lesson [NAME|NUMBER]\n"))
    #expect(Support.output(of: ":help", in: session, console).contains("  :lesson [NAME|NUMBER]"))
  }

  /// Ctrl-C and Ctrl-D between cells arrive as bytes (the keyboard turns signals off) and quit.
  @Test func keysMeanWhatThePromptSays() {
    #expect(TextStepperIO.step(for: 10) == .next)
    #expect(TextStepperIO.step(for: UInt8(ascii: "b")) == .back)
    #expect(TextStepperIO.step(for: UInt8(ascii: "r")) == .rerun)
    #expect(TextStepperIO.step(for: UInt8(ascii: "e")) == .explore)
    for key in [UInt8(ascii: "q"), 3, 4] { #expect(TextStepperIO.step(for: key) == .quit) }
    #expect(TextStepperIO.step(for: UInt8(ascii: "x")) == nil)
  }
}
