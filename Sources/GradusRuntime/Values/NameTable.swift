/// A name with its hash, computed once per look-up and reused in every scope the look-up walks
/// through: tables compare hashes first and only equal hashes compare names.
struct NameKey {
  let name: String
  let hash: Int

  init(_ name: String) {
    self.name = name
    hash = Self.hash(of: name)
  }

  /// FNV-1a over the UTF-8 bytes: a few instructions per byte of a short identifier.
  static func hash(of name: String) -> Int {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in name.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return Int(truncatingIfNeeded: h ^ (h >> 29))
  }
}

/// Names to values, in insertion order: a scope's locals or a model's fields.
///
/// Small tables (a call's arguments, a layer's fields) scan their hashes; big ones (the
/// session's globals, the prelude) add an open-addressing index from a hash to a position.
/// Plain arrays throughout: the values are owned by the arrays, and nothing is freed by hand.
struct NameTable {
  /// In the order they were first set.
  private(set) var names: [String] = []
  private(set) var values: [Value] = []
  private var hashes: [Int] = []
  /// Position + 1 of the name in each slot, 0 for an empty one; its count is a power of two, at
  /// least twice the number of names. Empty while the table is small.
  private var index: [Int32] = []

  private static let indexThreshold = 12

  var count: Int { names.count }

  func position(of key: NameKey) -> Int? {
    if index.isEmpty {
      for i in hashes.indices where hashes[i] == key.hash && names[i] == key.name { return i }
      return nil
    }
    let mask = index.count - 1
    var i = key.hash & mask
    while true {
      let slot = Int(index[i])
      if slot == 0 { return nil }
      if hashes[slot - 1] == key.hash && names[slot - 1] == key.name { return slot - 1 }
      i = (i + 1) & mask
    }
  }

  subscript(key: NameKey) -> Value? {
    guard let i = position(of: key) else { return nil }
    return values[i]
  }

  subscript(name: String) -> Value? { self[NameKey(name)] }

  /// The value at a position `position(of:)` returned (tables only grow, so it stays valid).
  func value(at i: Int) -> Value { values[i] }

  mutating func setValue(_ value: Value, at i: Int) { values[i] = value }

  /// Sets a value; returns true if the name is new.
  @discardableResult
  mutating func set(_ key: NameKey, _ value: Value) -> Bool {
    if let i = position(of: key) {
      values[i] = value
      return false
    }
    names.append(key.name)
    values.append(value)
    hashes.append(key.hash)
    if !index.isEmpty || count > Self.indexThreshold {
      if 2 * count > index.count { rebuildIndex() } else { place(key.hash, at: count - 1) }
    }
    return true
  }

  @discardableResult
  mutating func set(_ name: String, _ value: Value) -> Bool { set(NameKey(name), value) }

  mutating func removeAll() {
    names.removeAll()
    values.removeAll()
    hashes.removeAll()
    index.removeAll()
  }

  private mutating func rebuildIndex() {
    var size = 32
    while size < 4 * count { size *= 2 }
    index = Array(repeating: 0, count: size)
    for (i, hash) in hashes.enumerated() { place(hash, at: i) }
  }

  private mutating func place(_ hash: Int, at position: Int) {
    let mask = index.count - 1
    var i = hash & mask
    while index[i] != 0 { i = (i + 1) & mask }
    index[i] = Int32(position + 1)
  }
}
