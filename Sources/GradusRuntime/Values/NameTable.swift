/// Names to values, in insertion order. Function locals and model fields hold a handful of
/// names, where a linear scan of short strings beats hashing; big tables (the session's
/// globals, the prelude) switch to a hash index.
struct NameTable {
  private(set) var names: [String] = []
  private(set) var values: [Value] = []
  private var index: NameIndex?

  private static let indexThreshold = 12

  @inline(__always)
  private func position(of name: String) -> Int? {
    if let index { return index.position(of: name, in: names) }
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
      index!.insert(name, at: names.count - 1, in: names)
    } else if names.count > Self.indexThreshold {
      index = NameIndex(names)
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

/// Positions of names in a table's `names`, by open addressing with FNV-1a, a hash that costs a
/// few instructions per byte of a short identifier. (`[String: Int]` hashes with SipHash: in a
/// loop at the top level, hashing names was about half the cost of a statement like `q = 1`.)
/// Names are only added, never removed one at a time.
private struct NameIndex {
  /// Position + 1 of the name in each slot; 0 is an empty slot. The count is a power of two,
  /// at least twice the number of names.
  private var slots: [Int32]
  private var count = 0

  init(_ names: [String]) {
    var capacity = 16
    while capacity < 2 * (names.count + 1) { capacity *= 2 }
    slots = Array(repeating: 0, count: capacity)
    for (position, name) in names.enumerated() { place(name, at: position) }
  }

  @inline(__always)
  private static func hash(_ name: String) -> Int {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in name.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return Int(truncatingIfNeeded: h ^ (h >> 29))
  }

  func position(of name: String, in names: [String]) -> Int? {
    let mask = slots.count - 1
    var i = Self.hash(name) & mask
    while true {
      let slot = Int(slots[i])
      if slot == 0 { return nil }
      if names[slot - 1] == name { return slot - 1 }
      i = (i + 1) & mask
    }
  }

  /// Adds a name that is not in the index yet, at `position` of `names`.
  mutating func insert(_ name: String, at position: Int, in names: [String]) {
    if 2 * (count + 1) > slots.count {
      self = NameIndex(names)  // rebuilds from every name, this one included
      return
    }
    place(name, at: position)
  }

  private mutating func place(_ name: String, at position: Int) {
    let mask = slots.count - 1
    var i = Self.hash(name) & mask
    while slots[i] != 0 { i = (i + 1) & mask }
    slots[i] = Int32(position + 1)
    count += 1
  }
}
