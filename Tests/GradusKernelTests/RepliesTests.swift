import Testing

@testable import GradusKernel

@Suite struct RepliesTests {
  @Test func cursorsCountCodePoints() {
    // "👍🏽" is one Character but two code points.
    #expect(Replies.text("a👍🏽bc", before: 3) == "a👍🏽")
    #expect(Replies.text("abc", before: 10) == "abc")
    #expect(Replies.text("abc", before: -1) == "")
  }

  @Test func inspectionTakesTheWholeNameAroundTheCursor() {
    #expect(Replies.name(in: "y = Linear(2, 3)", at: 6) == "Linear")
    #expect(Replies.name(in: "y = Linear(2, 3)", at: 10) == "Linear")
    #expect(Replies.name(in: "é_1 + 2", at: 0) == "é_1")
    #expect(Replies.name(in: "1 + 2", at: 2) == "")
  }

  @Test func openBlocksAreIncomplete() {
    #expect(
      Replies.isComplete("model M() {")
        == .object([("status", .string("incomplete")), ("indent", .string("  "))]))
    #expect(
      Replies.isComplete("x = [1,\n 2")
        == .object([("status", .string("incomplete")), ("indent", .string("  "))]))
    #expect(Replies.isComplete("x = 1") == .object([("status", .string("complete"))]))
  }

  @Test func kernelSpecStartsThisBinaryWithTheConnectionFile() throws {
    let json = String(decoding: KernelSpec.json(executable: "/opt/gradus").bytes, as: UTF8.self)
    #expect(
      json
        == #"{"argv":["/opt/gradus","kernel","--connection-file","{connection_file}"],"display_name":"Gradus","language":"gradus","interrupt_mode":"signal"}"#
    )
    #expect(
      try KernelSpec.folder(.prefix("/venv")).get() == "/venv/share/jupyter/kernels/gradus")
  }
}
