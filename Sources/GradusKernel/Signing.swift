import COpenSSL

/// HMAC-SHA256 signatures of Jupyter messages (the connection file's `signature_scheme`).
///
/// The signed data is header, parent header, metadata and content, as the exact bytes sent or
/// received: a message is never re-serialised before checking it. The key is the UTF-8 bytes of
/// the connection file's `key` (not hex-decoded); an empty key means no signing at all.
public struct MessageSigner: Sendable {
  private let key: [UInt8]

  public init(key: String) { self.key = Array(key.utf8) }

  /// The signature of the four parts as lowercase hex; empty when there is no key.
  public func signature(of parts: [[UInt8]]) -> String {
    guard !key.isEmpty else { return "" }
    let data = parts.flatMap { $0 }
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    let ok = key.withUnsafeBufferPointer { keyBytes in
      data.withUnsafeBufferPointer { dataBytes in
        HMAC(
          EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count), dataBytes.baseAddress,
          dataBytes.count, &digest, &length) != nil
      }
    }
    // HMAC fails only when OpenSSL cannot allocate; an empty signature is then never valid.
    guard ok else { return "" }
    return digest.prefix(Int(length)).map(Self.hex).joined()
  }

  /// Whether `signature` (the bytes received) signs `parts`, compared in constant time so that
  /// the time a check takes tells an attacker nothing about how much of a forgery was right.
  public func verifies(_ signature: [UInt8], of parts: [[UInt8]]) -> Bool {
    guard !key.isEmpty else { return true }
    let expected = Array(self.signature(of: parts).utf8)
    guard !expected.isEmpty, expected.count == signature.count else { return false }
    return CRYPTO_memcmp(expected, signature, expected.count) == 0
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
  }
}
