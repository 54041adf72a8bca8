/// The hash the evaluator's name tables use, computed once per name in the syntax tree (each
/// `.name` expression and identifier carries it) instead of on every look-up.
public enum NameHash {
  /// FNV-1a over the UTF-8 bytes: a few instructions per byte of a short identifier.
  public static func of(_ name: String) -> Int {
    // `withUTF8` reads the bytes in place (a small string from the stack).
    var text = name
    let h = text.withUTF8 { bytes in
      var h: UInt64 = 0xcbf2_9ce4_8422_2325
      for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
      return h
    }
    return Int(truncatingIfNeeded: h ^ (h >> 29))
  }
}
