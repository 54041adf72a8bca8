#if canImport(Glibc)
  import Glibc
#endif

/// Printed text of a cell, gathered on the I/O thread into `stream` messages: one message per
/// `print` in a 2,000-step loop would make 2,000 outputs in a saved notebook. Text is sent
/// 0.1 s after it was printed (even while the cell computes on), at 10 KB, and before any other
/// message of the execution thread, so outputs keep the order they happened in.
struct StreamBatcher {
  private var parent: [UInt8] = []
  private var text: [UInt8] = []
  /// When the oldest text held back was printed.
  private var since = 0.0

  static let delay = 0.1
  static let limit = 10_000

  var isEmpty: Bool { text.isEmpty }

  /// Holds `printed` back; what must go out first (text of another request, or 10 KB).
  mutating func add(_ printed: [UInt8], parent: [UInt8]) -> (parent: [UInt8], text: String)? {
    var ready = parent != self.parent ? take() : nil
    if text.isEmpty {
      self.parent = parent
      since = Self.now()
    }
    text += printed
    if ready == nil && text.count >= Self.limit { ready = take() }
    return ready
  }

  /// The text held back if it waited long enough (or `now` is true), and nothing is then held.
  mutating func take(now: Bool = true) -> (parent: [UInt8], text: String)? {
    guard !text.isEmpty, now || Self.now() - since >= Self.delay else { return nil }
    defer { text = [] }
    return (parent, String(decoding: text, as: UTF8.self))
  }

  static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
