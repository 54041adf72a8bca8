#if canImport(Glibc)
  import Glibc
#endif

/// Reading whole files, for everything that loads one: `gradus run`, lessons, `load_csv`,
/// `load`, the fuzzer's replay.
public enum FileBytes {
  /// The bytes of a regular file, or nil if it cannot be read (missing, a directory, no
  /// permission, a read error). With `allowingPipes`, a FIFO such as `<(…)` or `/dev/stdin` is
  /// read too; otherwise it is refused before it is opened, because opening a FIFO blocks until
  /// someone writes to it.
  public static func read(_ path: String, allowingPipes: Bool = false) -> [UInt8]? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    let kind = info.st_mode & S_IFMT
    guard kind == S_IFREG || (allowingPipes && kind == S_IFIFO) else { return nil }
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let n = fread(&buffer, 1, buffer.count, file)
      if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
      if n < buffer.count { break }
    }
    return ferror(file) == 0 ? bytes : nil
  }

  /// A file's text, or nil if it cannot be read or is not UTF-8.
  public static func text(_ path: String) -> String? {
    read(path).flatMap { String(validating: $0, as: UTF8.self) }
  }
}
