import GradusRuntime
import GradusText

/// Which exercises a learner started and solved, kept in the state folder beside lesson
/// progress (`exercises`, one line per exercise: id, then `started` or `solved`). A solved
/// exercise stays solved. Written atomically, as lesson progress is.
public final class ExerciseProgressStore {
  public enum Status: String, Sendable { case started, solved }

  public let path: String

  public init(path: String) { self.path = path }

  public static var standard: ExerciseProgressStore? {
    StateDirectory.current.map { ExerciseProgressStore(path: $0 + "/exercises") }
  }

  /// A missing or garbled file reads as no progress.
  public func load() -> [String: Status] {
    guard let text = FileBytes.text(path) else { return [:] }
    var result: [String: Status] = [:]
    for line in text.split(separator: "\n") {
      let fields = line.split(separator: "\t")
      if fields.count == 2, let status = Status(rawValue: String(fields[1])) {
        result[String(fields[0])] = status
      }
    }
    return result
  }

  /// Records `status`, never turning `solved` back into `started`. Returns why the file could
  /// not be written, or nil.
  @discardableResult
  public func record(_ status: Status, for id: String) -> String? {
    StateFileLock.withLock(of: path) {
      var all = load()
      if all[id] == .solved { return nil }
      all[id] = status
      let text = all.keys.sorted().map { "\($0)\t\(all[$0]!.rawValue)\n" }.joined()
      return AtomicFile.write(Array(text.utf8), to: path)
    }
  }
}

extension ExerciseCatalog {
  /// `gradus exercises`: each exercise with its kind, title and status.
  public func listing(progress: [String: ExerciseProgressStore.Status]) -> String {
    let words = Localized(language)
    var text = ""
    var lesson = ""
    for exercise in exercises {
      if exercise.lessonName != lesson {
        lesson = exercise.lessonName
        text += "\(lesson)\n"
      }
      let status = progress[exercise.id].map { "  · " + words.status($0) } ?? ""
      let kind = words.kind(exercise.kind).padding(7)
      text += "  \(exercise.id)  \(kind)  \(exercise.title)\(status)\n"
    }
    let solved = exercises.filter { progress[$0.id] == .solved }.count
    return text + "\n" + words.solvedCount(solved, of: exercises.count) + "\n"
  }

  /// `gradus exercises --paths`: id, starter and reference solution, tab-separated.
  public var paths: String {
    exercises.map { "\($0.id)\t\($0.starterPath)\t\($0.solutionPath)\n" }.joined()
  }

  /// What the reader shows at the end of a lesson: "Your turn: 3 exercises", each with how to
  /// start it; nil for a lesson without exercises.
  public func yourTurn(after lesson: String, in language: Language = .english) -> String? {
    let mine = exercises(ofLesson: lesson).map { $0.reading(in: language) }
    guard !mine.isEmpty else { return nil }
    let words = Localized(language)
    let lines = mine.map { "- **\($0.id)** (\(words.kind($0.kind))) \($0.title)" }
    return "## " + words.yourTurn(mine.count) + "\n" + lines.joined(separator: "\n") + "\n\n"
      + words.howToStartAnExercise
  }

  /// For `gradus lessons`: `exercises 1/3 solved`, by lesson name.
  public func lessonSummaries(progress: [String: ExerciseProgressStore.Status]) -> [String: String]
  {
    let words = Localized(language)
    var result: [String: String] = [:]
    for name in Set(exercises.map(\.lessonName)) {
      let mine = exercises(ofLesson: name)
      let solved = mine.filter { progress[$0.id] == .solved }.count
      result[name] = words.exercisesSolved(solved, of: mine.count)
    }
    return result
  }
}

extension String {
  fileprivate func padding(_ width: Int) -> String {
    self + String(repeating: " ", count: max(0, width - DisplayWidth.standard.columns(self)))
  }
}
