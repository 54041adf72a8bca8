#if canImport(Glibc)
  import Glibc
#endif

/// Finds the exercises as `LessonCatalog` finds the lessons: `$GRADUS_EXERCISES`, then
/// `./exercises`, then the `exercises/` folder of the checkout the binary was built in, so that
/// `gradus exercise` works from any directory. Inside, one folder per lesson
/// (`03-backprop/`), one folder per exercise (`3.1-predict-neuron-gradient/`).
public struct ExerciseCatalog: Sendable {
  public let directory: String?
  public let exercises: [Exercise]
  /// The language the exercises are read in (`Exercise.language`).
  public let language: Language

  public init(
    language: Language = .english, executablePath: String = LessonCatalog.runningExecutable
  ) {
    let candidates = LessonCatalog.candidateDirectories(
      executablePath: executablePath, folder: "exercises", variable: "GRADUS_EXERCISES")
    directory = candidates.first { LessonCatalog.isDirectory($0) }
    self.language = language
    exercises = directory.map { ExerciseCatalog.load($0).map { $0.reading(in: language) } } ?? []
  }

  /// The exercises in `directory` (tests, tools).
  public init(directory: String, language: Language = .english) {
    self.directory = directory
    self.language = language
    exercises = ExerciseCatalog.load(directory).map { $0.reading(in: language) }
  }

  /// An exercise by id: `3.2`.
  public func find(_ id: String) -> Exercise? { exercises.first { $0.id == id } }

  /// The exercises of one lesson, in order.
  public func exercises(ofLesson name: String) -> [Exercise] {
    exercises.filter { $0.lessonName == name }
  }

  static func load(_ root: String) -> [Exercise] {
    var found: [Exercise] = []
    for lesson in LessonCatalog.entries(root) where lesson.first?.isNumber == true {
      let lessonPath = root + "/" + lesson
      guard LessonCatalog.isDirectory(lessonPath) else { continue }
      for folder in LessonCatalog.entries(lessonPath) {
        let path = lessonPath + "/" + folder
        if LessonCatalog.isDirectory(path),
          let exercise = Exercise(directory: path, folder: folder, lessonName: lesson)
        {
          found.append(exercise)
        }
      }
    }
    return found.sorted { ($0.lessonNumber, $0.index) < ($1.lessonNumber, $1.index) }
  }

  /// What to say when `id` names no exercise.
  public func hint(for id: String) -> String {
    let lesson = id.split(separator: ".").first.map(String.init) ?? id
    let same = exercises.filter { $0.id.hasPrefix(lesson + ".") }.map(\.id)
    if !same.isEmpty { return "lesson \(lesson) has " + same.joined(separator: ", ") }
    return "`gradus exercises` lists them"
  }
}
