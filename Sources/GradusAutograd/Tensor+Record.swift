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
}
