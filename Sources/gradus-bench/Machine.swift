#if canImport(Glibc)
  import Glibc
#endif

/// Where and when a run happened, for the report header.
enum Machine {
  /// The CPU model from /proc/cpuinfo and the number of online processors.
  static var description: String {
    var model = "unknown CPU"
    if let file = fopen("/proc/cpuinfo", "r") {
      defer { fclose(file) }
      var line: UnsafeMutablePointer<CChar>?
      var capacity = 0
      defer { free(line) }
      while getline(&line, &capacity, file) > 0, let line {
        let text = String(cString: line)
        if text.hasPrefix("model name"), let colon = text.firstIndex(of: ":") {
          model = String(
            text[text.index(after: colon)...].drop { $0 == " " }.dropLast(while: \.isNewline))
          break
        }
      }
    }
    return "\(model), \(sysconf(Int32(_SC_NPROCESSORS_ONLN))) cores"
  }

  /// The current UTC date and time, ISO 8601.
  static var date: String {
    var seconds = time(nil)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    var buffer = [CChar](repeating: 0, count: 32)
    let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
    return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

extension Substring {
  fileprivate func dropLast(while predicate: (Character) -> Bool) -> Substring {
    var end = endIndex
    while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
    return self[startIndex..<end]
  }
}
