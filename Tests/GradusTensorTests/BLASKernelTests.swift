import GradusTensor
import Testing

/// The kernel choice and the restart rules, checked as pure functions (no process is started):
/// `relaunchIfNeeded` only applies what `decide` returns.
@Suite struct BLASKernelTests {
  static let haswell: Set<String> = ["sse4_2", "avx", "avx2", "fma"]
  static let skylakeX = haswell.union(["avx512f", "avx512vl", "avx512bw", "avx512dq", "avx512cd"])
  static let cooperlake = skylakeX.union(["avx512_bf16", "avx512_vnni"])

  @Test func preferredCoreTypeFollowsTheFeatures() {
    #expect(BLASKernel.preferredCoreType(cpuFlags: Self.cooperlake) == "Cooperlake")
    #expect(BLASKernel.preferredCoreType(cpuFlags: Self.skylakeX) == "SkylakeX")
    #expect(BLASKernel.preferredCoreType(cpuFlags: Self.haswell) == "Haswell")
    // AVX-512 without VL is not enough for the SkylakeX kernel; bf16 alone is not Cooperlake.
    #expect(
      BLASKernel.preferredCoreType(cpuFlags: Self.skylakeX.subtracting(["avx512vl"])) == "Haswell")
    #expect(
      BLASKernel.preferredCoreType(cpuFlags: Self.haswell.union(["avx512_bf16"])) == "Haswell")
    #expect(BLASKernel.preferredCoreType(cpuFlags: ["sse2", "avx"]) == nil)
    #expect(BLASKernel.preferredCoreType(cpuFlags: []) == nil)
  }

  @Test func fallbacksGoDownToHaswell() {
    #expect(
      BLASKernel.fallbackChain(cpuFlags: Self.cooperlake) == ["Cooperlake", "SkylakeX", "Haswell"])
    #expect(BLASKernel.fallbackChain(cpuFlags: Self.skylakeX) == ["SkylakeX", "Haswell"])
    #expect(BLASKernel.fallbackChain(cpuFlags: ["avx2"]).isEmpty)
  }

  @Test func theLoadedKernelPassesItsSelfTest() {
    #expect(BLASKernel.selfTest())
    #expect(BLASKernel.checked)
    #expect(!BLASKernel.coreName.isEmpty)
    #expect(BLASKernel.version.hasPrefix("OpenBLAS"))
    #expect(BLASKernel.summary.contains("kernel \(BLASKernel.coreName) (checked"))
  }

  @Test func cpuFlagsUseTheNamesTheRulesExpect() {
    let known: Set<String> = [
      "avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512_bf16",
    ]
    #expect(BLASKernel.cpuFlags().isSubset(of: known))
  }

  // MARK: decide

  /// `decide` on a Cooperlake CPU, recording whether the self-test ran.
  private func decide(
    _ environment: [String: String], loaded: String = "Prescott", passes: Bool = true
  ) -> (BLASKernel.LaunchDecision, tested: Bool) {
    var tested = false
    let decision = BLASKernel.decide(
      environment: environment, cpuFlags: Self.cooperlake, loadedCore: loaded,
      selfTest: {
        tested = true
        return passes
      })
    return (decision, tested)
  }

  private func relaunch(_ core: String?, history: String, threads: Bool = true)
    -> BLASKernel.LaunchDecision
  {
    var set = ["GRADUS_BLAS_LAUNCHED": history]
    if let core { set["OPENBLAS_CORETYPE"] = core }
    if threads { set["OPENBLAS_NUM_THREADS"] = "1" }
    return .relaunch(set: set, unset: core == nil ? ["OPENBLAS_CORETYPE"] : [])
  }

  @Test func aUsersCoreTypeIsNeverOverridden() {
    let (decision, tested) = decide(["OPENBLAS_CORETYPE": "Haswell"])
    #expect(decision == .proceed)
    #expect(!tested)
  }

  @Test func withoutAPreferenceOpenBLASChooses() {
    let decision = BLASKernel.decide(
      environment: [:], cpuFlags: ["sse2"], loadedCore: "Prescott", selfTest: { false })
    #expect(decision == .proceed)
  }

  @Test func theRightKernelAlreadyLoadedNeedsNoRestart() {
    #expect(decide([:], loaded: "Cooperlake") == (.proceed, true))
    #expect(decide([:], loaded: "cooperlake").0 == .proceed)
  }

  @Test func theRightKernelFailingFallsBack() {
    let (decision, _) = decide([:], loaded: "Cooperlake", passes: false)
    #expect(decision == relaunch("SkylakeX", history: "Cooperlake,SkylakeX"))
  }

  @Test func anotherKernelLoadedRestartsWithThePreferredOne() {
    let (decision, tested) = decide([:])
    #expect(decision == relaunch("Cooperlake", history: "Cooperlake"))
    #expect(!tested)
  }

  @Test func theUsersThreadCountIsKept() {
    for name in ["OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"] {
      let (decision, _) = decide([name: "2"])
      #expect(decision == relaunch("Cooperlake", history: "Cooperlake", threads: false))
    }
  }

  @Test func aRestartedProcessTestsItsKernel() {
    let restarted = ["GRADUS_BLAS_LAUNCHED": "Cooperlake", "OPENBLAS_CORETYPE": "Cooperlake"]
    #expect(decide(restarted) == (.proceed, true))
    let (decision, _) = decide(restarted, passes: false)
    #expect(decision == relaunch("SkylakeX", history: "Cooperlake,SkylakeX"))
  }

  @Test func theLastResortIsOpenBLASsOwnChoice() {
    let afterHaswell = [
      "GRADUS_BLAS_LAUNCHED": "Cooperlake,SkylakeX,Haswell", "OPENBLAS_CORETYPE": "Haswell",
      "OPENBLAS_NUM_THREADS": "1",
    ]
    let (decision, _) = decide(afterHaswell, passes: false)
    #expect(
      decision
        == relaunch(nil, history: "Cooperlake,SkylakeX,Haswell,default", threads: false))
    // Nothing is left to try: go on, however the self-test ends.
    let exhausted = ["GRADUS_BLAS_LAUNCHED": "Cooperlake,SkylakeX,Haswell,default"]
    #expect(decide(exhausted, passes: false).0 == .proceed)
  }

  @Test func aCoreTypeChangedAfterTheRestartIsTheUsers() {
    let changed = ["GRADUS_BLAS_LAUNCHED": "Cooperlake", "OPENBLAS_CORETYPE": "Haswell"]
    #expect(decide(changed, passes: false) == (.proceed, false))
  }
}
