import ArgumentParser
import GradusNotebook

// `--lang zh|en`: the raw values are the codes.
extension Language: ExpressibleByArgument {}

/// `--lang zh|en` on the commands that show lessons and exercises; without it, `GRADUS_LANG`,
/// then the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) decide.
struct LanguageOption: ParsableArguments {
  @Option(
    name: .customLong("lang"),
    help: "Lessons and exercises in zh (Chinese) or en (default: $GRADUS_LANG, then the locale).")
  var flag: Language?

  var language: Language { Language.resolve(flag) }
}
