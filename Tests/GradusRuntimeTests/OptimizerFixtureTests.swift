import Testing

// The prelude's optimizers take the same steps as torch.optim, and its schedules give
// torch.optim.lr_scheduler's rates. Fixture: Fixtures/layers.json, from
// scripts/make_layer_fixtures.py.

@Suite struct OptimizerFixtureTests {
  /// The 3 → 4 → 2 tanh network the fixture trains (torch: Linear, Tanh, Linear).
  private static let network = """
    model Net() {
      fc1 = Linear(3, 4)
      fc2 = Linear(4, 2)
      forward(x) = fc2(tanh(fc1(x)))
    }
    net = Net()
    """

  /// Sets the fixture's starting weights and data, makes the optimizer, then takes each step
  /// and compares the loss before it and every parameter after it with PyTorch's.
  private func train(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let fixture = try LayerFixtures.optimizer(name)
    let options = fixture.options.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
    var lines = [Self.network]
    for (path, value) in fixture.params.sorted(by: { $0.key < $1.key }) {
      lines.append("\(path) = \(value.literal)")
    }
    for (input, value) in fixture.inputs.sorted(by: { $0.key < $1.key }) {
      lines.append("\(input) = tensor(\(value.literal))")
    }
    lines.append("opt = \(fixture.optimizer)(\((["net"] + options).joined(separator: ", ")))")
    let session = try FixtureSession()
    try session.run(lines.joined(separator: "\n") + "\n")
    #expect(fixture.steps.count == fixture.losses.count && !fixture.steps.isEmpty)
    let tolerance = FixtureTolerance()
    for (step, (loss, after)) in zip(fixture.losses, fixture.steps).enumerated() {
      try session.run(
        "opt.zero_grad()\nloss = mean((net(x) - y) ^ 2)\nbackward(loss)\nopt.step()\n")
      try session.expect(
        "loss", FixtureArray(shape: [], data: [loss]), as: "\(name) step \(step + 1): loss",
        tolerance: tolerance, sourceLocation: sourceLocation)
      for (k, (path, want)) in after.sorted(by: { $0.key < $1.key }).enumerated() {
        try session.run("fixture_param_\(k) = \(path)\n")
        try session.expect(
          "fixture_param_\(k)", want, as: "\(name) step \(step + 1): \(path)",
          tolerance: tolerance, sourceLocation: sourceLocation)
      }
    }
  }

  @Test func sgd() throws { try train("sgd") }

  @Test func sgdWithMomentumAndWeightDecay() throws { try train("sgd_momentum_decay") }

  @Test func adam() throws { try train("adam") }

  @Test func adamWithL2Penalty() throws { try train("adam_l2") }

  @Test func adamW() throws { try train("adamw") }

  @Test func adamWDefaultWeightDecay() throws { try train("adamw_defaults") }

  /// `name(args…, t)` for t = 0, 1, … against the fixture's rates.
  @Test(arguments: ["exp_decay", "step_decay", "warmup_cosine"])
  func schedule(_ name: String) throws {
    let fixture = try LayerFixtures.schedule(name)
    let args = fixture.args.map { $0 == $0.rounded() ? "\(Int($0))" : "\($0)" }
    let session = try FixtureSession()
    var lines = [String]()
    for t in fixture.values.indices {
      lines.append("rate_\(t) = \(name)(\((args + ["\(t)"]).joined(separator: ", ")))")
    }
    try session.run(lines.joined(separator: "\n") + "\n")
    for (t, want) in fixture.values.enumerated() {
      try session.expect(
        "rate_\(t)", FixtureArray(shape: [], data: [want]), as: "\(name) at t = \(t)",
        tolerance: FixtureTolerance(absolute: 1e-9, relative: 1e-6))
    }
  }
}
