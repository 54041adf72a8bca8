/// Names to values, in insertion order. Function locals and model fields hold a handful of
/// names, where a linear scan of short strings beats hashing; big tables (the session's
/// globals, the prelude) switch to a dictionary index.
struct NameTable {
  private(set) var names: [String] = []
  private(set) var values: [Value] = []
  private var index: [String: Int]?

  private static let indexThreshold = 12

  @inline(__always)
  private func position(of name: String) -> Int? {
    if let index { return index[name] }
    for i in names.indices where names[i] == name { return i }
    return nil
  }

  subscript(name: String) -> Value? {
    guard let i = position(of: name) else { return nil }
    return values[i]
  }

  /// Sets a value; returns true if the name is new.
  @discardableResult
  mutating func set(_ name: String, _ value: Value) -> Bool {
    if let i = position(of: name) {
      values[i] = value
      return false
    }
    names.append(name)
    values.append(value)
    if index != nil {
      index![name] = names.count - 1
    } else if names.count > Self.indexThreshold {
      index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }
    return true
  }

  mutating func removeAll() {
    names.removeAll()
    values.removeAll()
    index = nil
  }

  var count: Int { names.count }
}
