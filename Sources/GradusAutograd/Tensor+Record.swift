import GradusTensor

extension Tensor {
  /// Wraps the result of a primitive: a graph node when recording and some input needs a
  /// gradient, otherwise a plain constant. Tells the listener either way.
  @inline(__always)
  static func record(_ op: Op, _ data: NDArray, _ operands: [Tensor]) -> Tensor {
    let state = Autograd.state.value
    var tracked = false
    if state.noGradDepth == 0 {
      for operand in operands where operand.requiresGrad {
        tracked = true
        break
      }
    }
    let output: Tensor
    if tracked {
      output = Tensor(
        data: data, op: op, inputs: operands.map { Input(tensor: $0, version: $0.version) })
    } else {
      output = Tensor(data)
    }
    state.listener?.forward(op: op, inputs: operands, output: output)
    return output
  }

  // The same for one and two operands, the primitives' usual arities: no operands array is
  // built unless a listener wants one, so recording allocates only the node.

  @inline(__always)
  static func record(_ op: Op, _ data: NDArray, _ a: Tensor) -> Tensor {
    let state = Autograd.state.value
    let output =
      state.noGradDepth == 0 && a.requiresGrad
      ? Tensor(data: data, op: op, first: Input(tensor: a, version: a.version))
      : Tensor(data)
    if let listener = state.listener { listener.forward(op: op, inputs: [a], output: output) }
    return output
  }

  @inline(__always)
  static func record(_ op: Op, _ data: NDArray, _ a: Tensor, _ b: Tensor) -> Tensor {
    let state = Autograd.state.value
    let output =
      state.noGradDepth == 0 && (a.requiresGrad || b.requiresGrad)
      ? Tensor(
        data: data, op: op, first: Input(tensor: a, version: a.version),
        second: Input(tensor: b, version: b.version))
      : Tensor(data)
    if let listener = state.listener { listener.forward(op: op, inputs: [a, b], output: output) }
    return output
  }
}
