import GradusLanguage
import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// A lesson file and what its first prose cell says about it.
public struct Lesson: Sendable {
  /// `03-backprop`
  public let name: String
  /// The number before the first dash: 3.
  public let number: Int
  public let path: String
  /// The first Markdown heading of the first prose cell.
  public let title: String
  /// The first sentence after the heading: what the lesson covers.
  public let summary: String
  /// The language the learner reads in: the reader's notes and keys speak it. `path` is the
  /// lesson's edition in it, or the English file when it has none yet.
  public var language: Language = .english
}

/// Finds the lessons: `$GRADUS_LESSONS`, then `./lessons`, then the `lessons/` folder of the
/// checkout the running binary was built in (`.build/<config>/gradus` → `../../lessons`).
///
/// In another language, each lesson is its edition in `lessons/zh/` (same file name) where
/// there is one, else the English lesson.
public struct LessonCatalog: Sendable {
  public let directory: String?
  public let lessons: [Lesson]
  public let language: Language

  public init(
    language: Language = .english, executablePath: String = LessonCatalog.runningExecutable
  ) {
    let candidates = LessonCatalog.candidateDirectories(executablePath: executablePath)
    let found = candidates.first { LessonCatalog.isDirectory($0) }
    directory = found
    self.language = language
    lessons = found.map { LessonCatalog.load($0, language: language) } ?? []
  }

  /// A lesson by number (`3`, `03`) or name (`03-backprop`, `backprop`).
  public func find(_ key: String) -> Lesson? {
    if let n = Int(key) { return lessons.first { $0.number == n } }
    return lessons.first {
      $0.name == key || $0.name.hasSuffix("-" + key) || $0.name.hasPrefix(key)
    }
  }

  /// The folder that a lesson's relative paths (`load_csv("data/…")`) name files in: the
  /// lessons folder, for a translated edition in `zh/` too, so a lesson runs from any working
  /// directory. Nil when `path` is not a lesson file of this catalogue (a program of the
  /// learner's own keeps paths relative to the working directory).
  public func filesFolder(forFile path: String) -> String? {
    guard let directory, let lessons = LessonCatalog.realPath(directory),
      let file = LessonCatalog.realPath(path), file.hasSuffix(".grad")
    else { return nil }
    var folder = file
    folder.removeSubrange(folder.lastIndex(of: "/")!...)
    let translations = Language.allCases.compactMap(\.folder).map { lessons + "/" + $0 }
    return folder == lessons || translations.contains(folder) ? lessons : nil
  }

  /// `path` with every link and `..` resolved; nil if it does not exist.
  static func realPath(_ path: String) -> String? {
    var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard realpath(path, &resolved) != nil else { return nil }
    return String(
      decoding: resolved.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Each lesson's name, title and summary, for `gradus lessons` and `:lesson` alone; with
  /// `progress`, how far the learner got in each lesson they opened (`· done`). Text for a
  /// terminal, so control characters in a lesson file show as escapes.
  public func listing(
    progress: [String: LessonProgress] = [:], exercises: [String: String] = [:]
  ) -> String {
    let text = Localized(language)
    return TerminalText.visible(
      lessons.map { lesson in
        var status = progress[lesson.name].map { "  · " + text.progress($0) } ?? ""
        status += exercises[lesson.name].map { "  · " + $0 } ?? ""
        return "\(lesson.name)\(status)\n    \(lesson.title)\n"
          + (lesson.summary.isEmpty ? "" : "    \(lesson.summary)\n")
      }.joined())
  }

  /// What to say when `key` names no lesson: names that contain it (`gradient` finds
  /// `04-gradient-descent`) or are near it (`tensorz` finds `00-tensors` through its short name
  /// `tensors`), else where the list is.
  public func hint(for key: String, listedBy command: String) -> String {
    var suggestions =
      key.count < 3 ? [] : lessons.map(\.name).filter { $0.lowercased().contains(key.lowercased()) }
    var fullName: [String: String] = [:]
    for lesson in lessons {
      fullName[lesson.name] = lesson.name
      fullName[String(lesson.name.drop { $0.isNumber || $0 == "-" })] = lesson.name
    }
    for near in Suggest.nearest(key, in: fullName.keys.sorted()) {
      if let name = fullName[near], !suggestions.contains(name) { suggestions.append(name) }
    }
    return Suggest.didYouMean(suggestions) ?? "`\(command)` lists them"
  }

  /// The running binary. `/proc/self/exe` where there is one: started from `PATH`, argv[0] is
  /// a bare `gradus`, which says nothing about where the checkout is.
  public static var runningExecutable: String {
    access("/proc/self/exe", F_OK) == 0 ? "/proc/self/exe" : CommandLine.arguments.first ?? ""
  }

  /// Where a folder of the checkout may be: `$variable`, then `./folder`, then beside the
  /// checkout the binary was built in. Lessons and exercises are found the same way.
  static func candidateDirectories(
    executablePath: String, folder: String = "lessons", variable: String = "GRADUS_LESSONS"
  ) -> [String] {
    var result = [String]()
    if let env = getenv(variable) { result.append(String(cString: env)) }
    result.append(folder)
    let executable = realPath(executablePath) ?? executablePath
    var parts = executable.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    // <repo>/.build/<triple>/<config>/gradus or <repo>/.build/<config>/gradus
    for _ in 0..<4 where parts.count > 1 {
      parts.removeLast()
      result.append(parts.joined(separator: "/") + "/" + folder)
    }
    return result
  }

  static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// The entries of a folder, without `.` and `..`.
  static func entries(_ directory: String) -> [String] {
    guard let dir = opendir(directory) else { return [] }
    defer { closedir(dir) }
    var names = [String]()
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  /// The lessons in `directory`, each in `language` where `directory/zh/` has its edition.
  static func load(_ directory: String, language: Language = .english) -> [Lesson] {
    let names = entries(directory).filter { $0.hasSuffix(".grad") && $0.first?.isNumber == true }
    return names.sorted().compactMap { file in
      let translated = language.folder.map { directory + "/" + $0 + "/" + file }
      let edition = translated.flatMap { path in readText(path).map { (path, $0) } }
      let path = edition?.0 ?? directory + "/" + file
      let name = String(file.dropLast(5))
      let number = Int(name.prefix { $0.isNumber }) ?? 0
      let text = edition?.1 ?? readText(path) ?? ""
      let (title, summary) = describe(text, fallback: name)
      var lesson = Lesson(name: name, number: number, path: path, title: title, summary: summary)
      lesson.language = language
      return lesson
    }
  }

  /// The heading and first sentence of a lesson's opening prose.
  static func describe(_ text: String, fallback: String) -> (String, String) {
    let program = Parser.parse(SourceFile(name: fallback, text: text)).program
    guard case .prose(let prose, _)? = program.cells.first else { return (fallback, "") }
    let lines = prose.split(separator: "\n").map { $0.trimmingCharacters() }
    let title =
      lines.first { $0.hasPrefix("#") }.map { String($0.drop { $0 == "#" || $0 == " " }) }
      ?? fallback
    let body = lines.filter { !$0.hasPrefix("#") && !$0.isEmpty }.joined(separator: " ")
    // A Chinese sentence ends at `。`; an English one at `.` (the first of either).
    let sentence =
      body.firstIndex { $0 == "." || $0 == "。" }.map { String(body[...$0]) } ?? body + "."
    return (title, sentence == "." || sentence == "。" ? "" : sentence)
  }

  static func readText(_ path: String) -> String? { FileBytes.text(path) }
}

extension Substring {
  fileprivate func trimmingCharacters() -> String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
