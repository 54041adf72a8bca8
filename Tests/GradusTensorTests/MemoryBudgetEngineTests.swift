import Foundation
import Synchronization
import Testing

@testable import GradusTensor

/// One budget per session (`MemoryBudget`): storage takes its bytes before it is allocated and
/// gives them back when it is freed, on whatever thread; a temporary (`MemoryCharge`) holds its
/// bytes for its scope; and many allocations that each fit cannot together pass the limit.
@Suite("Memory budget: a running total, given back at free")
struct MemoryBudgetEngineTests {
  @Test func storageTakesItsBytesAndGivesThemBack() throws {
    try MemoryLimit.withMaxBytes(1 << 20) { () throws(TensorError) in
      let budget = MemoryLimit.budget
      #expect(budget.used == 0)
      do {
        let a = try NDArray.zeros([1000])
        let b = try NDArray.zeros([500], dtype: .float64)
        #expect(budget.used == 4000 + 4000)
        // A view shares its storage: no more bytes.
        let row = try a.reshaped([10, 100])
        #expect(budget.used == 8000)
        _ = (a, b, row)
      }
      #expect(budget.used == 0)
    }
  }

  @Test func manyThatEachFitCannotTogetherPassTheLimit() throws {
    try MemoryLimit.withMaxBytes(10_000) { () throws(TensorError) in
      var kept = [NDArray]()
      for _ in 0..<2 { kept.append(try NDArray.zeros([1000])) }
      #expect(
        throws: TensorError.memoryInUse(requestedBytes: 4000, inUseBytes: 8000, limitBytes: 10_000)
      ) {
        try NDArray.zeros([1000])
      }
      // The refused request took nothing; dropping one gives its bytes back.
      #expect(MemoryLimit.usedBytes == 8000)
      kept.removeLast()
      kept.append(try NDArray.zeros([1000]))
      #expect(MemoryLimit.usedBytes == 8000)
    }
  }

  @Test func aTemporaryHoldsItsBytesForItsScope() throws {
    try MemoryLimit.withMaxBytes(10_000) { () throws(TensorError) in
      do {
        let temporary = try MemoryCharge(count: 1000, elementSize: 8)
        #expect(MemoryLimit.usedBytes == 8000)
        #expect(throws: TensorError.self) { try NDArray.zeros([1000]) }
        withExtendedLifetime(temporary) {}
      }
      #expect(MemoryLimit.usedBytes == 0)
      // Random tensors fill a Swift array of Doubles first: it counts while the tensor is made.
      #expect(throws: TensorError.self) {
        var rng = RandomGenerator(seed: 0)
        return try NDArray.randn([1000], using: &rng)
      }
      var rng = RandomGenerator(seed: 0)
      _ = try NDArray.randn([800], using: &rng)
      #expect(MemoryLimit.usedBytes == 0)
    }
  }

  /// Tensors made on one thread and freed on others give their bytes back to the budget they
  /// came from; threads working for one session share its budget.
  @Test func threadsShareOneBudgetAndFreeAnywhere() {
    let budget = MemoryBudget(limit: 1 << 30)
    let made = Mutex<[NDArray]>([])
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      MemoryLimit.withBudget(budget) {
        for _ in 0..<200 {
          guard let a = try? NDArray.zeros([256]), let b = try? a.zip(a, .add) else {
            Issue.record("allocation failed")
            return
          }
          made.withLock { $0.append(b) }
        }
      }
    }
    #expect(budget.used == 8 * 200 * 1024)
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      while made.withLock({ $0.popLast() }) != nil {}
    }
    #expect(budget.used == 0)
  }

  /// Over the limit in one request says so without the total; over it with what is in use,
  /// the message names both.
  @Test func theMessagesNameTheRequestTheUseAndTheLimit() {
    #expect(
      TensorError.memoryInUse(requestedBytes: 4 << 20, inUseBytes: 62 << 20, limitBytes: 64 << 20)
        .description
        == "allocating 4.0 MiB would exceed the memory limit of 64.0 MiB: 62.0 MiB is in use by "
        + "the session's tensors, lists, strings and temporary arrays")
    MemoryLimit.withMaxBytes(1000) { () -> Void in
      #expect(throws: TensorError.allocationLimit(requestedBytes: 4000, limitBytes: 1000)) {
        try NDArray.zeros([1000])
      }
    }
  }
}
