import Foundation
import GradusLanguage
import GradusTensor
import Testing

@testable import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// Strings and file reads take their bytes from the session's one memory budget, as tensors and
/// lists do: many large strings kept in a list cannot together pass the limit, dropping them
/// gives the bytes back, and a file larger than what is left is refused before it is read.
@Suite("Memory budget: strings and file reads")
struct StringBudgetTests {
  typealias Session = SessionBudgetTests.Session

  static let limit = 64 << 20

  static func session(_ cells: [String], limit: Int = Self.limit) -> Session {
    SessionBudgetTests.session(cells, limit: limit)
  }

  static func diagnostic(_ outcome: Pipeline.Outcome) -> Diagnostic? {
    SessionBudgetTests.diagnostic(outcome)
  }

  static func shown(_ session: Session, _ cell: Int) -> String {
    String(
      session.outputs[cell].drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace)
        .reversed())
  }

  /// A million-byte string fits; a hundred of them, each made by `+`, kept in a list, do not.
  /// The error keeps every name, and dropping the list gives its strings' bytes back.
  @Test func manyLargeStringsInAListCannotTogetherPassTheLimit() throws {
    let session = Self.session([
      "s = pad(\"x\", 1000000)",
      "l = []\nfor i in 0..<100 { append(l, s + str(i)) }",
      "len(l)",
      "len(s)",
      "l = none",
      "t = s + s\nlen(t)",
    ])
    try #require(session.outcomes.count == 6)
    #expect(session.outcomes[0].succeeded)
    let failure = try #require(Self.diagnostic(session.outcomes[1]))
    #expect(failure.id == .tensorLimit)
    #expect(
      failure.message.hasPrefix("allocating 976.6 KiB would exceed the memory limit of 64.0 MiB: "),
      "\(failure.message)")
    #expect(
      failure.message.hasSuffix(
        "is in use by the session's tensors, lists, strings and temporary arrays"))
    #expect(failure.help?.contains("`:limits memory 8G`") == true)
    // The session goes on: the strings made before the limit are still in the list.
    let kept = try #require(Int(Self.shown(session, 2)))
    #expect((60...67).contains(kept), "\(kept) strings of 1 MB in 64 MiB")
    #expect(Self.shown(session, 3) == "1000000")
    // Dropping the list gives back at least the bytes of the strings only it held.
    #expect(session.used[4] < session.used[1] - kept * 1_000_000, "\(session.used)")
    #expect(session.outcomes[5].succeeded, "\(session.outputs)")
    #expect(session.usedAfterwards == 0, "every string's bytes come back when the session ends")
  }

  /// Each place that makes a string charges it: `+`, `str`, `pad`, `chars`, `thousands`, a
  /// tensor's `dtype` and `label`, and string literals (their box; the text is the program's).
  @Test func everyWayOfMakingAStringHoldsItsBytes() throws {
    let cells = [
      "a = \"text written in the program\"",
      "b = a + a",
      "c = str(zeros(100, 100))",
      "d = pad(1, 100000)",
      "e = chars(\"梯度 descent\")",
      "f = thousands(1234567)",
      "g = zeros(2).dtype",
      "w = param(zeros(2))\nh = w.label",
    ]
    var session = Self.session(
      cells + ["a = none\nb = none\nc = none\nd = none\ne = none\nf = none\ng = none\nh = none"])
    #expect(session.outcomes.allSatisfy { $0.succeeded }, "\(session.outputs)")
    var growth = [session.used[0]]
    for cell in 1..<cells.count { growth.append(session.used[cell] - session.used[cell - 1]) }
    #expect(growth[1] >= 2 * 29, "b holds its 58 bytes: \(growth)")
    #expect(growth[2] > 400, "the text of a tensor: \(growth)")
    #expect(growth[3] >= 100_000, "pad to 100,000 characters: \(growth)")
    #expect(growth[4] >= 11 * (MemoryLayout<Value>.stride + 1), "chars: \(growth)")
    #expect(growth[5] > 0 && growth[6] > 0 && growth[7] > 0, "\(growth)")
    // Dropping them all gives back at least what they took.
    session.used.append(session.used.last ?? 0)
    #expect(session.used[cells.count] <= session.used[0], "\(session.used)")
    #expect(session.usedAfterwards == 0)
  }

  /// `chars` of a string of a million characters makes a million strings: more than the
  /// budget, refused with the budget error (not built, then killed).
  @Test func charsOfAHugeStringIsTheBudgetError() throws {
    let session = Self.session(
      ["s = pad(\"x\", 1000000)\nc = chars(s)", "len(s)"], limit: 48 << 20)
    let failure = try #require(Self.diagnostic(session.outcomes[0]))
    #expect(failure.id == .tensorLimit, "\(failure.message)")
    #expect(Self.shown(session, 1) == "1000000")
    #expect(session.usedAfterwards == 0)
  }

  /// A CSV file larger than what the budget has left is refused before it is read, with the
  /// budget's advice; once memory is freed the same file loads.
  @Test func loadCSVTakesItsBytesFromTheBudget() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/big.csv"
    // 1,000,000 rows of "1,2\n": 4 MB.
    Reliability.write(Array(String(repeating: "1,2\n", count: 1_000_000).utf8), to: path)
    let session = Self.session([
      "keep = zeros(16, 1000000)",
      "d = load_csv(\"\(path)\", header: false)",
      "keep.shape",
      "keep = none\nd = load_csv(\"\(path)\", header: false)\nd.shape",
    ])
    let failure = try #require(Self.diagnostic(session.outcomes[1]))
    #expect(failure.message.contains("cannot read"), "\(failure.message)")
    let help = failure.help ?? ""
    #expect(help.contains("would exceed the memory limit of 64.0 MiB"), "\(help)")
    #expect(help.contains("assign `none` to names"), "\(help)")
    #expect(help.contains("`gradus --memory-limit 8G`"), "\(help)")
    #expect(Self.shown(session, 2) == "[16, 1000000]")
    #expect(session.outcomes[3].succeeded, "\(session.outputs[3])")
    #expect(Self.shown(session, 3) == "[1000000, 2]")
    #expect(session.usedAfterwards == 0)
  }

  /// `load` of a safetensors file takes the file's bytes from the budget too.
  @Test func loadOfAModelFileTakesItsBytesFromTheBudget() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/net.safetensors"
    let session = Self.session([
      "net = Linear(1000, 2000)\nsave(net, \"\(path)\")",
      "keep = zeros(14, 1000000)",
      "load(net, \"\(path)\")",
      "keep = none\nload(net, \"\(path)\")",
    ])
    #expect(session.outcomes[0].succeeded && session.outcomes[1].succeeded, "\(session.outputs)")
    let failure = try #require(Self.diagnostic(session.outcomes[2]))
    #expect(failure.message.contains("cannot read"), "\(failure.message)")
    #expect(
      failure.help?.contains("would exceed the memory limit") == true, "\(failure.help ?? "")")
    #expect(session.outcomes[3].succeeded, "\(session.outputs[3])")
    #expect(session.usedAfterwards == 0)
  }

  /// Files read outside a program (`:load`, `gradus run`, a pipe) take from the same budget:
  /// a regular file is refused from its size, a pipe as it grows.
  @Test func fileReadsAreRefusedWhenTheBudgetIsFull() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/program.grad"
    Reliability.write([UInt8](repeating: 0x20, count: 2 << 20), to: path)
    MemoryLimit.withMaxBytes(1 << 20) {
      guard case .failure(let problem) = FileBytes.load(path) else {
        Issue.record("a 2 MiB file read in a budget of 1 MiB")
        return
      }
      guard case .overBudget(path, .allocationLimit) = problem else {
        Issue.record("\(problem)")
        return
      }
      #expect(
        problem.description.hasPrefix(
          "cannot read \(path): allocating 2.0 MiB would exceed the memory limit of 1.0 MiB; raise it with `:limits memory 8G`"
        ), "\(problem.description)")
      #expect(MemoryLimit.usedBytes == 0, "a refused read holds nothing")
    }
    #expect(MemoryLimit.withMaxBytes(4 << 20) { try? FileBytes.load(path).get().count } == 2 << 20)
    // A pipe: 2 MiB written by another thread, read in a budget of 1 MiB.
    var ends: [Int32] = [0, 0]
    try #require(pipe(&ends) == 0)
    let writer = ends[1]
    let thread = Thread {
      let chunk = [UInt8](repeating: 65, count: 65_536)
      for _ in 0..<32 { _ = chunk.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) } }
      close(writer)
    }
    thread.start()
    let read = MemoryLimit.withMaxBytes(1 << 20) { readAll(ends[0], limit: 64 << 20) }
    // Drained, so that the writer finishes rather than writing into a closed pipe.
    var sink = [UInt8](repeating: 0, count: 65_536)
    while sink.withUnsafeMutableBytes({ Glibc.read(ends[0], $0.baseAddress, $0.count) }) > 0 {}
    close(ends[0])
    guard case .failure(.overBudget(.memoryInUse)) = read else {
      Issue.record("\(read)")
      return
    }
  }
}
