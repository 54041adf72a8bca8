#if canImport(Glibc)
  import Glibc
#endif

/// Reads lines from a pipe or file: no editing, no history, no prompt (the loop echoes prompts
/// and lines itself when a transcript is wanted).
///
/// Input that is not UTF-8 stops reading with an error, as `gradus run` refuses such a file:
/// `Swift.readLine` would silently turn the bad bytes into U+FFFD, and a program would then run
/// with text the learner never wrote.
final class PlainLineReader: LineReader {
  private(set) var failure: String?
  /// A stream of its own on standard input (C's `stdin` is a global Swift 6 will not share
  /// across threads). Never closed: that would close standard input. One REPL makes one reader.
  private let input = fdopen(STDIN_FILENO, "r")
  private var linesRead = 0
  private var bytesRead = 0

  func readLine(prompt: String, editorPrompt: String) -> LineInput {
    guard failure == nil, let input else { return .end }
    var buffer: UnsafeMutablePointer<CChar>?
    var capacity = 0
    defer { free(buffer) }
    let count = getline(&buffer, &capacity, input)
    guard count > 0, let buffer else { return .end }
    var bytes = UnsafeRawBufferPointer(start: buffer, count: count).map { $0 }
    linesRead += 1
    defer { bytesRead += count }
    // The line break, as `Swift.readLine(strippingNewline:)` strips it.
    if bytes.last == UInt8(ascii: "\n") {
      bytes.removeLast()
      if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
    }
    if let text = String(validating: bytes, as: UTF8.self) { return .line(text) }
    let offset = firstInvalidByte(bytes)
    let byte = "0x" + String(bytes[offset], radix: 16, uppercase: true)
    failure =
      "the input is not UTF-8 text (invalid byte \(byte) on line \(linesRead), at byte offset "
      + "\(bytesRead + offset)); the rest was not run; save it as UTF-8"
    return .end
  }

  func remember(_ line: String) {}
}

/// The offset of the first byte of `bytes` that is not part of valid UTF-8.
private func firstInvalidByte(_ bytes: [UInt8]) -> Int {
  var parser = Unicode.UTF8.ForwardParser()
  var iterator = bytes.makeIterator()
  var offset = 0
  while case .valid(let encoded) = parser.parseScalar(from: &iterator) { offset += encoded.count }
  return Swift.min(offset, bytes.count - 1)
}
