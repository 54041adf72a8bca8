import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Standard output and error, written unbuffered (so the two keep the order things happened
/// in), with failures remembered: output to a full disk (`> /dev/full`) or to a closed
/// descriptor (`>&-`) must end the process with an error, not vanish.
public enum StandardStreams {
  private static let firstFailure = Mutex<String?>(nil)
  private static let outputFailed = Atomic<Bool>(false)

  /// Writes `text` to standard output. After a failure, later writes are skipped (they would
  /// fail the same way).
  public static func writeOut(_ text: String) {
    guard !outputFailed.load(ordering: .relaxed) else { return }
    if !writeAll(STDOUT_FILENO, Array(text.utf8)) {
      remember("cannot write to standard output: \(String(cString: strerror(errno)))")
      outputFailed.store(true, ordering: .relaxed)
    }
  }

  /// Writes `text` to standard error; a failure there has nowhere to be reported, but still
  /// makes the exit status an error.
  public static func writeError(_ text: String) {
    if !writeAll(STDERR_FILENO, Array(text.utf8)) {
      remember("cannot write to standard error: \(String(cString: strerror(errno)))")
    }
  }

  /// The first write that failed, as a sentence; nil while every write has worked.
  public static var failure: String? { firstFailure.withLock { $0 } }

  private static func remember(_ message: String) {
    firstFailure.withLock { first in
      if first == nil { first = message }
    }
  }

  /// Opens `/dev/null` in place of a closed standard descriptor (`gradus run x >&-`), read-only
  /// for output and write-only for input, so that every write or read on it fails (and is
  /// reported) while no file the program opens later can take its number: without this, a
  /// file being saved would get descriptor 1 and receive the program's output.
  public static func reserveClosedDescriptors() {
    for (descriptor, flags) in [
      (STDIN_FILENO, O_WRONLY), (STDOUT_FILENO, O_RDONLY), (STDERR_FILENO, O_RDONLY),
    ] {
      guard fcntl(descriptor, F_GETFD) < 0 && errno == EBADF else { continue }
      let opened = open("/dev/null", flags)
      if opened >= 0 && opened != descriptor {
        dup2(opened, descriptor)
        close(opened)
      }
    }
  }
}

/// Text from a program or a lesson on its way to a terminal: control characters would act
/// rather than show (`print("\u{1b}[2J")` clears the screen, a stray ESC in a lesson title can
/// retitle the window), so every C0 and C1 control character except the line break and the tab
/// is shown as its escape, `\u{1b}`.
public enum TerminalText {
  public static func visible(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isHidden) else { return text }
    var result = ""
    result.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
      if isHidden(scalar) {
        result += "\\u{" + String(scalar.value, radix: 16) + "}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value == 0x0A || value == 0x09 { return false }
    return value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value)
  }
}
