import GradusTensor
import Testing

/// Freed array buffers below 64 KiB wait on a per-thread list for the next array of their size
/// class (`CGradusKernels/heap.c`). A reused buffer must never be shared by two live arrays.
@Suite struct StoragePoolTests {
  /// An array of `count` float32 values, all `value`.
  static func filled(_ count: Int, _ value: Double) throws -> NDArray {
    try NDArray.full(Shape([count]), value, dtype: .float32)
  }

  @Test func reusedBuffersNeverAliasLiveArrays() throws {
    // Sizes within one class (64 bytes = 16 floats), across classes, and at the pool's edge.
    let sizes = [1, 15, 16, 17, 100, 1600, 16383, 16384, 16385]
    var live: [(NDArray, Double)] = []
    for round in 0..<6 {
      for (k, size) in sizes.enumerated() {
        let value = Double(round * 100 + k)
        live.append((try Self.filled(size, value), value))
      }
      // Free every other array, oldest first, so later rounds reuse their buffers.
      live = live.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
      for (array, value) in live {
        #expect(array.values.allSatisfy { $0 == value }, "an array kept its values")
      }
    }
    // Arrays made from reused buffers are independent: writing one leaves the others alone.
    let a = try Self.filled(40, 1)
    let b = try Self.filled(40, 2)
    try Self.filled(40, 3).assign(into: a)
    #expect(a.values.allSatisfy { $0 == 3 } && b.values.allSatisfy { $0 == 2 })
  }

  @Test func buffersFreedOnAnotherThreadAreReusedSafely() async throws {
    // Made on other threads, freed here (and the reverse): each thread keeps its own lists.
    let made = try await withThrowingTaskGroup(of: NDArray.self) { group in
      for k in 0..<8 {
        group.addTask { try Self.filled(256 + k, Double(k)) }
      }
      var arrays: [NDArray] = []
      for try await array in group { arrays.append(array) }
      return arrays
    }
    #expect(made.count == 8)
    for array in made {
      let value = Double(array.count - 256)
      #expect(array.values.allSatisfy { $0 == value })
    }
    let fresh = try (0..<8).map { k in try Self.filled(256 + k, -1) }
    #expect(fresh.allSatisfy { $0.values.allSatisfy { $0 == -1 } })
    for array in made {
      let value = Double(array.count - 256)
      #expect(array.values.allSatisfy { $0 == value }, "new arrays left the live ones alone")
    }
  }
}
