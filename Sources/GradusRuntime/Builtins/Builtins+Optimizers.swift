import GradusAutograd
import GradusLanguage
import GradusTensor

/// Fused builtins (see `Prelude.swift`): the prelude defines `sgd_update` and `adam_update` as
/// loops over the parameters, and these run each loop as one call, as PyTorch's foreach
/// optimizers do: for a small network, interpreting the loop cost more than its arithmetic. The
/// arithmetic is `OptimizerUpdate`'s, which gives the loop's bits (`OptimizerStepTests`).
extension Builtins {
  static let optimizers: [Builtin] = [sgdUpdate, adamUpdate]

  private static let sgdUpdate = Builtin(
    "sgd_update", "sgd_update(ps, velocity, lr, momentum: 0, weight_decay: 0)",
    "SGD.step() in one call, for each p in ps with a gradient g: g ← g + weight_decay·p; with momentum v ← momentum·v + g (kept in velocity) and g ← v; then p ← p − lr·g",
    example: "sgd_update(opt.ps, opt.velocity, 0.01, momentum: 0.9)"
  ) { args in
    try args.expect(
      2, 5, names: ["lr", "momentum", "weight_decay"], signature: "sgd_update(ps, velocity, lr)")
    let ps = try args.parameterList(0)
    let settings = OptimizerUpdate.SGDSettings(
      lr: try args.double(2, "lr"), momentum: try args.double(3, "momentum", default: 0),
      weightDecay: try args.double(4, "weight_decay", default: 0))
    // Read only with momentum, as the loop read it.
    let velocity = settings.momentum != 0 ? try args.stateList(1, "velocity", for: ps) : nil
    let interpreter = args.interpreter
    try Autograd.withNoGrad {
      for (i, item) in ps.items.enumerated() {
        guard case .tensor(let p) = item, let gradient = p.grad else { continue }
        let (g, updated) = try args.engine {
          try OptimizerUpdate.sgd(p, gradient: gradient, velocity: velocity?[i], settings)
        }
        if interpreter.anomalyPending { break }
        if let updated { velocity?[i] = updated }
        try args.engine { try OptimizerUpdate.subtract(settings.lr, times: g, from: p) }
      }
    }
    return .none
  }

  private static let adamUpdate = Builtin(
    "adam_update",
    "adam_update(ps, m, v, t, lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0, decoupled: false)",
    "Adam.step() in one call, for each p in ps with a gradient g: m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g², p ← p − lr·m̂ / (√v̂ + ε) with m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ); weight_decay adds weight_decay·p to g, or with decoupled: true (AdamW) first takes lr·weight_decay·p from p",
    example: "adam_update(opt.ps, opt.m, opt.v, 1, 0.001)"
  ) { args in
    try args.expect(
      4, 10, names: ["lr", "beta1", "beta2", "eps", "weight_decay", "decoupled"],
      signature: "adam_update(ps, m, v, t, lr)")
    let ps = try args.parameterList(0)
    let m = try args.stateList(1, "m", for: ps)
    let v = try args.stateList(2, "v", for: ps)
    let settings = OptimizerUpdate.AdamSettings(
      lr: try args.double(4, "lr"), beta1: try args.double(5, "beta1", default: 0.9),
      beta2: try args.double(6, "beta2", default: 0.999),
      eps: try args.double(7, "eps", default: 1e-8),
      weightDecay: try args.double(8, "weight_decay", default: 0),
      decoupled: try args.bool(9, "decoupled", default: false), t: try args.int(3, "t"))
    let interpreter = args.interpreter
    // trace { } and detect_anomaly { } see every operation of the loop; elsewhere one pass.
    let fused = !interpreter.anomalyDetection && Autograd.listener == nil
    try Autograd.withNoGrad {
      for (i, item) in ps.items.enumerated() {
        guard case .tensor(let p) = item, let gradient = p.grad, let mi = m[i], let vi = v[i]
        else { continue }
        if fused,
          let moments = try args.engine({
            try OptimizerUpdate.fusedAdam(p, gradient: gradient, m: mi, v: vi, settings)
          })
        {
          m[i] = moments.m
          v[i] = moments.v
          continue
        }
        let update = try args.engine {
          try OptimizerUpdate.adam(p, gradient: gradient, m: mi, v: vi, settings)
        }
        if interpreter.anomalyPending { break }
        m[i] = update.m
        v[i] = update.v
        try args.engine {
          if settings.decoupled && settings.weightDecay != 0 {
            // p -= lr * weight_decay * p
            let scale = settings.lr * settings.weightDecay
            try OptimizerUpdate.subtract(scale, times: p.data, from: p)
          }
          try OptimizerUpdate.subtract(update.step, from: p)
        }
      }
    }
    return .none
  }
}

