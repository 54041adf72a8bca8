import Foundation
import GradusRuntime
import Testing

@testable import GradusREPL

@Suite("REPL session")
struct SessionTests {
  @Test func cellsAreNumberedAndShownValuesLabelled() throws {
    let (session, console) = try Support.session()
    #expect(Support.output(of: "x = 41", in: session, console) == "")
    #expect(Support.output(of: "x + 1", in: session, console) == "Out[2]: 42\n")
    #expect(session.cellNumber == 3)
  }

  @Test func withoutPromptsValuesPrintAsInAScript() throws {
    let (session, console) = try Support.session(prompts: false)
    #expect(Support.output(of: "1 + 1", in: session, console) == "2\n")
  }

  @Test func underscoreAndOutHoldEarlierValues() throws {
    let (session, console) = try Support.session()
    session.submit("10")
    session.submit("y = 1")
    session.submit("20")
    #expect(Support.output(of: "_ + Out[1]", in: session, console) == "Out[4]: 30\n")
    // Cell 2 showed nothing.
    #expect(Support.output(of: "Out[2] == none", in: session, console) == "Out[5]: true\n")
  }

  @Test func multiLineValuesStartOnTheirOwnLine() throws {
    let (session, console) = try Support.session()
    let text = Support.output(of: "ones(2, 2)", in: session, console)
    #expect(text.hasPrefix("Out[1]:\ntensor([[1.0000, 1.0000],\n"))
  }

  @Test func blankAndCommentOnlyInputTakesNoNumber() throws {
    let (session, console) = try Support.session()
    #expect(Support.output(of: "   ", in: session, console) == "")
    #expect(Support.output(of: "# a note", in: session, console) == "")
    #expect(session.cellNumber == 1)
  }

  @Test func inputsNotStoredTakeNoNumberAndLeaveUnderscoreAndOut() throws {
    let (session, console) = try Support.session()
    #expect(Support.output(of: "7", in: session, console) == "Out[1]: 7\n")
    session.storesHistory = false
    // Shown under the number the next cell gets, as IPython does.
    #expect(Support.output(of: "x = 5\nx", in: session, console) == "Out[2]: 5\n")
    #expect(Support.output(of: ":history", in: session, console) == "1: 7\n")
    session.storesHistory = true
    #expect(session.cellNumber == 2)
    #expect(Support.output(of: "print(_, Out[1], x)", in: session, console) == "7 7 5\n")
  }

  @Test func errorsKeepTheSessionAndEarlierNames() throws {
    let (session, console) = try Support.session()
    #expect(session.submit("a = 1; b = a + lossx; c = 3") == .failed)
    #expect(console.errors.contains("unknown name `lossx`"))
    #expect(console.errors.contains("--> In [1]:1:16"))
    #expect(Support.output(of: "a", in: session, console) == "Out[2]: 1\n")
    #expect(session.submit("c") == .failed)
    #expect(session.submit("z = (1 + 2") == .failed)
    #expect(console.errors.contains("'(' was never closed"))
    #expect(session.submit("a + 1") == .succeeded)
  }

  @Test func interruptStopsALoopAndKeepsNames() throws {
    let flag = InterruptFlag()
    let (session, console) = try Support.session(interrupt: flag)
    session.submit("x = 0")
    // Raise the flag as Ctrl-C's handler would, from another thread, once the loop runs.
    let raiser = Thread {
      Thread.sleep(forTimeInterval: 0.2)
      flag.raise()
    }
    raiser.start()
    let start = Date()
    let status = session.submit("while true { x = x + 1 }")
    #expect(status == .interrupted)
    #expect(Date().timeIntervalSince(start) < 2)
    #expect(console.errors.contains("interrupted at In [2]:1:1"))
    guard case .int(let x)? = session.interpreter.value(of: "x") else {
      Issue.record("x lost its value")
      return
    }
    #expect(x > 0)
    #expect(session.submit("x = x + 1") == .succeeded)
  }

  @Test func aStaleInterruptDoesNotStopTheNextCell() throws {
    let flag = InterruptFlag()
    let (session, _) = try Support.session(interrupt: flag)
    flag.raise()
    #expect(session.submit("for i in 0..<3 { y = i }") == .succeeded)
  }

  @Test func leavingWordsFromPythonGetAHint() throws {
    let (session, console) = try Support.session()
    #expect(Support.output(of: "exit", in: session, console) == "use :quit or Ctrl-D to leave\n")
    #expect(Support.output(of: "quit()", in: session, console) == "use :quit or Ctrl-D to leave\n")
    #expect(session.cellNumber == 1)
    session.submit("exit = 3")
    #expect(Support.output(of: "exit", in: session, console) == "Out[2]: 3\n")
  }

  @Test func quitEndsTheSession() throws {
    let (session, _) = try Support.session()
    #expect(session.submit(":quit") == .quit)
    #expect(session.submit(":q") == .quit)
  }

