import GradusTensor

/// The primitive operations: each has exactly one gradient rule (`GradientRules`). Everything
/// else (log-softmax, cross-entropy, attention) is built from these. Softmax, layer norm and
/// GELU are primitives too, although they could be composed: composed, they cost 5–10 passes
/// over every element each way, and they run on the Transformer's largest arrays. Sigmoid,
/// softplus, norm and binary cross-entropy are primitives because their compositions are not
/// numerically stable: 1/(1 + e^−x) and log(1 + e^x) overflow e^−x at x = −100 in float32, and
/// the gradient of √Σx² at 0 and of log p at p = 0 is 0·∞ = NaN. Their rules are PyTorch's.
///
/// The cases that carry an NDArray are `indirect` (boxed): inline, the largest of them would set
/// the size of every `Op` (over 128 bytes, copied through memcpy), and each node, trace event
/// and gradient rule copies its `Op`.
public enum Op: Sendable {
  case add, sub, mul, div, neg, pow
  case exp, log, sqrt, abs, tanh, relu
  case maximum, minimum
  /// `where(mask, a, b)`; the mask is data, not an input.
  indirect case select(mask: NDArray)
  case reduce(Reduction, axes: [Int], keep: Bool)
  case matmul
  case permute([Int])
  case reshape
  case slice([SliceItem])
  case concat(axis: Int)
  indirect case gather(axis: Int, index: NDArray)
  /// Rows of a table picked by indices (embedding lookup); the indices are data.
  indirect case indexSelect(indices: NDArray)
  /// Inputs: image [N, C, H, W], weight [O, C, kh, kw]; keeps the unfolded columns when the
  /// forward made them for the whole batch at once (`Convolution2D`).
  indirect case conv2d(Window2D, columns: NDArray?)
  case maxPool2d(Window2D, positions: [Int])
  case softmax(axis: Int)
  /// Over the last axis, without the learned scale and shift (the layer adds those).
  case layerNorm(epsilon: Double)
  case gelu
  case sigmoid, softplus
  /// √Σx² over all elements.
  case norm
  /// Inputs: probabilities p and labels y; per element, not yet averaged.
  case binaryCrossEntropy

  /// The short name printed in traces and graphs.
  public var name: String {
    switch self {
    case .add: return "add"
    case .sub: return "sub"
    case .mul: return "mul"
    case .div: return "div"
    case .neg: return "neg"
    case .pow: return "pow"
    case .exp: return "exp"
    case .log: return "log"
    case .sqrt: return "sqrt"
    case .abs: return "abs"
    case .tanh: return "tanh"
    case .relu: return "relu"
    case .maximum: return "maximum"
    case .minimum: return "minimum"
    case .select: return "where"
    case .reduce(let kind, _, _): return kind.rawValue
    case .matmul: return "matmul"
    case .permute: return "permute"
    case .reshape: return "reshape"
    case .slice: return "slice"
    case .concat: return "concat"
    case .gather: return "gather"
    case .indexSelect: return "index_select"
    case .conv2d: return "conv2d"
    case .maxPool2d: return "max_pool2d"
    case .softmax: return "softmax"
    case .layerNorm: return "layer_norm"
    case .gelu: return "gelu"
    case .sigmoid: return "sigmoid"
    case .softplus: return "softplus"
    case .norm: return "norm"
    case .binaryCrossEntropy: return "bce"
    }
  }

  /// The forward formula in terms of the inputs `a`, `b` (for traces).
  public var formula: String {
    switch self {
    case .add: return "a + b"
    case .sub: return "a - b"
    case .mul: return "a * b"
    case .div: return "a / b"
    case .neg: return "-a"
    case .pow: return "a ^ b"
    case .exp: return "exp(a)"
    case .log: return "log(a)"
    case .sqrt: return "sqrt(a)"
    case .abs: return "|a|"
    case .tanh: return "tanh(a)"
    case .relu: return "max(a, 0)"
    case .maximum: return "max(a, b)"
    case .minimum: return "min(a, b)"
    case .select: return "mask ? a : b"
    case .reduce(let kind, let axes, _): return "\(kind.rawValue)(a, axes: \(axes))"
    case .matmul: return "a @ b"
    case .permute(let order): return "permute(a, \(order))"
    case .reshape: return "reshape(a)"
    case .slice: return "a[…]"
    case .concat(let axis): return "concat(…, axis: \(axis))"
    case .gather(let axis, _): return "gather(a, axis: \(axis))"
    case .indexSelect: return "table[indices]"
    case .conv2d: return "conv2d(a, b)"
    case .maxPool2d: return "max_pool2d(a)"
    case .softmax(let axis): return "softmax(a, axis: \(axis))"
    case .layerNorm: return "(a - mean(a)) / sqrt(var(a) + eps)"
    case .gelu: return "a/2 * (1 + tanh(sqrt(2/pi) * (a + 0.044715 a^3)))"
    case .sigmoid: return "1 / (1 + exp(-a))"
    case .softplus: return "log(1 + exp(a))"
    case .norm: return "sqrt(sum(a^2))"
    case .binaryCrossEntropy: return "-(b log(a) + (1 - b) log(1 - a)), each log ≥ -100"
    }
  }

