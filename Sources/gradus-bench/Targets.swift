import GradusTensor

/// The figures the engine is expected to reach on a current x86 core (see benchmarks/ENGINE.md).
enum Targets {
  static let recordedAddNanoseconds = 300.0
  static let matmulRatioAt1024 = 0.9
  static let networkStepMicroseconds = 15.0
  static let languageEpochMicroseconds = 25.0
  static let languageOverEngine = 2.0

  static func check(
    overhead: OverheadBenchmark.Result?, matmul: [MatmulBenchmark.Row]?,
    network: NetworkBenchmark.Result?, language: LanguageBenchmark.Result?
  ) -> [Target] {
    var targets = [Target]()
    if let overhead {
      targets.append(
        Target(
          name: "recorded add", limit: "≤ \(format(recordedAddNanoseconds)) ns/op",
          measured: "\(format(overhead.recorded)) ns/op",
          met: overhead.recorded <= recordedAddNanoseconds))
    }
    for row in matmul ?? [] where row.size == 1024 {
      let worst = Swift.min(row.array, row.tensor) / row.raw
      targets.append(
        Target(
          name: "matmul 1024 \(row.dtype.rawValue) vs raw CBLAS",
          limit: "≥ \(percent(matmulRatioAt1024))",
          measured: "\(percent(worst)) (worse of NDArray, Tensor)",
          met: worst >= matmulRatioAt1024))
    }
    if let network {
      targets.append(
        Target(
          name: "seed-network training step", limit: "≤ \(format(networkStepMicroseconds)) µs",
          measured: "\(format(network.microsecondsPerStep)) µs",
          met: network.microsecondsPerStep <= networkStepMicroseconds))
    }
    if let language {
      targets.append(
        Target(
          name: "seed-network epoch in Gradus", limit: "≤ \(format(languageEpochMicroseconds)) µs",
          measured: "\(format(language.microsecondsPerEpoch)) µs",
          met: language.microsecondsPerEpoch <= languageEpochMicroseconds))
      if let network {
        let ratio = language.microsecondsPerEpoch / network.microsecondsPerStep
        targets.append(
          Target(
            name: "language over the direct engine loop", limit: "≤ \(format(languageOverEngine))×",
            measured: "\(format(ratio))×", met: ratio <= languageOverEngine))
      }
    }
    return targets
  }
}
