import GradusNotebook
import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// What Tab offers at the cursor: the text to replace (from `start`, a character offset into
/// the line) and the candidates for it.
struct Completion: Equatable {
  var start: Int
  var candidates: [String]
  /// Put after a single candidate: `/` is already part of a directory's name; a file gets a space.
  var suffix = ""
}

/// Tab completion: `:commands`, file paths after `:load`/`:run`/`:save`, help topics after
/// `:help`, lesson names after `:lesson`, fields after a dot (`net.fc1.` → `W`, `b`; a
/// tensor's `.T`, `.shape`, …), and otherwise every name in scope, builtin, prelude name and
/// keyword.
struct Completer {
  let session: REPLSession

  /// Words the language reserves and the names of its blocks.
  static let keywords = [
    "and", "break", "continue", "else", "false", "fn", "for", "if", "in", "model", "none", "not",
    "or", "return", "self", "true", "while", "trace", "trace_steps", "no_grad", "detect_anomaly",
    "analyze",
  ]

  /// What a tensor and a shape-only tensor answer after a dot (the runtime's list).
  static let tensorFields = Interpreter.tensorFieldNames

  /// Completes `line`, the text before the cursor.
  func complete(_ line: String) -> Completion {
    let characters = Array(line)
    let leading = characters.prefix { $0 == " " || $0 == "\t" }.count
    if characters.dropFirst(leading).first == ":" {
      let (word, rest) = String(characters[leading...]).splitCommand()
      let spaceTyped = characters.count > leading + word.count
      if !spaceTyped {
        return Completion(
          start: leading, candidates: Self.matching(word, MetaCommands.spellings), suffix: " ")
      }
      let start = characters.count - rest.count
      switch word {
      case ":load", ":run", ":save":
        return fileCompletion(rest, start: start)
      case ":help", ":h", ":?":
        return Completion(start: start, candidates: Self.matching(rest, session.helpTopics))
      case ":lesson":
        let names = LessonCatalog().lessons.map(\.name)
        return Completion(start: start, candidates: Self.matching(rest, names))
      default:
        break  // the other commands take Gradus: complete names below
      }
    }
    return nameCompletion(characters)
  }

  /// A name or a dotted path ending at the cursor.
  private func nameCompletion(_ characters: [Character]) -> Completion {
    var start = characters.count
    while start > 0, Self.isNameCharacter(characters[start - 1]) || characters[start - 1] == "." {
      start -= 1
    }
    let word = String(characters[start...])
    var parts = word.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    let partial = parts.removeLast()
    if let first = partial.first, first.isNumber {
      return Completion(start: characters.count, candidates: [])
    }
    guard !parts.isEmpty else {
      let names = session.interpreter.visibleNames + Self.keywords
      return Completion(start: start, candidates: Self.matching(partial, names))
    }
    guard let fields = session.interpreter.fieldNames(after: parts) else {
      return Completion(start: characters.count, candidates: [])
    }
    return Completion(
      start: characters.count - partial.count, candidates: Self.matching(partial, fields))
  }

  /// File names starting with `typed` (a path as the user wrote it), directories with `/`.
  private func fileCompletion(_ typed: String, start: Int) -> Completion {
    let slash = typed.lastIndex(of: "/")
    let directoryPart = slash.map { String(typed[...$0]) } ?? ""
    let namePart = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
    let directory = directoryPart.isEmpty ? "." : REPLSession.expandingHome(directoryPart)
    var candidates: [String] = []
    guard let handle = opendir(directory) else { return Completion(start: start, candidates: []) }
    defer { closedir(handle) }
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard name != ".", name != "..", name.hasPrefix(namePart) else { continue }
      // Hidden files only when asked for with a leading dot, as shells do.
      if name.hasPrefix(".") && !namePart.hasPrefix(".") { continue }
      var info = stat()
      let isDirectory =
        stat(directory + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
      candidates.append(directoryPart + name + (isDirectory ? "/" : ""))
    }
    let suffix = candidates.count == 1 && candidates[0].hasSuffix("/") ? "" : " "
    return Completion(start: start, candidates: candidates.sorted(), suffix: suffix)
  }

  static func matching(_ prefix: String, _ words: [String]) -> [String] {
    Array(Set(words.filter { $0.hasPrefix(prefix) })).sorted()
  }

  static func isNameCharacter(_ c: Character) -> Bool {
    c == "_" || c.isLetter || c.isNumber
  }
}

extension REPLSession {
  /// Tab completion for another front end (a Jupyter kernel): `line` is the text before the
  /// cursor; `start` is where the text the candidates replace begins, in `Character`s.
  public func completions(of line: String) -> (start: Int, candidates: [String]) {
    let completion = Completer(session: self).complete(line)
    return (completion.start, completion.candidates)
  }
}

extension Completion {
  /// The longest text every candidate starts with.
  var commonPrefix: String {
    guard var prefix = candidates.first else { return "" }
    for candidate in candidates.dropFirst() {
      while !candidate.hasPrefix(prefix) { prefix.removeLast() }
    }
    return prefix
  }
}