  /// The local derivative of the output with respect to input `index`, as printed by a
  /// backward trace (`y` is the output).
  public func localDerivativeFormula(input index: Int) -> String {
    switch (self, index) {
    case (.add, _): return "1"
    case (.sub, 0): return "1"
    case (.sub, _): return "-1"
    case (.mul, 0): return "b"
    case (.mul, _): return "a"
    case (.div, 0): return "1 / b"
    case (.div, _): return "-a / b^2"
    case (.neg, _): return "-1"
    case (.pow, 0): return "b * a^(b-1)"
    case (.pow, _): return "a^b * log(a)"
    case (.exp, _): return "exp(a)"
    case (.log, _): return "1 / a"
    case (.sqrt, _): return "1 / (2 sqrt(a))"
    case (.abs, _): return "sign(a)"
    case (.tanh, _): return "1 - tanh(a)^2"
    case (.relu, _): return "a > 0 ? 1 : 0"
    case (.maximum, 0): return "a ≥ b ? 1 : 0"
    case (.maximum, _): return "b > a ? 1 : 0"
    case (.minimum, 0): return "a ≤ b ? 1 : 0"
    case (.minimum, _): return "b < a ? 1 : 0"
    case (.select, 0): return "mask"
    case (.select, _): return "1 - mask"
    case (.reduce(.sum, _, _), _): return "1 (spread over the reduced axes)"
    case (.reduce(.mean, _, _), _): return "1/n (spread over the reduced axes)"
    case (.reduce, _): return "1 at the extreme element, else 0"
    case (.matmul, 0): return "upstream @ b^T"
    case (.matmul, _): return "a^T @ upstream"
    case (.permute, _): return "inverse permutation"
    case (.reshape, _): return "reshape back"
    case (.slice, _): return "upstream placed into zeros"
    case (.concat, _): return "the slice of upstream for this input"
    case (.gather, _): return "upstream scattered back"
    case (.indexSelect, _): return "upstream rows added at their indices"
    case (.conv2d, 0): return "col2im(W^T @ upstream)"
    case (.conv2d, _): return "upstream @ columns^T"
    case (.maxPool2d, _): return "upstream routed to each window's maximum"
    case (.softmax, _): return "y * (upstream - sum(upstream * y))"
    case (.layerNorm, _): return "(upstream - mean(upstream) - y * mean(upstream * y)) / std"
    case (.gelu, _):
      return "(1 + t)/2 + a/2 * (1 - t^2) * sqrt(2/pi) * (1 + 0.134145 a^2), t the forward's tanh"
    case (.sigmoid, _): return "y * (1 - y)"
    case (.softplus, _): return "sigmoid(a)"
    case (.norm, _): return "a / y (0 where y = 0)"
    case (.binaryCrossEntropy, 0): return "(a - b) / max(a (1 - a), 1e-12)"
    case (.binaryCrossEntropy, _): return "log(1 - a) - log(a), each log ≥ -100"
    }
  }
}

extension Op {
  /// One of each primitive that a builtin of the same name records, with its number of tensor
  /// inputs: `:source exp` names the gradient rule from it. The payloads (axes, masks, windows)
  /// are placeholders; only `name`, `formula` and `localDerivativeFormula` are read.
  public static let catalogue: [(op: Op, inputs: Int)] = {
    let placeholder = NDArray(scalar: 0, dtype: .float32)
    let window = Window2D(kernelHeight: 1, kernelWidth: 1)
    let unary: [Op] = [
      .exp, .log, .sqrt, .abs, .tanh, .relu, .reduce(.sum, axes: [], keep: false),
      .reduce(.mean, axes: [], keep: false), .reduce(.max, axes: [], keep: false),
      .reduce(.min, axes: [], keep: false), .reshape, .permute([]), .concat(axis: 0),
      .gather(axis: 0, index: placeholder), .maxPool2d(window, positions: []), .softmax(axis: -1),
      .layerNorm(epsilon: 1e-5), .gelu, .sigmoid, .softplus, .norm,
    ]
    let binary: [Op] = [
      .pow, .maximum, .minimum, .select(mask: placeholder), .matmul,
      .conv2d(window, columns: nil), .binaryCrossEntropy,
    ]
    return unary.map { ($0, 1) } + binary.map { ($0, 2) }
  }()
}
