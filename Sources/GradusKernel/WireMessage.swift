import GradusTensor

/// A message of the Jupyter wire protocol as its frames:
///
///     [routing ids…] "<IDS|MSG>" signature header parent_header metadata content [buffers…]
///
/// A ROUTER socket hands over the ids of the peer first; a reply carries the same ids. The four
/// JSON parts are kept as the bytes received, because the signature is over exactly those bytes.
public struct WireMessage: Sendable {
  public static let delimiter = Array("<IDS|MSG>".utf8)

  public var identities: [[UInt8]]
  public var signature: [UInt8]
  /// header, parent_header, metadata, content.
  public var parts: [[UInt8]]
  public var buffers: [[UInt8]]

  /// Splits received frames at the delimiter; nil when there is none or fewer than four parts
  /// follow the signature.
  public init?(frames: [[UInt8]]) {
    guard let split = frames.firstIndex(of: Self.delimiter), frames.count >= split + 6 else {
      return nil
    }
    identities = Array(frames[..<split])
    signature = frames[split + 1]
    parts = Array(frames[(split + 2)..<(split + 6)])
    buffers = Array(frames[(split + 6)...])
  }

  public var headerBytes: [UInt8] { parts[0] }
  public var header: StrictJSON? { try? StrictJSON.parse(parts[0][...]) }
  public var content: StrictJSON? { try? StrictJSON.parse(parts[3][...]) }
  public var type: String { header?["msg_type"]?.string ?? "" }

  /// Whether the signature is the HMAC of the four parts as received.
  public func isSigned(by signer: MessageSigner) -> Bool {
    signer.verifies(signature, of: parts)
  }

  /// The frames of a new message: `prefix` (routing ids for a ROUTER, a topic for iopub), the
  /// delimiter, the signature and the four parts. `parent` is the request's header as received,
  /// or nil for a message no request caused (`status: starting`).
  public static func frames(
    prefix: [[UInt8]], type: String, content: JSONOut, parent: [UInt8]?, session: String,
    signer: MessageSigner
  ) -> [[UInt8]] {
    let header = JSONOut.object([
      ("msg_id", .string(MessageIdentity.uuid())), ("session", .string(session)),
      ("username", .string("gradus")), ("date", .string(MessageIdentity.now())),
      ("msg_type", .string(type)), ("version", .string("5.3")),
    ])
    let parts = [header.bytes, parent ?? Array("{}".utf8), Array("{}".utf8), content.bytes]
    return prefix + [delimiter, Array(signer.signature(of: parts).utf8)] + parts
  }
}
