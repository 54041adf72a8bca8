import Foundation
import Testing

@testable import GradusREPL

@Suite("REPL: completion")
struct CompletionTests {
  static func completer() throws -> Completer {
    let (session, _) = try Support.session()
    session.submit("model Net(n) {\n  fc1 = Linear(n, 2)\n  forward(x) = fc1(x)\n}")
    session.submit("net = Net(3)")
    session.submit("learning_rate = 0.1")
    session.submit("names = [\"a\", \"b\"]")
    return Completer(session: session)
  }

  @Test(arguments: [
    ("learn", ["learning_rate"]),
    ("y = lea", ["learning_rate"]),
    ("Line", ["Linear"]),
    ("rel", ["relu"]),
    ("whi", ["while"]),
    ("net.", ["eval", "fc1", "forward", "n", "train"]),
    ("net.fc1.", ["W", "b", "eval", "forward", "k", "n_in", "n_out", "train"]),
    ("print(net.fc1.W", ["W"]),
    ("net.fc1.W.s", ["shape", "size"]),
    ("net.fc1.W.T.", Completer.tensorFields),
    ("names.c", ["count"]),
    (":va", [":vars"]),
    (":help Linea", ["Linear"]),
    (":help va", ["vars"]),
    (":les", [":lesson"]),
    (":lesson 00", ["00-tensors"]),
    (":type lear", ["learning_rate"]),
    ("nothing_like_this", []),
    ("3.", []),
    ("unknown.", []),
  ])
  func candidates(line: String, expected: [String]) throws {
    #expect(try Self.completer().complete(line).candidates == expected)
  }

  @Test func replacementStartsAtTheWordBeingCompleted() throws {
    let completer = try Self.completer()
    #expect(completer.complete("y = lea").start == 4)
    #expect(completer.complete("net.fc1.W").start == 8)
    #expect(completer.complete("  :va").start == 2)
  }

  @Test func commonPrefixOfCandidates() {
    #expect(Completion(start: 0, candidates: ["fc1", "fc2", "forward"]).commonPrefix == "f")
    #expect(Completion(start: 0, candidates: ["fc1", "fc2"]).commonPrefix == "fc")
    #expect(Completion(start: 0, candidates: []).commonPrefix == "")
  }

  @Test func filePathsAfterLoadRunAndSave() throws {
    let directory = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let manager = FileManager.default
    for name in ["lesson1.grad", "lesson2.grad", ".hidden.grad"] {
      try Data().write(to: directory.appendingPathComponent(name))
    }
    try manager.createDirectory(
      at: directory.appendingPathComponent("models"), withIntermediateDirectories: true)
    let completer = try Self.completer()
    let base = directory.path + "/"
    let all = completer.complete(":load \(base)")
    #expect(all.candidates == [base + "lesson1.grad", base + "lesson2.grad", base + "models/"])
    #expect(all.start == ":load ".count)
    #expect(completer.complete(":run \(base)mod").candidates == [base + "models/"])
    #expect(completer.complete(":run \(base)mod").suffix == "")
    #expect(completer.complete(":save \(base)lesson1").suffix == " ")
    #expect(completer.complete(":load \(base).h").candidates == [base + ".hidden.grad"])
  }

  @Test func keywordsAreTheLanguagesKeywords() {
    let blocks: Set = ["trace", "trace_steps", "no_grad", "detect_anomaly", "analyze"]
    for word in Completer.keywords where !blocks.contains(word) {
      let (session, console) = try! Support.session()
      // A keyword cannot be assigned to; a name could.
      session.submit("\(word) = 1")
      #expect(!console.errors.isEmpty, "`\(word)` is not a keyword of the language")
    }
  }
}
