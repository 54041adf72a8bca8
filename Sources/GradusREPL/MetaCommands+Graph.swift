/// `:graph EXPR`: the pictures layer's `graph(x)` draws the computation graph (a tree of
/// operations with shapes, values and gradients); the command is a shorthand for it.
extension REPLSession {
  func showGraph(_ argument: String, number: Int) -> Status {
    guard !argument.isEmpty else { return fail("`:graph` needs a tensor, e.g. :graph loss") }
    return runCell("graph(\(argument))", number: number)
  }
}
