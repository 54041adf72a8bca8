import GradusAutograd
import GradusTensor

/// The arithmetic of `sgd_update` and `adam_update` for one parameter. Each line is the line of the
/// Gradus loop it replaces (quoted beside it), computed with the same tensor operations in the
/// same order, so that every parameter and every state tensor gets the same bits as that loop
/// gave: a number meets a tensor as a constant of the tensor's dtype (`tensorOperand`), and
/// `p -= lr * g` is the interpreter's fused in-place update (`updateScaled`).
///
/// The operations go through `Tensor`, not bare arrays, so that `trace { }` and
/// `detect_anomaly { }` still see each of them; run them under `Autograd.withNoGrad`.
enum OptimizerUpdate {
  struct SGDSettings {
    var lr: Double
    var momentum: Double
    var weightDecay: Double
  }

  struct AdamSettings {
    var lr: Double
    var beta1: Double
    var beta2: Double
    var eps: Double
    var weightDecay: Double
    var decoupled: Bool
    /// The step number, from 1: the bias corrections divide by 1 − β^t.
    var t: Int
  }

  /// SGD's direction for `p` (what `p -= lr * g` subtracts) and its new velocity (nil without
  /// momentum).
  static func sgd(_ p: Tensor, gradient: NDArray, velocity: Tensor?, _ s: SGDSettings)
    throws(TensorError) -> (g: NDArray, velocity: Tensor?)
  {
    // Plain SGD subtracts the gradient itself: nothing to compute.
    guard s.weightDecay != 0 || s.momentum != 0 else { return (gradient, nil) }
    var g = named(Tensor(gradient), "g")  // g = grad(p)
    if s.weightDecay != 0 {
      g = named(try g + constant(s.weightDecay, like: p) * p, "g")  // g = g + weight_decay * p
    }
    guard s.momentum != 0, let velocity else { return (g.data, nil) }
    // velocity[i] = momentum * velocity[i] + g
    let updated = try constant(s.momentum, like: velocity) * velocity + g
    return (named(updated, "g").data, updated)  // g = velocity[i]
  }

  /// Adam's new moments for `p` and the step `lr * m_hat / (sqrt(v_hat) + eps)`.
  static func adam(_ p: Tensor, gradient: NDArray, m: Tensor, v: Tensor, _ s: AdamSettings)
    throws(TensorError) -> (m: Tensor, v: Tensor, step: Tensor)
  {
    var g = named(Tensor(gradient), "g")  // g = grad(p)
    if s.weightDecay != 0 && !s.decoupled {
      g = named(try g + constant(s.weightDecay, like: p) * p, "g")  // g = g + weight_decay * p
    }
    // m[i] = beta1 * m[i] + (1 - beta1) * g
    let m = try constant(s.beta1, like: m) * m + constant(1 - s.beta1, like: g) * g
    // v[i] = beta2 * v[i] + (1 - beta2) * g ^ 2, left to right
    let decayed = try constant(s.beta2, like: v) * v
    let v = try decayed + constant(1 - s.beta2, like: g) * g.pow(constant(2, like: g))
    let t = Double(s.t)
    let mHat = named(try m / constant(1 - numericPower(s.beta1, t), like: m), "m_hat")
    let vHat = named(try v / constant(1 - numericPower(s.beta2, t), like: v), "v_hat")
    // lr * m_hat / (sqrt(v_hat) + eps), in the order the loop evaluated it
    let scaled = try constant(s.lr, like: mHat) * mHat
    let root = try vHat.sqrt()
    let step = try scaled / (root + constant(s.eps, like: root))
    return (m, v, step)
  }

  /// The whole Adam step for `p` in one pass over its elements (`NDArray.adamStep`): p is
  /// updated in place and the new moments are returned, with the bits `adam` and the two
  /// `subtract`s give. Nil, with nothing changed, where that kernel does not apply (a strided or
  /// shape-only parameter, moments of another dtype, a tensor that is not a parameter); the
  /// caller then runs `adam`. Only outside `trace { }` and `detect_anomaly { }`, which must see
  /// every operation.
  static func fusedAdam(_ p: Tensor, gradient: NDArray, m: Tensor, v: Tensor, _ s: AdamSettings)
    throws(TensorError) -> (m: Tensor, v: Tensor)?
  {
    guard p.isParameter else { return nil }
    let t = Double(s.t)
    let constants = AdamStepConstants(
      beta1: s.beta1, beta2: s.beta2, biasCorrection1: 1 - numericPower(s.beta1, t),
      biasCorrection2: 1 - numericPower(s.beta2, t), lr: s.lr, eps: s.eps,
      weightDecay: s.decoupled ? 0 : s.weightDecay,
      decoupledDecay: s.decoupled && s.weightDecay != 0 ? s.lr * s.weightDecay : nil)
    let moments = try p.updateInPlace { (data) throws(TensorError) in
      try data.adamStep(gradient: gradient, m: m.data, v: v.data, constants)
    }
    return moments.map { (Tensor($0.m), Tensor($0.v)) }
  }

  /// `p -= scale * delta` as the interpreter runs it: one fused update without a tensor for the
  /// product when `delta` has p's shape and dtype, else the product first. Only a parameter
  /// changes: on any other tensor `p -= …` would only rebind the loop's local name.
  static func subtract(_ scale: Double, times delta: NDArray, from p: Tensor) throws(TensorError) {
    guard p.isParameter else { return }
    if delta.shape == p.shape && delta.dtype == p.dtype {
      try p.update(adding: delta, scale: -scale)
    } else {
      let product = try constant(scale, like: delta) * named(Tensor(delta), "g")
      try p.update(adding: product.data, scale: -1)
    }
  }

  /// `p -= delta` for a tensor `delta`.
  static func subtract(_ delta: Tensor, from p: Tensor) throws(TensorError) {
    guard p.isParameter else { return }
    try p.update(adding: delta.data, scale: -1)
  }

  /// A number as the operand of an operation with `t`: a constant of t's dtype.
  private static func constant(_ x: Double, like t: Tensor) -> Tensor { constant(x, like: t.data) }

  private static func constant(_ x: Double, like a: NDArray) -> Tensor {
    Tensor(NDArray(scalar: x, dtype: a.dtype))
  }

  /// `t`, labelled `name` unless it has a label, as binding a name in the loop labelled it
  /// (traces show the label).
  private static func named(_ t: Tensor, _ name: String) -> Tensor {
    if t.label == nil { t.label = name }
    return t
  }
}