  @Test func savedSessionRunsAsAFileAndReproducesRandomNumbers() throws {
    let (session, console) = try Support.session(prompts: false)
    session.submit(":seed 5")
    session.submit("model M(n) {\n  fc = Linear(n, 1)\n  forward(x) = fc(x)\n}")
    session.submit("net = M(2)")
    session.submit("broken = lossx")
    session.submit(":explain y = net(ones(1, 2))")
    console.clear()
    session.submit("y")
    let shown = console.text
    let directory = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("saved.grad").path
    #expect(
      Support.output(of: ":save \(path)", in: session, console) == "saved 5 cells to \(path)\n")
    let saved = try String(contentsOfFile: path, encoding: .utf8)
    #expect(saved.contains("seed(5)\n"))
    #expect(!saved.contains("lossx"))
    #expect(!saved.contains(":explain"))
    // Running the file in a fresh session reproduces the value.
    let (fresh, freshConsole) = try Support.session(prompts: false)
    #expect(fresh.submit(":load \(path)") == .succeeded)
    #expect(freshConsole.text == shown)
  }

  /// A script has no `_` or `Out`: the saved file keeps those values in names of their own,
  /// and runs to the same values.
  @Test func savedUnderscoreAndOutBecomeNames() throws {
    let (session, console) = try Support.session(prompts: false)
    session.submit("3 + 4")
    session.submit("x = 1")
    session.submit("_ * 2")
    session.submit("Out[1] + Out[3]")
    session.submit("s = \"_ and Out[1] stay in strings\"  # and _ in comments")
    session.submit("_ - 1")
    let shown = console.text
    let directory = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("saved.grad").path
    #expect(
      Support.output(of: ":save \(path)", in: session, console) == "saved 6 cells to \(path)\n")
    let saved = try String(contentsOfFile: path, encoding: .utf8)
    #expect(
      saved == """
        # A Gradus session saved with :save

        out_1 = 3 + 4
        out_1

        x = 1

        out_3 = out_1 * 2
        out_3

        out_4 = out_1 + out_3
        out_4

        s = "_ and Out[1] stay in strings"  # and _ in comments

        out_4 - 1

        """)
    let (fresh, freshConsole) = try Support.session(prompts: false)
    #expect(fresh.submit(":load \(path)") == .succeeded)
    #expect(freshConsole.text == shown)
  }

  @Test func savingAValueNoCellShowsWarns() throws {
    let (session, console) = try Support.session(prompts: false)
    session.submit("5")
    session.submit("len(Out)")
    let directory = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("saved.grad").path
    console.clear()
    session.submit(":save \(path)")
    #expect(
      console.errors
        == "warning: \(path) still uses Out, which no saved cell shows; it will stop there when it runs\n"
    )
  }

  /// A one-line value that `Out[n]: ` would push past the window starts on its own line.
  @Test func aWideValueStartsOnItsOwnLine() throws {
    let (session, console) = try Support.session()
    // 75 columns on one line; after `Out[1]: ` it would pass the 72 of the test's window.
    let text = Support.output(of: "arange(5) * 1000", in: session, console)
    #expect(text.hasPrefix("Out[1]:\ntensor([   0.0000, 1000.0000,"), "\(text)")
    #expect(Support.output(of: "[1, 2]", in: session, console).hasPrefix("Out[2]: tensor([1.0000"))
    // Rows wrap at the window's width (72 here) when it is under 80 columns.
    let wrapped = Support.output(of: "arange(8) * 1000", in: session, console)
    #expect(wrapped.split(separator: "\n").allSatisfy { $0.count <= 72 }, "\(wrapped)")
  }

  @Test func resetForgetsNamesButKeepsNumbering() throws {
    let (session, console) = try Support.session()
    session.submit("a = 1")
    session.submit("7")
    #expect(Support.output(of: ":reset", in: session, console).hasPrefix("forgot 1 name;"))
    #expect(session.interpreter.value(of: "a") == nil)
    #expect(session.interpreter.value(of: "_") == nil)
    #expect(session.cellNumber == 4)
    #expect(session.submit("Linear(1, 1)") == .succeeded)
  }

  @Test func loadRunsAFileInTheSession() throws {
    let directory = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("lib.grad").path
    try "fn triple(x) = 3 * x\nshown = 2\nshown\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    let (session, console) = try Support.session()
    #expect(Support.output(of: ":load \(path)", in: session, console) == "2\n")
    #expect(Support.output(of: "triple(2)", in: session, console) == "Out[2]: 6\n")
    #expect(session.submit(":load \(directory.path)/missing.grad") == .failed)
    #expect(console.errors.contains("no such file"))
    #expect(session.submit(":load \(directory.path)") == .failed)
    #expect(console.errors.contains("is a directory"))
  }

  @Test func timePrintsTheDuration() throws {
    let (session, console) = try Support.session()
    let text = Support.output(of: ":time s = sum(ones(10, 10))", in: session, console)
    #expect(text.hasPrefix("time: "))
    #expect(text.hasSuffix("s\n"))
    #expect(session.interpreter.value(of: "s") != nil)
  }

  @Test(arguments: [
    (0.000_012, "12 µs"), (0.012_34, "12.3 ms"), (4.56, "4.6 s"), (0.999_99, "1000.0 ms"),
  ])
  func durations(seconds: Double, text: String) {
    #expect(REPLSession.duration(seconds) == text)
  }
}
