import CGradusKernels

/// The numbers of one Adam step, as the prelude's `adam_update` loop uses them.
public struct AdamStepConstants: Sendable {
  public var beta1: Double
  public var beta2: Double
  /// 1 − β₁ᵗ and 1 − β₂ᵗ.
  public var biasCorrection1: Double
  public var biasCorrection2: Double
  public var lr: Double
  public var eps: Double
  /// Adam's L2 term: g ← g + weightDecay·p (0 for none).
  public var weightDecay: Double
  /// AdamW's decoupled decay: p ← p − decoupledDecay·p before the step (nil for none).
  public var decoupledDecay: Double?

  public init(
    beta1: Double, beta2: Double, biasCorrection1: Double, biasCorrection2: Double, lr: Double,
    eps: Double, weightDecay: Double, decoupledDecay: Double?
  ) {
    self.beta1 = beta1
    self.beta2 = beta2
    self.biasCorrection1 = biasCorrection1
    self.biasCorrection2 = biasCorrection2
    self.lr = lr
    self.eps = eps
    self.weightDecay = weightDecay
    self.decoupledDecay = decoupledDecay
  }
}

extension NDArray {
  /// One Adam step in a single pass (`gradus_adam_f32`/`_f64`): updates `self`, a parameter's
  /// values, in place and returns the new moments as new arrays (the old `m` and `v` keep their
  /// values). Nil, with nothing changed, unless the parameter, its gradient and both moments are
  /// contiguous arrays of one shape and dtype with values: the caller then takes the step one
  /// tensor operation at a time, which gives the same bits.
  ///
  /// Measured on W3 (benchmarks/gradus/W3.grad, one thread, `perf record`): Adam's step by
  /// tensor operations (about twelve passes and twelve new arrays per parameter) was 7.1 % of
  /// the samples, this kernel and its call 1.6 %; W3's CPU time per training step went from
  /// 13.2 to 12.5 ms (`perf stat` task-clock, medians of 6 alternating runs at load 25).
  public func adamStep(gradient g: NDArray, m: NDArray, v: NDArray, _ c: AdamStepConstants)
    throws(TensorError) -> (m: NDArray, v: NDArray)?
  {
    let operands = [g, m, v]
    guard
      !isShapeOnly && isContiguous
        && operands.allSatisfy({
          $0.shape == shape && $0.dtype == dtype && $0.isContiguous && !$0.isShapeOnly
        })
    else { return nil }
    let newM = try NDArray(uninitialized: shape, dtype: dtype)
    let newV = try NDArray(uninitialized: shape, dtype: dtype)
    var constants = gradus_adam_constants(
      beta1: c.beta1, one_minus_beta1: 1 - c.beta1, beta2: c.beta2, one_minus_beta2: 1 - c.beta2,
      bias_correction1: c.biasCorrection1, bias_correction2: c.biasCorrection2, lr: c.lr,
      eps: c.eps, weight_decay: c.weightDecay, decoupled: c.decoupledDecay == nil ? 0 : 1,
      decay_scale: -(c.decoupledDecay ?? 0))
    switch dtype {
    case .float32:
      gradus_adam_f32(
        storage.pointer(Float.self) + offset, g.storage.pointer(Float.self) + g.offset,
        m.storage.pointer(Float.self) + m.offset, v.storage.pointer(Float.self) + v.offset,
        newM.storage.pointer(Float.self), newV.storage.pointer(Float.self), count, &constants)
    case .float64:
      gradus_adam_f64(
        storage.pointer(Double.self) + offset, g.storage.pointer(Double.self) + g.offset,
        m.storage.pointer(Double.self) + m.offset, v.storage.pointer(Double.self) + v.offset,
        newM.storage.pointer(Double.self), newV.storage.pointer(Double.self), count, &constants)
    }
    return (newM, newV)
  }
}
