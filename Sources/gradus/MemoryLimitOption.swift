import ArgumentParser
import GradusTensor

/// `--memory-limit SIZE` (or `=SIZE`), anywhere on the command line, and the environment
/// variable `GRADUS_MEMORY_LIMIT`: the session's memory limit (`MemoryLimit`), set before any
/// interpreter starts. The option wins over the variable; a size that cannot be read is an error
/// rather than a silently kept default.
enum MemoryLimitOption {
  static let flag = "--memory-limit"

  static func apply(_ arguments: inout [String]) throws {
    if let raw = MemoryLimit.environmentText, (MemoryLimit.parse(raw) ?? 0) == 0 {
      throw ValidationError(
        "\(MemoryLimit.environmentVariable)=\(raw) is not a memory size; write it like 512M or 2G")
    }
    guard let chosen = try AnywhereOption.take(flag, example: "2G", from: &arguments) else {
      return
    }
    guard let bytes = MemoryLimit.parse(chosen), bytes > 0 else {
      throw ValidationError("\(flag) \(chosen) is not a memory size; write it like 512M or 2G")
    }
    MemoryLimit.setSessionMaxBytes(bytes)
  }
}
