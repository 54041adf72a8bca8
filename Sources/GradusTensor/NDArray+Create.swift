extension NDArray {
  /// `start, start + step, …` below `end`.
  public static func arange(
    _ start: Double, _ end: Double, step: Double = 1, dtype: DType = .float32
  )
    throws(TensorError) -> NDArray
  {
    let n = try SizeArithmetic.stepCount(from: start, to: end, step: step, op: "arange")
    // Written in place: a temporary array of the values would take twice the tensor's memory
    // before the limit saw it.
    let result = try NDArray(uninitialized: Shape([n]), dtype: dtype)
    for k in 0..<n { result.setElement(start + Double(k) * step, at: k) }
    return result
  }

  /// The n×n identity matrix.
  public static func eye(_ n: Int, dtype: DType = .float32) throws(TensorError) -> NDArray {
    let result = try zeros(Shape([n, n]), dtype: dtype)
    for i in 0..<n { result.setElement(1, at: i &* n &+ i) }
    return result
  }

  /// 1 on and below the `diagonal`-th diagonal of the last two axes, 0 above (a causal mask);
  /// `upper` flips it (triu).
  public static func triangle(
    rows: Int, cols: Int, diagonal: Int = 0, upper: Bool = false, dtype: DType = .float32
  )
    throws(TensorError) -> NDArray
  {
    let result = try zeros(Shape([rows, cols]), dtype: dtype)
    for i in 0..<rows {
      for j in 0..<cols where upper ? (j - i >= diagonal) : (j - i <= diagonal) {
        result.setElement(1, at: i &* cols &+ j)
      }
    }
    return result
  }

  /// Writes one element of a contiguous array by flat position (builders only).
  func setElement(_ value: Double, at position: Int) {
    switch dtype {
    case .float32: storage.pointer(Float.self)[offset + position] = Float(value)
    case .float64: storage.pointer(Double.self)[offset + position] = value
    }
  }
}
