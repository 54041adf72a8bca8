import GradusAutograd
import GradusLanguage
import GradusTensor

/// `analyze { }`: runs a block on shapes alone. Its statements run as anywhere else, through
/// the same builtins and engine; the only difference is where tensors come from. Inside the
/// block a creating builtin (`zeros`, `randn`, `param`, `arange`, …) checks its arguments with
/// its plan, exactly as outside, and then makes a shape-only tensor of the planned size in place
/// of allocating one (`makesShapeOnly`). Every engine operation on a shape-only tensor returns a
/// shape-only result and counts its work (`ShapeAnalysis`), so a GPT-3-sized model runs here
/// without one element being allocated. What depends on values (a condition, an index, a
/// number read from a tensor) is an error that says so.
extension Interpreter {
  func executeAnalysis(_ body: Block, in scope: Scope, span: Span) throws -> ControlFlow {
    let counts = ShapeAnalysis()
    let flow = try ShapeAnalysis.counting(into: counts) { try execute(body, in: scope) }
    let bytes = try engine(span) { try counts.largestBytes(elementSize: DType.float32.size) }
    output.write(
      "analysed without allocating: \(grouped(counts.matmulFLOPs)) matmul FLOPs, "
        + "\(grouped(counts.elementwiseOperations)) elementwise operations, largest tensor "
        + "\(grouped(counts.largestElements)) elements (\(ByteCount(bytes)) as float32)\n")
    return flow
  }

  /// Whether a creating builtin called with `args` makes a shape-only tensor: inside
  /// `analyze { }`, and anywhere when it is made from a shape-only tensor (`zeros_like(x)`,
  /// `param(w)` of a tensor made inside `analyze { }`), as every other operation on one does.
  func makesShapeOnly(_ args: Arguments) -> Bool {
    if ShapeAnalysis.current != nil { return true }
    return args.positional.contains {
      if case .tensor(let t) = $0 { return t.data.isShapeOnly }
      return false
    }
  }

  /// The shape-only tensor a creating builtin's plan describes, trainable for `param`.
  func shapeOnly(_ plan: CreationPlan, at span: Span) throws -> Value {
    let data = try engine(span) {
      try NDArray.sizing(true) { () throws(TensorError) in
        try NDArray.shapeOnly(Shape(plan.sizes), dtype: plan.dtype)
      }
    }
    return .tensor(Tensor(data, requiresGrad: plan.isParameter))
  }

  /// Stops code that needs the values of `t` (a condition, an index, a number) when it has
  /// only a shape, naming `what` needed them.
  func requireValues(_ t: Tensor, _ what: String, at span: Span) throws {
    guard t.data.isShapeOnly else { return }
    throw error(
      .typeMismatch,
      "\(what) needs a value, but this tensor has only a shape (it was made inside `analyze { }`)",
      at: span,
      help: "inside `analyze { }` tensors have shapes but no numbers; "
        + "compute values outside the block")
  }

  /// `175181291520` → `175,181,291,520`.
  func grouped(_ n: Int) -> String {
    let digits = String(n)
    var result = ""
    for (i, c) in digits.reversed().enumerated() {
      if i > 0 && i % 3 == 0 { result.append(",") }
      result.append(c)
    }
    return String(result.reversed())
  }
}
