#if canImport(Glibc)
  import Glibc
#endif

/// The language a learner reads Gradus in: the lessons' prose, the exercises, the reader's keys
/// and the REPL's banner and `:help`. Diagnostics stay in English in both.
public enum Language: String, Sendable, CaseIterable {
  case english = "en"
  case chinese = "zh"

  /// `zh`, `zh_CN.UTF-8`, `zh-Hans`, `en`, `en_US.UTF-8`, `C`, `POSIX`: nil for anything that
  /// names neither language, so that the next setting decides.
  public init?(code: String) {
    let lowered = code.lowercased()
    if lowered == "zh" || lowered.hasPrefix("zh_") || lowered.hasPrefix("zh-")
      || lowered.hasPrefix("zh.")
    {
      self = .chinese
    } else if lowered == "en" || lowered.hasPrefix("en_") || lowered.hasPrefix("en-")
      || lowered.hasPrefix("en.") || lowered == "c" || lowered.hasPrefix("c.")
      || lowered == "posix"
    {
      self = .english
    } else {
      return nil
    }
  }

  /// The language asked for without a `--lang` flag: `GRADUS_LANG`, then the locale as POSIX
  /// ranks it (`LC_ALL` over `LC_MESSAGES` over `LANG`, the first one set decides): `zh_*` is
  /// Chinese, anything else English.
  public static func fromEnvironment(_ lookup: (String) -> String? = Language.environment)
    -> Language
  {
    if let own = lookup("GRADUS_LANG"), let language = Language(code: own) { return language }
    for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      guard let value = lookup(variable), !value.isEmpty else { continue }
      return Language(code: value) == .chinese ? .chinese : .english
    }
    return .english
  }

  /// A flag's value if given, else the environment's choice.
  public static func resolve(_ flag: Language?) -> Language { flag ?? fromEnvironment() }

  /// The process environment, one variable at a time.
  public static func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  /// `lessons/zh/` beside `lessons/`: where a language's edition of a lesson lives; nil for
  /// English, whose files are the lessons themselves.
  public var folder: String? { self == .english ? nil : rawValue }

  /// The `lang` attribute of an exported page.
  public var htmlCode: String { self == .english ? "en" : "zh-Hans" }
}
