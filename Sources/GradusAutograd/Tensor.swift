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
  /// The operands, with the version each had when this tensor was computed.
  @exclusivity(unchecked) public internal(set) var inputs: [Input]
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
    self.inputs = []
  }

  init(data: NDArray, op: Op, inputs: [Input]) {
    self.data = data
    self.requiresGrad = true
    self.op = op
    self.inputs = inputs
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

  /// Sets the gradient to nil (PyTorch's `zero_grad(set_to_none=True)`).
  public func zeroGrad() { grad = nil }

  /// A new leaf with the same values and no history.
  public func detached() -> Tensor { Tensor(data) }

  deinit {
    // Release long chains (an RNN unrolled over thousands of steps) iteratively: the default
    // recursive release would overflow the stack. Only chains allocate here.
    if inputs.isEmpty { return }
    var pending = [Tensor]()
    for i in inputs.indices
    where isKnownUniquelyReferenced(&inputs[i].tensor) && !inputs[i].tensor.inputs.isEmpty {
      for input in inputs[i].tensor.inputs { pending.append(input.tensor) }
      inputs[i].tensor.inputs = []
    }
    while var next = pending.popLast() {
      if isKnownUniquelyReferenced(&next) && !next.inputs.isEmpty {
        for input in next.inputs { pending.append(input.tensor) }
        next.inputs = []
      }
    }
  }
}
