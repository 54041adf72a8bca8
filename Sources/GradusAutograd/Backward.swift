import GradusTensor

/// Why a backward pass could not run.
public enum BackwardError: Error, Equatable {
  /// `backward` of a non-scalar output needs an explicit output gradient.
  case nonScalar(shape: [Int])
  /// The output does not depend on any parameter.
  case noGradient
  /// An operand was changed after the output was computed (e.g. an update between forward
  /// and backward); `label` names it when known.
  case staleGraph(label: String?, op: String)
  case tensor(TensorError)
}

extension Tensor {
  /// Reverse-mode differentiation from this tensor: adds d(self)/d(t) to `t.grad` for every
  /// tensor `t` that requires a gradient and that `self` depends on (gradients accumulate until
  /// zeroed). Intermediate results keep their gradients too, so a learner can inspect them.
  /// Without `gradient`, `self` must be a scalar (its gradient is 1).
  public func backward(gradient: NDArray? = nil) throws(BackwardError) {
    let seed: NDArray
    if let gradient {
      guard gradient.shape == shape else {
        throw .tensor(
          .mismatch(op: "backward", lhs: shape.sizes, rhs: gradient.shape.sizes, axis: nil))
      }
      seed = gradient
    } else {
      guard data.count == 1 else { throw .nonScalar(shape: shape.sizes) }
      seed = try! NDArray.full(shape, 1, dtype: dtype)  // one element: cannot hit a limit
    }
    guard requiresGrad else { throw .noGradient }
    let pass = Autograd.newPass()
    let order = topologicalOrder(pass: pass)
    let state = Autograd.state.value
    state.noGradDepth += 1
    defer { state.noGradDepth -= 1 }
    try propagate(order, pass: pass, seed: seed, listener: state.listener)
  }

  /// Walks the graph from the output back to the leaves, applying each node's rule once all of
  /// its consumers have contributed to its upstream gradient.
  ///
  /// Upstream gradients wait in an array parallel to `order` (`self` is last), found through
  /// each node's `graphIndex` rather than hashed in a dictionary.
  private func propagate(
    _ order: [Tensor], pass: Int, seed: NDArray, listener: (any AutogradListener)?
  ) throws(BackwardError) {
    // Filled with `append`: `init(repeating:count:)` would copy a nil NDArray into each slot.
    var pending = [NDArray?]()
    pending.reserveCapacity(order.count)
    for _ in order { pending.append(nil) }
    pending[order.count - 1] = seed
    /// Where `tensor` waits, or nil if it is not part of this pass. A listener that runs a
    /// backward pass of its own may have re-marked the node: then search.
    func slot(_ tensor: Tensor) -> Int? {
      if tensor.graphPass == pass { return tensor.graphIndex }
      return order.lastIndex { $0 === tensor }
    }
    for position in order.indices.reversed() {
      let node = order[position]
      guard var upstream = pending[position].take() else { continue }
      // A strided gradient (from a transpose) is stored as a contiguous copy; the rules read
      // that copy too, so that a reshape after it does not copy it a second time.
      if let stored = try lift({ () throws(TensorError) in try node.accumulate(upstream) }) {
        upstream = stored
      }
      guard let op = node.op else { continue }
      for i in 0..<node.inputCount where node.input(i).tensor.version != node.input(i).version {
        throw .staleGraph(label: node.input(i).tensor.label, op: op.name)
      }
      let contributions = try lift { () throws(TensorError) in
        try GradientRules.contributions(of: node, upstream: upstream, traced: listener != nil)
      }
      // By index, copying out only the gradient: each contribution is two NDArrays.
      for i in contributions.indices {
        guard let gradient = contributions[i]?.gradient else { continue }
        let input = node.input(i).tensor
        if let key = slot(input) {
          if let existing = pending[key].take() {
            pending[key] = try lift { () throws(TensorError) in try existing.zip(gradient, .add) }
          } else {
            pending[key] = gradient
          }
        }
        listener?.backward(
          BackwardStep(
            op: op, output: node, input: input, inputIndex: i, upstream: upstream,
            local: contributions[i]?.local, formula: op.localDerivativeFormula(input: i),
            gradient: gradient))
      }
    }
  }

  private func lift<R>(_ body: () throws(TensorError) -> R) throws(BackwardError) -> R {
    do { return try body() } catch { throw .tensor(error) }
  }

  /// Adds `gradient` to `grad`; returns the contiguous copy it stored when `gradient` was a
  /// strided view of the same dtype (the same values, cheaper to read on).
  @discardableResult
  private func accumulate(_ gradient: NDArray) throws(TensorError) -> NDArray? {
    // A backward pass inside `analyze { }` gives shape-only gradients. A tensor that has
    // values (a parameter made outside the block) keeps the gradient it had: the analysis
    // changes no numbers, and a shape-only gradient would stop its next update.
    if gradient.isShapeOnly && !data.isShapeOnly { return nil }
    // Written to copy as few NDArrays as possible: no conversion unless the dtypes differ.
    if gradient.dtype != data.dtype {
      try accumulate(gradient.converted(to: data.dtype))
    } else if grad == nil {
      if gradient.isContiguous {
        grad = gradient
      } else {
        let copy = try gradient.copy()
        grad = copy
        return copy
      }
    } else {
      grad = try grad.unsafelyUnwrapped.zip(gradient, .add)
    }
    return nil
  }
  /// Every tensor this one depends on that requires a gradient, each after its inputs.
  /// Iterative, so graphs thousands of operations deep do not overflow the stack.
  func topologicalOrder() -> [Tensor] { topologicalOrder(pass: Autograd.newPass()) }

  /// `topologicalOrder()`, marking each node with `pass` (visited) and its position in the
  /// order, instead of keeping a set of visited nodes.
  private func topologicalOrder(pass: Int) -> [Tensor] {
    var order = [Tensor]()
    var stack: [(Tensor, Int)] = [(self, 0)]
    // Room for a small network's graph without regrowing either array.
    order.reserveCapacity(32)
    stack.reserveCapacity(32)
    graphPass = pass
    while let (node, next) = stack.popLast() {
      if next < node.inputCount {
        stack.append((node, next + 1))
        let child = node.input(next).tensor
        if child.requiresGrad && child.graphPass != pass {
          child.graphPass = pass
          stack.append((child, 0))
        }
      } else {
        node.graphIndex = order.count
        order.append(node)
      }
    }
    return order
  }
}
