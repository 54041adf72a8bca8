import CBLAS

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Which OpenBLAS kernel runs the matrix products, and making sure it is a fast and a correct one.
///
/// Debian's OpenBLAS is built with DYNAMIC_ARCH: it carries kernels for many CPUs and picks one
/// while the library loads, before `main` runs, from `OPENBLAS_CORETYPE` or its own CPU
/// detection. That detection lags behind new CPUs (0.3.21 can fall back to the generic Prescott
/// kernel, five times slower than the AVX-512 ones), so an executable that wants the right kernel
/// has to choose it itself and restart: `relaunchIfNeeded()` first thing in `main`.
public enum BLASKernel {
  /// Set for a process that `relaunchIfNeeded` restarted: the core types tried so far, comma
  /// separated, the last one in effect and every earlier one failed the self-test; `default`
  /// stands for OpenBLAS's own choice. Its presence is what prevents a restart loop.
  public static let launchedVariable = "GRADUS_BLAS_LAUNCHED"
  /// The variable OpenBLAS reads at load time to force a kernel.
  public static let coreTypeVariable = "OPENBLAS_CORETYPE"
  /// The variables OpenBLAS reads for its thread count, in its order of precedence.
  public static let threadVariables = [
    "OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS",
  ]

  /// The kernel OpenBLAS actually loaded, e.g. `Cooperlake`.
  public static var coreName: String {
    guard let name = openblas_get_corename() else { return "unknown" }
    return String(cString: name)
  }

  /// `OpenBLAS 0.3.21`: the first two words of the library's build configuration.
  public static var version: String {
    guard let config = openblas_get_config() else { return "OpenBLAS" }
    return String(cString: config).split(separator: " ").prefix(2).joined(separator: " ")
  }

  /// Threads OpenBLAS will use for one product.
  public static var threadCount: Int { Int(openblas_get_num_threads()) }

  /// Whether the loaded kernel passed `selfTest`, run once per process (an immutable lazy
  /// global: the kernel cannot change after loading).
  public static let checked = selfTest()

  /// One line for `--version`: `OpenBLAS 0.3.21, kernel Cooperlake (checked), 1 thread`.
  public static var summary: String {
    let check = checked ? "checked" : "FAILED its self-test: results may be wrong"
    var notes = [check]
    let history = launchHistory(getEnvironment(launchedVariable))
    if history.count > 1 {
      notes.append(history.dropLast().joined(separator: ", ") + " failed the self-test")
    }
    if history.isEmpty, let forced = getEnvironment(coreTypeVariable) {
      notes.append("\(coreTypeVariable)=\(forced)")
    }
    let threads = threadCount
    let kernel = "kernel \(coreName) (\(notes.joined(separator: "; ")))"
    return "\(version), \(kernel), \(threads) thread\(threads == 1 ? "" : "s")"
  }

  /// Call first thing in `main`, before any output. Makes sure this process runs the best
  /// OpenBLAS kernel for the CPU that passes `selfTest`, restarting the executable (same
  /// arguments, via `/proc/self/exe`) with `OPENBLAS_CORETYPE` set when it does not; see
  /// `decide` for the rules. Also makes OpenBLAS single-threaded unless the user's environment
  /// says otherwise. Returns when this process should go on; never prints.
  public static func relaunchIfNeeded(arguments: [String] = CommandLine.arguments) {
    var environment = [String: String]()
    for name in [coreTypeVariable, launchedVariable] + threadVariables {
      environment[name] = getEnvironment(name)
    }
    let decision = decide(
      environment: environment, cpuFlags: cpuFlags(), loadedCore: coreName, selfTest: { checked })
    if case .relaunch(let set, let unset) = decision {
      for (name, value) in set { setenv(name, value, 1) }
      for name in unset { unsetenv(name) }
      executeSelf(arguments)
      // Still here: exec failed (no /proc, say). Put the environment back and carry on with
      // the kernel already loaded.
      for name in Array(set.keys) + unset {
        if let old = environment[name] { setenv(name, old, 1) } else { unsetenv(name) }
      }
    }
    BLASKernel.threadsChosen
  }

  /// OpenBLAS's thread count, chosen once, before the first product of any process that uses
  /// the engine (`gradus`, the tests, the benchmarks): one thread unless the environment names
  /// a count (`threadVariables`). OpenBLAS's sgemm adds in another order on another number of
  /// threads, so the count must not depend on the process: lesson 17's spiral network ended
  /// at a loss of 0.0114 in `gradus run` (one thread, set in `main`) and 0.0180 in the tests
  /// (OpenBLAS's default, one thread per core), the same as `OPENBLAS_NUM_THREADS=2 gradus run`.
  /// Large products share out over the engine's own threads instead, in blocks that do not
  /// depend on the count (`MatmulBlocking`, `Parallelism`).
  static let threadsChosen: Void = {
    if threadVariables.allSatisfy({ getEnvironment($0) == nil }) {
      openblas_set_num_threads(1)
    }
  }()

  /// Replaces this process with a fresh run of its own executable; returns only on failure.
  private static func executeSelf(_ arguments: [String]) {
    let words = arguments.isEmpty ? ["/proc/self/exe"] : arguments
    var argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) }
    argv.append(nil)
    execv("/proc/self/exe", argv)
    for word in argv { free(word) }
  }

  static func getEnvironment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  /// The CPU features that matter for the choice of kernel, named as in /proc/cpuinfo, as
  /// CPUID reports them and only when the operating system supports them. CPUID rather than
  /// /proc/cpuinfo, because it is what OpenBLAS sees: under valgrind, say, /proc/cpuinfo lists
  /// AVX-512 but the emulated CPU has none, and a forced AVX-512 kernel would not run.
  public static func cpuFlags() -> Set<String> {
    let features = UInt32(gradus_cpu_features())
    var flags = Set<String>()
    if features & UInt32(GRADUS_CPU_AVX2_FMA) != 0 { flags.formUnion(["avx2", "fma"]) }
    if features & UInt32(GRADUS_CPU_AVX512) != 0 {
      flags.formUnion(["avx512f", "avx512dq", "avx512bw", "avx512vl"])
    }
    if features & UInt32(GRADUS_CPU_AVX512_BF16) != 0 { flags.insert("avx512_bf16") }
    return flags
  }
}
