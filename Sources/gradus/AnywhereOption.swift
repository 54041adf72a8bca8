import ArgumentParser

/// An option that may stand anywhere on the command line (`gradus --threads 2 run f.grad`,
/// `gradus run f.grad --threads=2`), read and removed before the subcommands parse the rest:
/// it sets something for the whole process before any interpreter starts.
enum AnywhereOption {
  /// The value of the last `flag VALUE` or `flag=VALUE` before a `--`, removing every such
  /// occurrence from `arguments`; nil when there is none.
  static func take(_ flag: String, example: String, from arguments: inout [String]) throws
    -> String?
  {
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
          throw ValidationError("\(flag) needs a value, e.g. \(flag) \(example)")
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
    return chosen
  }
}
