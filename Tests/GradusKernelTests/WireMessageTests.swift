import GradusTensor
import Testing

@testable import GradusKernel

@Suite struct WireMessageTests {
  let signer = MessageSigner(key: "k")

  @Test func framesRoundTripWithIdentitiesAndTheRequestAsParent() throws {
    let parent = Array("{\"msg_id\":\"abc\",\"msg_type\":\"execute_request\"}".utf8)
    let frames = WireMessage.frames(
      prefix: [[7, 8], [9]], type: "execute_reply", content: .object([("status", .string("ok"))]),
      parent: parent, session: "s", signer: signer)
    let message = try #require(WireMessage(frames: frames + [[42]]))
    #expect(message.identities == [[7, 8], [9]])
    #expect(message.parts[1] == parent)
    #expect(message.parts[2] == Array("{}".utf8))
    #expect(message.buffers == [[42]])
    #expect(message.type == "execute_reply")
    #expect(message.content?["status"]?.string == "ok")
    #expect(message.header?["session"]?.string == "s")
    #expect(message.header?["version"]?.string == "5.3")
    #expect(message.isSigned(by: signer))
    #expect(!message.isSigned(by: MessageSigner(key: "not k")))
  }

  @Test func aMessageWithoutParentHasAnEmptyObject() throws {
    let frames = WireMessage.frames(
      prefix: [], type: "status", content: .object([]), parent: nil, session: "s", signer: signer)
    #expect(try #require(WireMessage(frames: frames)).parts[1] == Array("{}".utf8))
  }

  @Test func refusesFramesWithoutDelimiterOrParts() {
    #expect(WireMessage(frames: [[1], Array("sig".utf8), [], [], [], []]) == nil)
    #expect(WireMessage(frames: [WireMessage.delimiter, [], [], [], []]) == nil)
  }

  @Test func headersHaveAUUIDAndAUTCDate() {
    let id = MessageIdentity.uuid()
    #expect(id.count == 36 && id.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
    #expect(Array(id)[14] == "4")
    #expect(MessageIdentity.uuid() != id)
    let date = MessageIdentity.now()
    // 2026-12-06T04:29:27.477545Z
    #expect(date.count == 27 && date.hasSuffix("Z") && Array(date)[10] == "T")
  }

  @Test func jsonIsWrittenWithoutSpacesAndEscaped() {
    let json = JSONOut.object([
      ("text", .string("a \"q\" \\ é\n\t\u{1}")), ("n", .int(-3)), ("ok", .bool(true)),
      ("none", .null), ("list", .array([.int(1), .object([])])), ("raw", .raw(Array("{}".utf8))),
    ])
    #expect(
      String(decoding: json.bytes, as: UTF8.self)
        == #"{"text":"a \"q\" \\ é\n\t\u0001","n":-3,"ok":true,"none":null,"list":[1,{}],"raw":{}}"#
    )
    // What the kernel writes, its reader reads back.
    let read = try? StrictJSON.parse(json.bytes[...])
    #expect(read?["text"]?.string == "a \"q\" \\ é\n\t\u{1}")
  }
}
