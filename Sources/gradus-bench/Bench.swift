import CBLAS
import GradusAutograd
import GradusTensor

#if canImport(Glibc)
  import Glibc
#endif

/// The command: parses the flags, runs each benchmark, prints the figures and the targets.
enum Bench {
  static let usage = """
    usage: gradus-bench [--quick] [--cpu-time] [--json FILE] [--only SECTION] [--threads N]

    Measures the engine's per-operation overhead, matrix-product throughput against raw CBLAS,
    and the training step of a small network (one thread), and checks them against targets.

      --quick         tiny repeat counts: a smoke test for CI, the figures are noisy
      --cpu-time      time with this thread's CPU clock instead of the wall clock, so that
                      other processes on a shared machine do not inflate the figures
      --json FILE     also write the figures as JSON to FILE
      --only SECTION  run one section (overhead, matmul, network or language), e.g. under a
                      profiler;
                      targets of the other sections are not checked; `--only threads` measures
                      where splitting over threads pays (not part of a full run)
      --threads N     the engine's threads and raw CBLAS's (default 1: one-thread figures);
                      `default` for every core

    Missed targets are reported (✗) but do not change the exit status, which is 1 only for
    errors (2 for bad arguments): the figures depend on the machine.

    """

  struct Options {
    var quick = false
    var cpuTime = false
    var jsonPath: String?
    var only: Section?
    var threads = 1
  }

  enum Section: String, CaseIterable {
    case overhead, matmul, network, language, threads
  }

  /// Runs the command; returns the exit status.
  static func run(arguments: [String]) -> Int32 {
    var options = Options()
    var rest = arguments[...]
    while let argument = rest.popFirst() {
      switch argument {
      case "--quick": options.quick = true
      case "--cpu-time": options.cpuTime = true
      case "--json":
        guard let path = rest.popFirst() else {
          return fail("--json needs a file name\n\n" + usage, 2)
        }
        options.jsonPath = path
      case "--only":
        guard let name = rest.popFirst(), let section = Section(rawValue: name) else {
          return fail(
            "--only needs one of overhead, matmul, network, language, threads\n\n" + usage, 2)
        }
        options.only = section
      case "--threads":
        guard let text = rest.popFirst(), let count = Parallelism.parse(text) else {
          return fail("--threads needs a count from 1 to 256, or default\n\n" + usage, 2)
        }
        options.threads = count
      case "--help", "-h":
        print(usage, terminator: "")
        return 0
      default:
        return fail("unknown argument '\(argument)'\n\n" + usage, 2)
      }
    }
    do {
      return try measure(options)
    } catch {
      return fail("\(error)\n", 1)
    }
  }

  private static func measure(_ options: Options) throws -> Int32 {
    var sampler = options.quick ? Sampler.quick : Sampler.full
    if options.cpuTime { sampler.clock = CLOCK_THREAD_CPUTIME_ID }
    // Both sides of a comparison on the same threads: the engine's blocks and raw OpenBLAS.
    Parallelism.setThreadCount(options.threads)
    openblas_set_num_threads(Int32(options.threads))
    let header: [(String, JSONValue)] = [
      ("date", .string(Machine.date)), ("machine", .string(Machine.description)),
      ("blas", .string(BLASKernel.summary)), ("quick", .bool(options.quick)),
      ("threads", .number(Double(options.threads))),
      ("clock", .string(options.cpuTime ? "thread CPU time" : "wall (monotonic)")),
    ]
    print("gradus-bench \(options.quick ? "--quick " : "")· \(Machine.date)")
    print("machine: \(Machine.description)")
    print("BLAS:    \(BLASKernel.summary)")
    print("threads: \(options.threads) (the engine's blocks; raw CBLAS on as many)")
    if options.cpuTime { print("clock:   thread CPU time") }
    print()

    func wanted(_ section: Section) -> Bool {
      options.only == section || (options.only == nil && section != .threads)
    }
    var figures = [Figure]()
    var overhead: OverheadBenchmark.Result?
    var matmul: [MatmulBenchmark.Row]?
    var network: NetworkBenchmark.Result?
    if wanted(.overhead) {
      let result = try OverheadBenchmark(sampler: sampler).run()
      OverheadBenchmark.print(result)
      figures += OverheadBenchmark.figures(result)
      overhead = result
      print()
    }
    if wanted(.matmul) {
      let rows = try MatmulBenchmark(sampler: sampler).run()
      MatmulBenchmark.print(rows)
      figures += MatmulBenchmark.figures(rows)
      matmul = rows
      print()
    }
    if wanted(.network) {
      let steps = options.quick ? 50 : 1000
      let result = try NetworkBenchmark(sampler: sampler, stepsPerRepeat: steps, warmUpSteps: steps)
        .run()
      NetworkBenchmark.print(result)
      figures += NetworkBenchmark.figures(result)
      network = result
      print()
    }

    if wanted(.threads) {
      let threads = Swift.max(options.threads, 2)
      let rows = try ThreadsBenchmark(sampler: sampler, threads: threads).run()
      ThreadsBenchmark.print(rows, threads: threads)
      figures += ThreadsBenchmark.figures(rows, threads: threads)
      print()
    }

    var language: LanguageBenchmark.Result?
    if wanted(.language) {
      let result = try LanguageBenchmark(
        epochs: options.quick ? 100 : 1000, repeats: options.quick ? 1 : 5,
        cpuTime: options.cpuTime
      )
      .run()
      LanguageBenchmark.print(result, engineStep: network?.microsecondsPerStep)
      figures += LanguageBenchmark.figures(result)
      language = result
      print()
    }

    let targets = Targets.check(
      overhead: overhead, matmul: matmul, network: network, language: language)
    print("Targets")
    for target in targets { print("  " + target.line) }

    guard let path = options.jsonPath else { return 0 }
    let report = Report(header: header, figures: figures, targets: targets)
    return report.write(to: path) ? 0 : fail("cannot write \(path)\n", 1)
  }

  /// Writes `gradus-bench: message` to standard error and returns `status`.
  private static func fail(_ message: String, _ status: Int32) -> Int32 {
    let text = "gradus-bench: " + message
    _ = text.withCString { write(2, $0, strlen($0)) }
    return status
  }
}
