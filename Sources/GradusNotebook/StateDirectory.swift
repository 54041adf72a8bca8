#if canImport(Glibc)
  import Glibc
#endif

/// Where Gradus keeps what it remembers between runs (the REPL's history, lesson progress):
/// `$XDG_STATE_HOME/gradus`, else `~/.local/state/gradus`, as the XDG base directory
/// specification asks for state that is not worth backing up but should survive a restart.
public enum StateDirectory {
  /// The folder for `environment`, or nil when neither `XDG_STATE_HOME` (absolute) nor `HOME`
  /// is set.
  public static func path(environment: [String: String]) -> String? {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
      return state + "/gradus"
    }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return home + "/.local/state/gradus"
  }

  /// The folder for this process's environment.
  public static var current: String? {
    func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
    var environment: [String: String] = [:]
    environment["XDG_STATE_HOME"] = variable("XDG_STATE_HOME")
    environment["HOME"] = variable("HOME")
    return path(environment: environment)
  }

  /// `mkdir -p` of a file's folder, mode 0700: what the learner did is private.
  public static func makeDirectory(parentOf path: String) {
    var prefix = ""
    let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
    for part in parts where !part.isEmpty {
      prefix += "/" + part
      mkdir(prefix, 0o700)
    }
  }
}
