/// The rules of `relaunchIfNeeded`, as pure functions of their inputs so that tests can check
/// every case without starting processes.
extension BLASKernel {
  /// What to do at start-up.
  public enum LaunchDecision: Equatable, Sendable {
    /// Go on in this process.
    case proceed
    /// Restart the executable with these variables set and these removed.
    case relaunch(set: [String: String], unset: [String])
  }

  /// The history entry for "no `OPENBLAS_CORETYPE`: OpenBLAS's own choice", the last resort.
  public static let defaultEntry = "default"

  /// OpenBLAS core types this CPU can run, fastest first: the first is the one to use, the
  /// rest are fallbacks should it fail the self-test. Empty when OpenBLAS's own detection is
  /// as good as ours (CPUs without AVX2 and FMA, other architectures).
  public static func fallbackChain(cpuFlags flags: Set<String>) -> [String] {
    let haswell = flags.isSuperset(of: ["avx2", "fma"])
    let skylakeX = haswell && flags.isSuperset(of: ["avx512f", "avx512vl", "avx512bw", "avx512dq"])
    let cooperlake = skylakeX && flags.contains("avx512_bf16")
    return (cooperlake ? ["Cooperlake"] : []) + (skylakeX ? ["SkylakeX"] : [])
      + (haswell ? ["Haswell"] : [])
  }

  /// The best OpenBLAS core type for a CPU with these /proc/cpuinfo flags, or nil to leave the
  /// choice to OpenBLAS.
  public static func preferredCoreType(cpuFlags flags: Set<String>) -> String? {
    fallbackChain(cpuFlags: flags).first
  }

  /// The entries of a `GRADUS_BLAS_LAUNCHED` value.
  static func launchHistory(_ value: String?) -> [String] {
    (value ?? "").split(separator: ",").map(String.init)
  }

  /// Decides whether to restart, given the environment (only the variables named by
  /// `coreTypeVariable`, `launchedVariable` and `threadVariables` matter), the CPU's flags, the
  /// kernel OpenBLAS loaded, and the self-test, which runs only when its answer matters.
  ///
  /// - A user's own `OPENBLAS_CORETYPE` is never overridden: proceed.
  /// - First start, CPU without a preference: proceed with OpenBLAS's choice.
  /// - First start, OpenBLAS already loaded the preferred kernel: proceed if it passes the
  ///   self-test (no restart needed), otherwise restart with the next fallback.
  /// - First start, another kernel loaded: restart with the preferred one.
  /// - Restarted: proceed if our kernel passes the self-test; otherwise restart with the next
  ///   untried fallback, then with OpenBLAS's own choice; proceed once all have been tried.
  ///   Each restart adds an entry to the history, so there are at most chain length + 1.
  ///
  /// A restart sets `OPENBLAS_NUM_THREADS=1` unless some thread-count variable is already set.
  public static func decide(
    environment: [String: String], cpuFlags: Set<String>, loadedCore: String,
    selfTest: () -> Bool
  ) -> LaunchDecision {
    let chain = fallbackChain(cpuFlags: cpuFlags)
    let requested = environment[coreTypeVariable]
    let history = launchHistory(environment[launchedVariable])
    if let current = history.last {
      // Only test what we chose: a different OPENBLAS_CORETYPE means someone else chose since.
      let ours = current == defaultEntry ? requested == nil : requested == current
      if !ours || selfTest() { return .proceed }
      return next(after: history, chain: chain, environment: environment)
    }
    if requested != nil { return .proceed }
    guard let preferred = chain.first else { return .proceed }
    if loadedCore.lowercased() == preferred.lowercased() {
      return selfTest()
        ? .proceed : next(after: [preferred], chain: chain, environment: environment)
    }
    return relaunch(history: [preferred], environment: environment)
  }

  private static func next(after tried: [String], chain: [String], environment: [String: String])
    -> LaunchDecision
  {
    guard let untried = (chain + [defaultEntry]).first(where: { !tried.contains($0) }) else {
      return .proceed
    }
    return relaunch(history: tried + [untried], environment: environment)
  }

  private static func relaunch(history: [String], environment: [String: String]) -> LaunchDecision {
    var set = [launchedVariable: history.joined(separator: ",")]
    var unset = [String]()
    if let core = history.last, core != defaultEntry {
      set[coreTypeVariable] = core
    } else {
      unset.append(coreTypeVariable)
    }
    if threadVariables.allSatisfy({ environment[$0] == nil }) {
      // Set before exec, so the restarted OpenBLAS never starts its thread pool.
      set[threadVariables[0]] = "1"
    }
    return .relaunch(set: set, unset: unset)
  }
}
