import GradusRuntime

/// How far a learner got in one lesson: the stops (code cells) run so far, out of how many, and
/// whether they went past the last one.
public struct LessonProgress: Equatable, Sendable {
  /// The furthest stop reached, counted from 1; 0 before the first.
  public var reached: Int
  public var total: Int
  public var finished: Bool

  public init(reached: Int, total: Int, finished: Bool) {
    self.reached = reached
    self.total = total
    self.finished = finished
  }

  /// `done`, or `stopped at cell 7 of 42`, for `gradus lessons`.
  public var summary: String {
    finished ? "done" : "stopped at cell \(reached) of \(total)"
  }
}

/// The learner's progress through the lessons, kept in the state folder (`lessons` beside the
/// REPL's history) as one line per lesson: name, reached, total, and `done` once finished.
/// Every change rewrites the file atomically, so a crash leaves the old file or the new one.
public final class LessonProgressStore {
  public let path: String

  public init(path: String) { self.path = path }

  /// The store in this user's state folder; nil when there is no home to keep it in.
  public static var standard: LessonProgressStore? {
    StateDirectory.current.map { LessonProgressStore(path: $0 + "/lessons") }
  }

  /// Every lesson's progress, by lesson name. A missing or garbled file reads as no progress:
  /// forgetting where a learner stopped is better than refusing to start a lesson.
  public func load() -> [String: LessonProgress] {
    guard let text = FileBytes.text(path) else { return [:] }
    var result: [String: LessonProgress] = [:]
    for line in text.split(separator: "\n") {
      let fields = line.split(separator: "\t")
      guard fields.count >= 3, let reached = Int(fields[1]), let total = Int(fields[2]) else {
        continue
      }
      let finished = fields.count > 3 && fields[3] == "done"
      result[String(fields[0])] = LessonProgress(
        reached: reached, total: total, finished: finished)
    }
    return result
  }

  /// Records `progress` for `lesson`, keeping the other lessons' lines. A lesson once finished
  /// stays finished when the learner goes through it again. Returns why the file could not be
  /// written, or nil.
  @discardableResult
  public func record(_ progress: LessonProgress, for lesson: String) -> String? {
    var all = load()
    var entry = progress
    entry.finished = progress.finished || all[lesson]?.finished == true
    all[lesson] = entry
    let text = all.keys.sorted().map { name in
      let entry = all[name]!
      return "\(name)\t\(entry.reached)\t\(entry.total)" + (entry.finished ? "\tdone" : "") + "\n"
    }.joined()
    StateDirectory.makeDirectory(parentOf: path)
    // The one place progress is written (an atomic writer shared by the project).
    return AtomicFile.write(Array(text.utf8), to: path)
  }
}
