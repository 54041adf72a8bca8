import Testing

@testable import GradusKernel

@Suite struct SigningTests {
  /// RFC 4231, test case 2: a key shorter than the block, HMAC-SHA256.
  @Test func matchesTheRFC4231Vector() {
    let signer = MessageSigner(key: "Jefe")
    let data = Array("what do ya want for nothing?".utf8)
    // The four parts are signed as one run of bytes: any split gives the same signature.
    #expect(
      signer.signature(of: [Array(data[..<4]), Array(data[4...]), [], []])
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
  }

  @Test func verifiesOnlyTheExactBytes() {
    let signer = MessageSigner(key: "secret")
    let parts = [Array("{\"msg_type\":\"x\"}".utf8), Array("{}".utf8), Array("{}".utf8), []]
    let signature = Array(signer.signature(of: parts).utf8)
    #expect(signer.verifies(signature, of: parts))
    // `{ }` is the same JSON as `{}` but not the same bytes.
    var spaced = parts
    spaced[1] = Array("{ }".utf8)
    #expect(!signer.verifies(signature, of: spaced))
    #expect(!MessageSigner(key: "other").verifies(signature, of: parts))
    #expect(!signer.verifies(Array(signature.dropLast()), of: parts))
    #expect(!signer.verifies([], of: parts))
  }

  @Test func anEmptyKeyMeansNoSigning() {
    let signer = MessageSigner(key: "")
    #expect(signer.signature(of: [[1], [2], [3], [4]]) == "")
    #expect(signer.verifies(Array("anything".utf8), of: [[1], [2], [3], [4]]))
  }
}
