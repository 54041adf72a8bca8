/// Builds the signed frames of the messages the kernel sends, for either of its threads.
struct MessageBuilder: Sendable {
  let signer: MessageSigner
  /// One session id per kernel process, in every header.
  let session: String

  /// A reply on the ROUTER socket `request` came from, addressed to its sender.
  func reply(to request: WireMessage, type: String, content: JSONOut) -> [[UInt8]] {
    WireMessage.frames(
      prefix: request.identities, type: type, content: content, parent: request.headerBytes,
      session: session, signer: signer)
  }

  /// A message on iopub, under a topic frame as ipykernel sends it: clients subscribe to all.
  func publication(type: String, content: JSONOut, parent: [UInt8]?) -> [[UInt8]] {
    WireMessage.frames(
      prefix: [Array("kernel.\(session).\(type)".utf8)], type: type, content: content,
      parent: parent, session: session, signer: signer)
  }

  static func status(_ state: String) -> JSONOut { .object([("execution_state", .string(state))]) }
}
