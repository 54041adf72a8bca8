import GradusTensor

/// A tensor known only by its shape: what `analyze { }` makes instead of allocating, so a
/// GPT-3-sized model can be described, counted and run for shapes without its 700 GB of numbers.
public final class AbstractTensor {
  public let shape: [Int]
  public let isParameter: Bool

  init(_ shape: [Int], isParameter: Bool = false) {
    self.shape = shape
    self.isParameter = isParameter
  }

  /// Elements, saturating instead of trapping for absurd sizes.
  public var count: Int {
    shape.reduce(1) { a, b in
      let (p, overflow) = a.multipliedReportingOverflow(by: b)
      return overflow ? Int.max : p
    }
  }

  var shapeText: String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
}

/// What `analyze { }` counts while it runs.
final class AnalysisState {
  /// Multiply-adds of matrix products, counted as 2 FLOPs each.
  var matmulFLOPs = 0
  /// Elements produced by elementwise and reduction operations.
  var elementwiseOps = 0
  /// The largest single tensor seen, in elements.
  var largest = 0

  func saw(_ t: AbstractTensor) { largest = max(largest, t.count) }

  func add(_ value: inout Int, _ amount: Int) {
    let (sum, overflow) = value.addingReportingOverflow(amount)
    value = overflow ? Int.max : sum
  }
}
