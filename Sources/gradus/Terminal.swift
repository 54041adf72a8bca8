import GradusLanguage
import GradusNotebook
import GradusPictures
import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// The terminal edge: standard output and error, colour decisions, file reading.
enum Terminal {
  /// Colour on stderr only for a terminal, and never with NO_COLOR set (no-color.org).
  static var diagnosticStyle: DiagnosticRenderer.Style {
    isatty(STDERR_FILENO) == 1 && getenv("NO_COLOR") == nil ? .ansi : .plain
  }

  /// How prose is laid out on standard output: `width` if given, else the terminal's width
  /// (window-size ioctl, then `COLUMNS`), else 80; styled only on a terminal without
  /// `NO_COLOR` or `TERM=dumb`; ASCII on a terminal whose locale is not UTF-8.
  static func prose(width: Int?) -> TerminalProse {
    let isTerminal = isatty(STDOUT_FILENO) == 1
    var size = winsize()
    let measured =
      isTerminal && ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0
      ? Int(size.ws_col) : nil
    let columns = width ?? measured ?? environment("COLUMNS").flatMap { Int($0) } ?? 80
    let noColour = !(environment("NO_COLOR") ?? "").isEmpty
    let styled = isTerminal && !noColour && environment("TERM") != "dumb"
    // A terminal whose locale is not UTF-8 gets ASCII, as pictures do; a pipe keeps Unicode
    // (the bytes are for a file or another program, not for a font).
    var locale: [String: String] = [:]
    for name in ["LC_ALL", "LC_CTYPE", "LANG"] { locale[name] = environment(name) }
    let unicode = !isTerminal || RenderOptions.localeIsUTF8(locale)
    return TerminalProse(columns: columns, styled: styled, unicode: unicode)
  }

  private static func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  static func writeOut(_ text: String) { write(text, to: STDOUT_FILENO) }

  static func writeError(_ text: String) { write(text, to: STDERR_FILENO) }

  /// Unbuffered writes keep stdout and stderr in the order they happened.
  private static func write(_ text: String, to descriptor: Int32) {
    var text = text
    text.withUTF8 { bytes in
      var offset = 0
      while offset < bytes.count {
        let n = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if n <= 0 {
          if n < 0 && errno == EINTR { continue }
          return
        }
        offset += n
      }
    }
  }

  /// A source file from disk, or a message saying why it cannot be read.
  static func readSource(_ path: String) -> Result<SourceFile, SourceReadError> {
    var info = stat()
    guard stat(path, &info) == 0 else { return .failure(.init("no such file: \(path)")) }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      return .failure(.init("\(path) is a directory; give a .grad file inside it"))
    }
    guard let bytes = FileBytes.read(path, allowingPipes: true) else {
      return .failure(.init("cannot read \(path): permission denied, or not a file or pipe"))
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      let (offset, line) = firstInvalidUTF8(bytes)
      let byte = "0x" + String(bytes[offset], radix: 16, uppercase: true)
      return .failure(
        .init(
          "\(path) is not UTF-8 text (invalid byte \(byte) on line \(line), at byte offset \(offset)); save it as UTF-8"
        ))
    }
    return .success(SourceFile(name: path, text: text))
  }

  /// The offset of the first byte that is not part of valid UTF-8, and its 1-based line.
  private static func firstInvalidUTF8(_ bytes: [UInt8]) -> (offset: Int, line: Int) {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    var line = 1
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded):
        if encoded.count == 1 && encoded.first == UInt8(ascii: "\n") { line += 1 }
        offset += encoded.count
      case .error:
        return (Swift.min(offset, bytes.count - 1), line)
      case .emptyInput:
        return (Swift.max(0, bytes.count - 1), line)
      }
    }
  }
}

struct SourceReadError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// Sends a program's output straight to standard output.
final class StandardOutputSink: OutputSink {
  func write(_ text: String) { Terminal.writeOut(text) }
  func show(_ value: Value, formatted: String) { Terminal.writeOut(formatted + "\n") }
  /// Options are read for each picture, so a resized window gets pictures of its new width.
  func picture(_ picture: Picture) {
    Terminal.writeOut(TerminalPictureRenderer.render(picture, options: .detect(for: STDOUT_FILENO)))
  }
}
