#if canImport(Glibc)
  import Glibc
#endif

/// The identifiers and time stamps message headers carry.
public enum MessageIdentity {
  /// A random (version 4) UUID, as Jupyter's `msg_id` and `session`.
  public static func uuid() -> String {
    var generator = SystemRandomNumberGenerator()
    var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    bytes[6] = (bytes[6] & 0x0F) | 0x40
    bytes[8] = (bytes[8] & 0x3F) | 0x80
    let hex = bytes.map { String($0, radix: 16).leftPadded(to: 2) }
    return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }.joined(separator: "-")
  }

  /// Now in ISO 8601, UTC, with microseconds and a `Z`: without a zone, jupyter_client warns
  /// that it reads a naive time as local.
  public static func now() -> String {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    var seconds = time.tv_sec
    var parts = tm()
    gmtime_r(&seconds, &parts)
    let date = [
      String(parts.tm_year + 1900), String(parts.tm_mon + 1).leftPadded(to: 2),
      String(parts.tm_mday).leftPadded(to: 2),
    ].joined(separator: "-")
    let clock = [parts.tm_hour, parts.tm_min, parts.tm_sec].map { String($0).leftPadded(to: 2) }
    let micros = String(time.tv_nsec / 1000).leftPadded(to: 6)
    return date + "T" + clock.joined(separator: ":") + "." + micros + "Z"
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: Swift.max(0, width - count)) + self
  }
}
