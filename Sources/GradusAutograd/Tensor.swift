import GradusTensor

/// A node of the computation graph: a value (`data`), how it was made (`op` and `inputs`), and
/// after `backward` its gradient. Leaves made with `requiresGrad` are parameters.
///
/// As in micrograd, each operation builds its output together with what its backward needs;
/// unlike micrograd the rules live in one table keyed by `Op` (see `GradientRules`).
///
/// The mutable fields are `@exclusivity(unchecked)`: every operation reads them, and the runtime
/// exclusivity check on each access (a thread-local lookup) cost more than the arithmetic of a
/// small operation. Tensors are used from one thread and none of their accesses overlap.
public final class Tensor {
  /// The values. Replaced or updated only through `assign(_:)` and `update(adding:scale:)`,
  /// which bump `version` so that a graph computed from the old values is detected as stale.
  @exclusivity(unchecked) public private(set) var data: NDArray
  /// Accumulated gradient, same shape as `data`; nil until a backward pass reaches this tensor.
  @exclusivity(unchecked) public var grad: NDArray?
  /// Whether gradients flow to this tensor.
  public let requiresGrad: Bool
  /// The operation that produced this tensor; nil for leaves.
  public let op: Op?
  /// The operands, with the version each had when this tensor was computed: the first two
  /// held in the node itself (most operations have one or two), any others in `moreInputs`.
  /// An array per node cost an allocation for every recorded operation.
  @exclusivity(unchecked) var firstInput: Input?
  @exclusivity(unchecked) var secondInput: Input?
  @exclusivity(unchecked) var moreInputs: [Input] = []
  /// Incremented whenever `data` changes.
  @exclusivity(unchecked) public private(set) var version = 0
  /// A name for traces and graphs (the language sets it to the variable's name).
  public var label: String?
  /// The last backward pass that visited this node, and its position in that pass's order:
  /// marks that replace a set of visited nodes and a dictionary of pending gradients.
  @exclusivity(unchecked) var graphPass = 0
  @exclusivity(unchecked) var graphIndex = 0

  /// One operand of an operation.
  public struct Input {
    public internal(set) var tensor: Tensor
    let version: Int
  }

  /// A leaf: a constant, or a parameter when `requiresGrad`.
  public init(_ data: NDArray, requiresGrad: Bool = false) {
    self.data = data
    self.requiresGrad = requiresGrad
    self.op = nil
  }

  /// A node of one or two operands.
  init(data: NDArray, op: Op, first: Input, second: Input? = nil) {
    self.data = data
    self.requiresGrad = true
    self.op = op
    firstInput = first
    secondInput = second
  }

  init(data: NDArray, op: Op, inputs: [Input]) {
    self.data = data
    self.requiresGrad = true
    self.op = op
    firstInput = inputs.first
    secondInput = inputs.count > 1 ? inputs[1] : nil
    if inputs.count > 2 { moreInputs = Array(inputs[2...]) }
  }

  /// The operands in order (graphs and traces; the engine reads them through `input(_:)`).
  public var inputs: [Input] {
    var result = [Input]()
    result.reserveCapacity(inputCount)
    if let firstInput { result.append(firstInput) }
    if let secondInput { result.append(secondInput) }
    result.append(contentsOf: moreInputs)
    return result
  }

  var inputCount: Int {
    firstInput == nil ? 0 : (secondInput == nil ? 1 : 2 + moreInputs.count)
  }

  /// Operand `i` (< `inputCount`).
  func input(_ i: Int) -> Input {
    switch i {
    case 0: return firstInput.unsafelyUnwrapped
    case 1: return secondInput.unsafelyUnwrapped
    default: return moreInputs[i - 2]
    }
  }

  public var shape: Shape { data.shape }
  public var dtype: DType { data.dtype }
  public var isLeaf: Bool { op == nil }

  /// Replaces the values (a parameter update: `w = w - lr * grad(w)`), keeping this tensor's
  /// identity, gradient and parameter status. Records no graph.
  public func assign(_ newData: NDArray) throws(TensorError) {
    guard newData.shape == data.shape else {
      throw .mismatch(op: "assign", lhs: data.shape.sizes, rhs: newData.shape.sizes, axis: nil)
    }
    // Copy into this tensor's own storage rather than adopting `newData`'s: the caller may keep
    // using that array, and a later in-place update must not change it behind its back.
    if data.isContiguous && newData.storage !== data.storage {
      try newData.assign(into: data)
    } else {
      data = try newData.converted(to: data.dtype).copy()
    }
    version += 1
  }

  /// Adds `scale × delta` to the values in place (an optimizer step), without allocating.
  /// Views of this tensor's storage see the change, as in PyTorch.
  public func update(adding delta: NDArray, scale: Double = 1) throws(TensorError) {
    try data.addInPlace(delta, scale: scale)
    version += 1
  }

  /// Runs `body` on the values, which it changes in place (a fused optimizer step), and marks
  /// them changed as `update` does. Records no graph.
  public func updateInPlace<R>(_ body: (NDArray) throws(TensorError) -> R) throws(TensorError) -> R
  {
    let result = try body(data)
    version += 1
    return result
  }

  /// Sets the gradient to nil (PyTorch's `zero_grad(set_to_none=True)`).
  public func zeroGrad() { grad = nil }

  /// A new leaf with the same values and no history.
  public func detached() -> Tensor { Tensor(data) }

  deinit {
    // Release long chains (an RNN unrolled over thousands of steps) iteratively: the default
    // recursive release would overflow the stack. Only chains allocate here.
    if firstInput == nil { return }
    var pending = [Tensor]()
    Tensor.takeInputs(ofUniquelyHeld: &firstInput, into: &pending)
    Tensor.takeInputs(ofUniquelyHeld: &secondInput, into: &pending)
    for i in moreInputs.indices where isKnownUniquelyReferenced(&moreInputs[i].tensor) {
      moreInputs[i].tensor.moveInputs(into: &pending)
    }
    while var next = pending.popLast() {
      if isKnownUniquelyReferenced(&next) { next.moveInputs(into: &pending) }
    }
  }

  /// If only this node holds `input`'s tensor (it dies with this node), moves that tensor's
  /// operands to `pending`, so that releasing it releases nothing further.
  private static func takeInputs(ofUniquelyHeld input: inout Input?, into pending: inout [Tensor]) {
    if input != nil && isKnownUniquelyReferenced(&input!.tensor) {
      input!.tensor.moveInputs(into: &pending)
    }
  }

  /// Appends the operands to `pending` and forgets them.
  private func moveInputs(into pending: inout [Tensor]) {
    guard let first = firstInput else { return }
    pending.append(first.tensor)
    if let second = secondInput { pending.append(second.tensor) }
    for input in moreInputs { pending.append(input.tensor) }
    firstInput = nil
    secondInput = nil
    moreInputs = []
  }
}
