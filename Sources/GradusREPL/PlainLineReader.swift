import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// Reads lines from a pipe or file: no editing, no history, no prompt (the loop echoes prompts
/// and lines itself when a transcript is wanted).
///
/// Reading stops with an error, never silently:
/// - on input that is not UTF-8, as `gradus run` refuses such a file (`Swift.readLine` would
///   turn the bad bytes into U+FFFD, and a program would run with text the learner never wrote);
/// - on a read error (`gradus < /` fails with EISDIR): an error is not the end of the input;
/// - on a line longer than `lineLimit` (`gradus < /dev/zero` has no line break, ever).
final class PlainLineReader: LineReader {
  /// The longest line read: far above any real line, far below what would exhaust memory.
  static let lineLimit = 16 << 20

  private(set) var failure: String?
  private let descriptor: Int32
  /// Bytes read but not yet returned start at `start`; no line break before `scanned`.
  private var pending: [UInt8] = []
  private var start = 0
  private var scanned = 0
  private var atEnd = false
  private var linesRead = 0
  private var bytesRead = 0

  init(descriptor: Int32 = STDIN_FILENO) {
    self.descriptor = descriptor
  }

  func readLine(prompt: String, editorPrompt: String) -> LineInput {
    guard failure == nil, var bytes = nextLine() else { return .end }
    linesRead += 1
    let offsetOfLine = bytesRead
    bytesRead += bytes.count
    // The line break, as `Swift.readLine(strippingNewline:)` strips it.
    if bytes.last == UInt8(ascii: "\n") {
      bytes.removeLast()
      if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
    }
    if let text = String(validating: bytes, as: UTF8.self) { return .line(text) }
    let offset = UTF8Check.firstInvalidByte(bytes)
    let byte = "0x" + String(bytes[offset], radix: 16, uppercase: true)
    failure =
      "the input is not UTF-8 text (invalid byte \(byte) on line \(linesRead), at byte offset "
      + "\(offsetOfLine + offset)); the rest was not run; save it as UTF-8"
    return .end
  }

  func remember(_ line: String) {}

  /// The next line with its line break (the last line may have none), or nil at the end of the
  /// input or on a failure. Each byte is looked at once, so reading is linear in the input.
  private func nextLine() -> [UInt8]? {
    while true {
      if let newline = pending[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
        return take(through: newline + 1)
      }
      scanned = pending.count
      if pending.count - start > Self.lineLimit {
        failure =
          "line \(linesRead + 1) of the input is longer than "
          + "\(FileBytes.describe(bytes: Self.lineLimit)); the rest was not run"
        return nil
      }
      if atEnd { return start < pending.count ? take(through: pending.count) : nil }
      fill()
      if failure != nil { return nil }
    }
  }

  private func take(through end: Int) -> [UInt8] {
    let line = Array(pending[start..<end])
    start = end
    scanned = end
    // Drop consumed bytes once they are the larger part, so the buffer stays small and
    // compacting costs O(1) per byte.
    if start > 65_536 && start * 2 > pending.count {
      pending.removeFirst(start)
      scanned -= start
      start = 0
    }
    return line
  }

  /// Appends what one `read` returns; sets `atEnd` at the end of the input and `failure` on an
  /// error.
  private func fill() {
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n < 0 {
        failure = "cannot read the input: \(String(cString: strerror(errno))); the rest was not run"
      } else if n == 0 {
        atEnd = true
      } else {
        pending.append(contentsOf: chunk[0..<n])
      }
      return
    }
  }
}
