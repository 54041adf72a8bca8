import GradusLanguage

/// A name with its hash, computed once per look-up and reused in every scope the look-up walks
/// through: tables compare hashes first and only equal hashes compare strings.
struct NameKey {
  let name: String
  let hash: Int

  init(_ name: String) {
    self.name = name
    hash = NameHash.of(name)
  }

  /// A name whose hash the syntax tree already holds (`Expr.nameHash`, `Identifier.nameHash`).
  init(_ name: String, hash: Int) {
    self.name = name
    self.hash = hash
  }
}

/// Names to values, in insertion order: a scope's locals or a model's fields.
///
/// Every name the evaluator reads goes through one of these, often through three or four of
/// them (a method's locals, its model's fields, the session, the prelude), so the table is
/// built for look-ups that touch no reference counts: it is non-copyable (a scope borrows it
/// in place) and keeps its entries in manually managed buffers instead of arrays, whose
/// buffers were retained and released around every look-up. Small tables scan their hashes;
/// big ones (the session's globals, the prelude) add an open-addressing index.
struct NameTable: ~Copyable {
  private(set) var count = 0
  private var capacity = 0
  private var hashes: UnsafeMutablePointer<Int>?
  private var keys: UnsafeMutablePointer<String>?
  private var entries: UnsafeMutablePointer<Value>?
  /// Position + 1 of the name in each slot, 0 for an empty one; `slotCount` is a power of two,
  /// at least twice `count`. Nil while the table is small.
  private var slots: UnsafeMutablePointer<Int32>?
  private var slotCount = 0

  private static let indexThreshold = 12

  init() {}

  deinit {
    keys?.deinitialize(count: count)
    entries?.deinitialize(count: count)
    hashes.map { UnsafeMutableRawPointer($0).deallocate() }
    slots?.deallocate()
  }

  @inline(__always)
  func position(of key: NameKey) -> Int? {
    guard let hashes, let keys else { return nil }
    if let slots {
      let mask = slotCount - 1
      var i = key.hash & mask
      while true {
        let slot = Int(slots[i])
        if slot == 0 { return nil }
        if hashes[slot - 1] == key.hash && keys[slot - 1] == key.name { return slot - 1 }
        i = (i + 1) & mask
      }
    }
    for i in 0..<count where hashes[i] == key.hash && keys[i] == key.name { return i }
    return nil
  }

  subscript(key: NameKey) -> Value? {
    guard let i = position(of: key) else { return nil }
    return entries![i]
  }

  subscript(name: String) -> Value? { self[NameKey(name)] }

  /// The value at a position `position(of:)` returned (tables only grow, so it stays valid).
  func value(at i: Int) -> Value { entries![i] }

  mutating func setValue(_ value: Value, at i: Int) { entries![i] = value }

  /// Sets a value; returns true if the name is new.
  @discardableResult
  mutating func set(_ key: NameKey, _ value: Value) -> Bool {
    if let i = position(of: key) {
      entries![i] = value
      return false
    }
    if count == capacity { grow() }
    hashes![count] = key.hash
    (keys! + count).initialize(to: key.name)
    (entries! + count).initialize(to: value)
    count += 1
    if slots != nil || count > Self.indexThreshold {
      if 2 * count > slotCount { rebuildIndex() } else { place(key.hash, at: count - 1) }
    }
    return true
  }

  @discardableResult
  mutating func set(_ name: String, _ value: Value) -> Bool { set(NameKey(name), value) }

  mutating func removeAll() {
    keys?.deinitialize(count: count)
    entries?.deinitialize(count: count)
    count = 0
    slots?.deallocate()
    slots = nil
    slotCount = 0
  }

  /// The names in the order they were first set.
  var names: [String] { Array(UnsafeBufferPointer(start: keys, count: count)) }

  var values: [Value] { Array(UnsafeBufferPointer(start: entries, count: count)) }

  /// Moves the entries to a block twice as big. Hashes, names and values share one block, so a
  /// function call's locals cost one allocation.
  private mutating func grow() {
    let newCapacity = Swift.max(4, capacity * 2)
    let (keysOffset, entriesOffset, bytes) = Self.layout(newCapacity)
    let block = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
    let newHashes = block.bindMemory(to: Int.self, capacity: newCapacity)
    let newKeys = (block + keysOffset).bindMemory(to: String.self, capacity: newCapacity)
    let newEntries = (block + entriesOffset).bindMemory(to: Value.self, capacity: newCapacity)
    if let hashes, let keys, let entries {
      newHashes.update(from: hashes, count: count)
      newKeys.moveInitialize(from: keys, count: count)
      newEntries.moveInitialize(from: entries, count: count)
      UnsafeMutableRawPointer(hashes).deallocate()
    }
    (hashes, keys, entries, capacity) = (newHashes, newKeys, newEntries, newCapacity)
  }

  /// Byte offsets of the names and the values in a block for `capacity` entries, and its size.
  private static func layout(_ capacity: Int) -> (keys: Int, entries: Int, bytes: Int) {
    func aligned(_ offset: Int, _ alignment: Int) -> Int {
      (offset + alignment - 1) / alignment * alignment
    }
    let keys = aligned(capacity * MemoryLayout<Int>.stride, MemoryLayout<String>.alignment)
    let entries = aligned(
      keys + capacity * MemoryLayout<String>.stride, MemoryLayout<Value>.alignment)
    return (keys, entries, entries + capacity * MemoryLayout<Value>.stride)
  }

  private mutating func rebuildIndex() {
    slots?.deallocate()
    var size = 32
    while size < 4 * count { size *= 2 }
    let newSlots = UnsafeMutablePointer<Int32>.allocate(capacity: size)
    newSlots.initialize(repeating: 0, count: size)
    (slots, slotCount) = (newSlots, size)
    for i in 0..<count { place(hashes![i], at: i) }
  }

  private func place(_ hash: Int, at position: Int) {
    let mask = slotCount - 1
    var i = hash & mask
    while slots![i] != 0 { i = (i + 1) & mask }
    slots![i] = Int32(position + 1)
  }
}
