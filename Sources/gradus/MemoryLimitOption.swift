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
    var kept = [String]()
    var index = 0
    var chosen: String?
    while index < arguments.count {
      let argument = arguments[index]
      if argument == "--" {
        kept += arguments[index...]
        break
      }
      if argument == flag {
        guard index + 1 < arguments.count else {
          throw ValidationError("\(flag) needs a size, e.g. \(flag) 2G")
        }
        chosen = arguments[index + 1]
        index += 2
        continue
      }
      if argument.hasPrefix(flag + "=") {
        chosen = String(argument.dropFirst(flag.count + 1))
        index += 1
        continue
      }
      kept.append(argument)
      index += 1
    }
    arguments = kept
    guard let chosen else { return }
    guard let bytes = MemoryLimit.parse(chosen), bytes > 0 else {
      throw ValidationError("\(flag) \(chosen) is not a memory size; write it like 512M or 2G")
    }
    MemoryLimit.setSessionMaxBytes(bytes)
  }
}
