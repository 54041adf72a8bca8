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
        throw .tensor(.mismatch(op: "backward", lhs: shape.sizes, rhs: gradient.shape.sizes, axis: nil))
      }
      seed = gradient
    } else {
      guard data.count == 1 else { throw .nonScalar(shape: shape.sizes) }
      seed = try! NDArray.full(shape, 1, dtype: dtype)  // one element: cannot hit a limit
    }
    guard requiresGrad else { throw .noGradient }
    let order = topologicalOrder()
    let state = Autograd.state.value
    state.noGradDepth += 1
    defer { state.noGradDepth -= 1 }
    try propagate(order, seed: seed, listener: state.listener)
  }

  /// Walks the graph from the output back to the leaves, applying each node's rule once all of
  /// its consumers have contributed to its upstream gradient.
  private func propagate(_ order: [Tensor], seed: NDArray, listener: (any AutogradListener)?)
    throws(BackwardError)
  {
    var pending = [ObjectIdentifier: NDArray]()
    pending[ObjectIdentifier(self)] = seed
    for node in order.reversed() {
      guard let upstream = pending.removeValue(forKey: ObjectIdentifier(node)) else { continue }
      try lift { () throws(TensorError) in try node.accumulate(upstream) }
      guard let op = node.op else { continue }
      for input in node.inputs where input.tensor.version != input.version {
        throw .staleGraph(label: input.tensor.label, op: op.name)
      }
      let contributions = try lift { () throws(TensorError) in
        try GradientRules.contributions(of: node, upstream: upstream)
      }
      for (i, contribution) in contributions.enumerated() {
        guard let contribution else { continue }
        let input = node.inputs[i].tensor
        let key = ObjectIdentifier(input)
        if let existing = pending[key] {
          pending[key] = try lift { () throws(TensorError) in
            try existing.zip(contribution.gradient, .add)
          }
        } else {
          pending[key] = contribution.gradient
        }
        listener?.backward(
          BackwardStep(
            op: op, output: node, input: input, inputIndex: i, upstream: upstream,
            local: contribution.local, formula: op.localDerivativeFormula(input: i),
            gradient: contribution.gradient))
      }
    }
  }

  private func lift<R>(_ body: () throws(TensorError) -> R) throws(BackwardError) -> R {
    do { return try body() } catch { throw .tensor(error) }
  }

  private func accumulate(_ gradient: NDArray) throws(TensorError) {
    let g = try gradient.converted(to: dtype)
    if let existing = grad {
      grad = try existing.zip(g, .add)
    } else {
      grad = g.isContiguous ? g : try g.copy()
    }
  }
  /// Every tensor this one depends on that requires a gradient, each after its inputs.
  /// Iterative, so graphs thousands of operations deep do not overflow the stack.
  func topologicalOrder() -> [Tensor] {
    var order = [Tensor]()
    var visited = Set<ObjectIdentifier>()
    var stack: [(Tensor, Int)] = [(self, 0)]
    visited.insert(ObjectIdentifier(self))
    while let (node, next) = stack.popLast() {
      if next < node.inputs.count {
        stack.append((node, next + 1))
        let child = node.inputs[next].tensor
        if child.requiresGrad && visited.insert(ObjectIdentifier(child)).inserted {
          stack.append((child, 0))
        }
      } else {
        order.append(node)
      }
    }
    return order
  }
}
