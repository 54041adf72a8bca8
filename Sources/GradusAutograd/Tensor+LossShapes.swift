import GradusTensor

extension Tensor {
  /// Every loss compares its prediction with a target of the same shape. Shapes that differ
  /// but broadcast, such as a prediction [4, 1] against a target [4], would silently compare
  /// every prediction with every target (a [4, 4] table) and average that, so they are an
  /// error. A single number (a scalar target such as 0) is still allowed.
  public static func checkLossShapes(_ prediction: Tensor, _ target: Tensor, loss: String)
    throws(TensorError)
  {
    try checkLossShapes(prediction.shape, target.shape, loss: loss)
  }

  public static func checkLossShapes(_ prediction: Shape, _ target: Shape, loss: String)
    throws(TensorError)
  {
    if prediction == target || prediction.rank == 0 || target.rank == 0 { return }
    func s(_ shape: Shape) -> String {
      "[" + shape.sizes.map(String.init).joined(separator: ", ") + "]"
    }
    var message = "the prediction has shape \(s(prediction)) and the target \(s(target))"
    if let table = try? broadcastShape(prediction, target) {
      message +=
        "; they must be the same, else every prediction is compared with every target "
        + "(a \(s(table)) table) and the loss averages that"
    } else {
      message += "; they must be the same"
    }
    if prediction.count == target.count {
      let sizes = prediction.sizes.map(String.init).joined(separator: ", ")
      message += ". Make them match with reshape(target, \(sizes)), "
      message += "or keep: true on the sum or mean that dropped an axis"
    }
    throw .invalidArgument(op: loss, message: message)
  }
}