/// An optimizer's state with one entry per parameter (`velocity`, `m`, `v`), as Gradus sees it:
/// a step replaces the entries with new tensors, so a tensor read from it earlier keeps its
/// values, as it did when the loop assigned `m[i] = …`.
struct OptimizerState {
  let list: ListBox

  /// The entry of parameter `i`: a tensor for every parameter with a gradient (`stateList`
  /// checked), nil for the others.
  subscript(i: Int) -> Tensor? {
    get {
      guard i < list.items.count, case .tensor(let t) = list.items[i] else { return nil }
      return t
    }
    nonmutating set {
      if let newValue { list.items[i] = .tensor(newValue) }
    }
  }
}

extension Arguments {
  /// The parameters to update: a list of tensors, checked before any of them changes.
  fileprivate func parameterList(_ index: Int) throws -> ListBox {
    guard case .list(let list) = positional[index] else {
      throw interpreter.error(
        .typeMismatch,
        "`ps` must be a list of parameters, got \(positional[index].kindWithArticle)",
        at: span(of: index), help: "pass the tensors to update, e.g. `params(net)`")
    }
    for (i, item) in list.items.enumerated() {
      guard case .tensor = item else {
        throw interpreter.error(
          .typeMismatch, "`ps[\(i)]` is \(item.kindWithArticle), not a tensor",
          at: span(of: index), help: "`ps` holds the tensors to update, e.g. `params(net)`")
      }
    }
    return list
  }

  /// A state list with a tensor for every parameter of `ps` that has a gradient.
  fileprivate func stateList(_ index: Int, _ name: String, for ps: ListBox) throws
    -> OptimizerState
  {
    let help = "`\(name)` holds one tensor for each parameter, e.g. `zeros_like(p)` for each p"
    guard case .list(let list) = positional[index] else {
      throw interpreter.error(
        .typeMismatch,
        "`\(name)` must be a list of tensors, got \(positional[index].kindWithArticle)",
        at: span(of: index), help: help)
    }
    for (i, item) in ps.items.enumerated() {
      guard case .tensor(let p) = item, p.grad != nil else { continue }
      guard i < list.items.count else {
        throw interpreter.error(
          .invalidValue,
          "`\(name)` has \(counted(list.items.count, "item")) but `ps` has \(counted(ps.items.count, "parameter"))",
          at: span(of: index), help: help)
      }
      guard case .tensor = list.items[i] else {
        throw interpreter.error(
          .typeMismatch, "`\(name)[\(i)]` is \(list.items[i].kindWithArticle), not a tensor",
          at: span(of: index), help: help)
      }
    }
    return OptimizerState(list: list)
  }
}

extension Interpreter {
  /// Inside `detect_anomaly { }`: whether an operation of the current statement made a NaN or
  /// infinity. An optimizer step then changes nothing more, as the loop stopped at the operator
  /// that made it; the statement's end reports it (`stopAtAnomaly`).
  var anomalyPending: Bool {
    anomalyDetection && (Autograd.listener as? AnomalyDetector)?.found != nil
  }
}
