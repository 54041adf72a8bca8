import Foundation
import GradusTensor
import Testing

@testable import GradusKernel

@Suite struct KernelHistoryTests {
  static func history() -> KernelHistory {
    var history = KernelHistory(session: 7)
    history.record("x = 1", number: 1)
    history.record("x + 1", number: 2)
    history.recordOutput("2", number: 2)
    history.record("x = 1", number: 3)
    history.record("print(x)", number: 4)
    return history
  }

  /// The reply's `history` for a request written as JSON.
  static func entries(_ request: String) throws -> String {
    let json = try StrictJSON.parse(Array(request.utf8)[...])
    return String(decoding: history().entries(for: json).bytes, as: UTF8.self)
  }

  @Test func tailGivesTheLastCellsWithTheSessionNumber() throws {
    #expect(
      try Self.entries(#"{"hist_access_type":"tail","n":2}"#)
        == #"[[7,3,"x = 1"],[7,4,"print(x)"]]"#)
  }

  @Test func outputsArePairedWithInputs() throws {
    #expect(
      try Self.entries(#"{"hist_access_type":"tail","n":3,"output":true}"#)
        == #"[[7,2,["x + 1","2"]],[7,3,["x = 1",null]],[7,4,["print(x)",null]]]"#)
  }

  @Test func rangeIsStartUpToStopOfThisSession() throws {
    let cells = #"[[7,2,"x + 1"],[7,3,"x = 1"]]"#
    #expect(
      try Self.entries(#"{"hist_access_type":"range","session":0,"start":2,"stop":4}"#) == cells)
    #expect(
      try Self.entries(#"{"hist_access_type":"range","session":7,"start":2,"stop":4}"#) == cells)
    #expect(try Self.entries(#"{"hist_access_type":"range","session":-1,"start":1}"#) == "[]")
    #expect(
      try Self.entries(#"{"hist_access_type":"range","session":0,"start":4}"#)
        == #"[[7,4,"print(x)"]]"#)
  }

  @Test func searchMatchesGlobsAndCanDropRepeats() throws {
    #expect(
      try Self.entries(#"{"hist_access_type":"search","pattern":"x*"}"#)
        == #"[[7,1,"x = 1"],[7,2,"x + 1"],[7,3,"x = 1"]]"#)
    #expect(
      try Self.entries(#"{"hist_access_type":"search","pattern":"x*","unique":true}"#)
        == #"[[7,2,"x + 1"],[7,3,"x = 1"]]"#)
    #expect(
      try Self.entries(#"{"hist_access_type":"search","pattern":"x ? 1","n":1}"#)
        == #"[[7,3,"x = 1"]]"#)
    #expect(
      try Self.entries(#"{"hist_access_type":"search","pattern":"*(x)"}"#) == #"[[7,4,"print(x)"]]"#
    )
  }

  @Test func globWildcards() {
    #expect(Glob.matches("abc", pattern: "a*c"))
    #expect(Glob.matches("abc", pattern: "???"))
    #expect(!Glob.matches("abc", pattern: "??"))
    #expect(Glob.matches("a*c", pattern: "a*c"))
    #expect(Glob.matches("aaab", pattern: "*a*a*b"))
    #expect(!Glob.matches("aaaa", pattern: "*a*a*b"))
    #expect(Glob.matches("", pattern: "*"))
    #expect(!Glob.matches("abc", pattern: "b*"))
  }

  @Test func sessionsCountUpInTheStateFolder() throws {
    let folder = NSTemporaryDirectory() + "gradus-kernel-session-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(KernelSessionCounter.next(in: folder) == 1)
    #expect(KernelSessionCounter.next(in: folder) == 2)
    #expect(KernelSessionCounter.next(in: nil) == 1)
  }
}
