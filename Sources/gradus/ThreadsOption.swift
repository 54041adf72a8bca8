import ArgumentParser
import GradusTensor

/// `--threads N|default` (or `=N`), anywhere on the command line, and the environment variable
/// `GRADUS_THREADS`: how many threads large operations use (`Parallelism`), for every mode
/// (REPL, `run`, `lesson`, `kernel`). The option wins over the variable; `default` is every
/// core; a count that cannot be read is an error rather than a silently kept default.
enum ThreadsOption {
  static let flag = "--threads"
  static let advice = "write a whole number from 1 to \(Parallelism.maximumThreads), or default"

  static func apply(_ arguments: inout [String]) throws {
    if let raw = Parallelism.environmentText, Parallelism.parse(raw) == nil {
      throw ValidationError(
        "\(Parallelism.environmentVariable)=\(raw) is not a thread count; \(advice)")
    }
    guard let chosen = try AnywhereOption.take(flag, example: "2", from: &arguments) else {
      return
    }
    guard let count = Parallelism.parse(chosen) else {
      throw ValidationError("\(flag) \(chosen) is not a thread count; \(advice)")
    }
    Parallelism.setThreadCount(count)
  }
}
