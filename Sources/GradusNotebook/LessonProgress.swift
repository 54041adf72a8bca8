import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// How far a learner got in one lesson: the stops (code cells) run so far, out of how many, and
/// whether they went past the last one.
public struct LessonProgress: Equatable, Sendable {
  /// The furthest stop reached, counted from 1; 0 before the first.
  public var reached: Int
  public var total: Int
  public var finished: Bool
  /// The day the lesson was last finished (`2026-12-06`, local time); nil if never, or if it
  /// was finished before days were kept.
  public var finishedOn: String?

  public init(reached: Int, total: Int, finished: Bool, finishedOn: String? = nil) {
    self.reached = reached
    self.total = total
    self.finished = finished
    self.finishedOn = finishedOn
  }

  /// `done`, or `stopped at cell 7 of 42`, for `gradus lessons`.
  public var summary: String {
    finished ? "done" : "stopped at cell \(reached) of \(total)"
  }
}

/// The learner's progress through the lessons, kept in the state folder (`lessons` beside the
/// REPL's history) as one line per lesson: name, reached, total, and `done` and the day once
/// finished. Every change rewrites the file atomically, so a crash leaves the old file or the
/// new one, and under a lock (`StateFileLock`), so two readers at once keep both changes.
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
      let day = finished && fields.count > 4 ? String(fields[4]) : nil
      result[String(fields[0])] = LessonProgress(
        reached: reached, total: total, finished: finished, finishedOn: day)
    }
    return result
  }

  /// Records `progress` for `lesson`, keeping the other lessons' lines. A lesson once finished
  /// stays finished when the learner goes through it again; finishing it stamps `today`.
  /// Returns why the file could not be written, or nil.
  @discardableResult
  public func record(
    _ progress: LessonProgress, for lesson: String, today: String = LessonProgressStore.today()
  ) -> String? {
    StateFileLock.withLock(of: path) {
      var all = load()
      var entry = progress
      let before = all[lesson]
      entry.finished = progress.finished || before?.finished == true
      entry.finishedOn = progress.finished ? today : before?.finishedOn
      all[lesson] = entry
      let text = all.keys.sorted().map { name in
        let entry = all[name]!
        let done = entry.finished ? "\tdone" + (entry.finishedOn.map { "\t" + $0 } ?? "") : ""
        return "\(name)\t\(entry.reached)\t\(entry.total)" + done + "\n"
      }.joined()
      // The one place progress is written (an atomic writer shared by the project).
      return AtomicFile.write(Array(text.utf8), to: path)
    }
  }

  /// Today in local time, `2026-12-06`.
  public static func today() -> String {
    var now = time(nil)
    var parts = tm()
    localtime_r(&now, &parts)
    func twoDigits(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(parts.tm_year + 1900)-\(twoDigits(parts.tm_mon + 1))-\(twoDigits(parts.tm_mday))"
  }
}
