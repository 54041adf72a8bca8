import Foundation
import GradusAutograd
import GradusTensor
import Synchronization
import Testing

@Suite struct BackwardTests {
  @Test func gradientsAccumulateAcrossBackwardCalls() throws {
    let w = try parameter([1, 2], [2])
    let x = Tensor(try array([3, 4], [2]))
    try (w * x).sum().backward()
    #expect(w.grad?.values == [3, 4])
    try (w * w).sum().backward()
    #expect(w.grad?.values == [5, 8])
    #expect(x.grad == nil, "constants get no gradient")
    w.zeroGrad()
    #expect(w.grad == nil)
    try (w * x).sum().backward()
    #expect(w.grad?.values == [3, 4], "zeroGrad starts the sum again")
  }

  @Test func sharedSubexpressionsAddUp() throws {
    // y = a·b, z = y + y·a: dz/da = b + 2ab·… computed by hand below.
    let a = try parameter([2], [1])
    let b = try parameter([3], [1])
    let y = try a * b
    let z = try (y + y * a).sum()
    try z.backward()
    #expect(a.grad?.values == [3 + 2 * 2 * 3])  // b + 2ab
    #expect(b.grad?.values == [2 + 2 * 2])  // a + a²
    #expect(y.grad?.values == [3], "intermediate results keep their gradients")
  }

  @Test func noGradRecordsNothing() throws {
    let w = try parameter([1, 2], [2])
    #expect(Autograd.isRecording)
    let y = try Autograd.withNoGrad { () throws(TensorError) -> Tensor in
      #expect(!Autograd.isRecording)
      return try (w * w).sum()
    }
    #expect(Autograd.isRecording)
    #expect(y.op == nil && y.inputs.isEmpty && !y.requiresGrad)
    #expect(y.data.scalarValue == 5)
    #expect(throws: BackwardError.noGradient) { try y.backward() }
    // Nesting restores the outer state.
    Autograd.withNoGrad {
      Autograd.withNoGrad {}
      #expect(!Autograd.isRecording)
    }
    #expect(Autograd.isRecording)
  }

  @Test func detachedCutsTheGraph() throws {
    let w = try parameter([3], [1])
    let d = w.detached()
    #expect(!d.requiresGrad && d.isLeaf)
    #expect(d.data.values == [3])
    try (w * d).sum().backward()
    #expect(w.grad?.values == [3], "only the recorded path carries a gradient")
    #expect(d.grad == nil)
  }

  @Test func constantsAloneRecordNoGraph() throws {
    let c = Tensor(try array([1, 2], [2]))
    let y = try c.exp().sum()
    #expect(y.op == nil && !y.requiresGrad)
    #expect(throws: BackwardError.noGradient) { try y.backward() }
  }

  @Test func assignBetweenForwardAndBackwardIsStale() throws {
    let w = try parameter([1, 2], [2])
    w.label = "w"
    let loss = try (w * w).sum()
    try w.assign(try array([5, 6], [2]))
    #expect(throws: BackwardError.staleGraph(label: "w", op: "mul")) { try loss.backward() }
    // A fresh forward pass works again.
    try (w * w).sum().backward()
    #expect(w.grad?.values == [10, 12])
  }

  @Test func inPlaceUpdateIsStaleToo() throws {
    let w = try parameter([1, 2], [2])
    let loss = try w.exp().sum()
    try w.update(adding: try array([1, 1], [2]))
    #expect(throws: BackwardError.staleGraph(label: nil, op: "exp")) { try loss.backward() }
  }

  @Test func updateAddsInPlaceAndBumpsTheVersion() throws {
    let w = try parameter([1, 2, 3, 4], [2, 2])
    let storage = w.data.storage
    let version = w.version
    try w.update(adding: try array([10, 20], [2]), scale: -0.5)
    #expect(w.data.values == [-4, -8, -2, -6])
    #expect(w.data.storage === storage, "no new allocation")
    #expect(w.version == version + 1)
    #expect(throws: TensorError.mismatch(op: "assign", lhs: [2, 2], rhs: [4], axis: nil)) {
      try w.assign(try array([1, 2, 3, 4], [4]))
    }
    try w.assign(try NDArray([1, 1, 1, 1], shape: [2, 2], dtype: .float32))
    #expect(w.dtype == .float64, "assign keeps the parameter's dtype")
  }

  @Test func nonScalarBackwardNeedsAGradient() throws {
    let w = try parameter([1, 2, 3, 4, 5, 6], [2, 3])
    let y = try w * w
    #expect(throws: BackwardError.nonScalar(shape: [2, 3])) { try y.backward() }
    #expect(
      throws: BackwardError.tensor(.mismatch(op: "backward", lhs: [2, 3], rhs: [3], axis: nil))
    ) { try y.backward(gradient: try array([1, 1, 1], [3])) }
    try y.backward(gradient: try array([1, 0, -1, 2, 0, 0.5], [2, 3]))
    #expect(w.grad?.values == [2, 0, -6, 16, 0, 6])
  }

  @Test func backwardOfALeafIsItsSeed() throws {
    let w = try parameter([4], [])
    try w.backward()
    #expect(w.grad?.values == [1])
  }

  @Test func mixedDtypeGradientsTakeTheParametersDtype() throws {
    let w32 = Tensor(try NDArray([1, 2], shape: [2], dtype: .float32), requiresGrad: true)
    let w64 = try parameter([3, 4], [2])
    let loss = try (w32 * w64).sum()
    #expect(loss.dtype == .float64)
    try loss.backward()
    #expect(w32.grad?.dtype == .float32)
    #expect(w32.grad?.values == [3, 4])
    #expect(w64.grad?.values == [1, 2])
  }

  /// 10,000 operations deep (an RNN unrolled far): backward and release must be iterative.
  /// Run on a thread with a 512 KiB stack, where a recursive walk or a recursive chain of
  /// deinits (a few hundred bytes per node) would overflow.
  @Test func deepChainNeitherOverflowsNorLeaks() throws {
    let outcome = Mutex<(gradient: Double, freed: Bool)?>(nil)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      defer { done.signal() }
      weak var middle: Tensor?
      guard let x = try? parameter([0.5], [1]) else { return }
      do {
        var y = x
        let step = x.constant(0.9999)
        for i in 0..<10_000 {
          guard let next = try? y * step + x.constant(0.0001) else { return }
          y = next
          if i == 5_000 { middle = y }
        }
        guard (try? y.sum().backward()) != nil, middle != nil else { return }
      }
      let result = (x.grad?.values[0] ?? .nan, middle == nil)
      outcome.withLock { $0 = result }
    }
    thread.stackSize = 512 << 10
    thread.start()
    done.wait()
    let result = try #require(outcome.withLock { $0 })
    #expect(Swift.abs(result.gradient - Foundation.pow(0.9999, 10_000)) < 1e-9)
    #expect(result.freed, "the graph is freed once the output goes")
  }
}
