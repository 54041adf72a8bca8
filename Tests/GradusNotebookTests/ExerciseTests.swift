import Foundation
import GradusLanguage
import GradusNotebook
import GradusRuntime
import Testing

/// Every exercise in `exercises/`: its reference solution passes its own check, its starter
/// (untouched) does not, and each has what a learner needs (statement, hints).
@Suite("Exercises: solutions pass, starters fail")
struct ExerciseTests {
  static var ids: [String] { Exercises.catalog.exercises.map(\.id) }

  @Test(arguments: ids) func solutionPasses(_ id: String) throws {
    let exercise = try #require(Exercises.catalog.find(id))
    let report = Exercises.check(exercise, exercise.solution)
    #expect(report.solved, "\(report.rendered())")
  }

  @Test(arguments: ids) func starterFails(_ id: String) throws {
    let exercise = try #require(Exercises.catalog.find(id))
    let report = Exercises.check(exercise, exercise.starter)
    #expect(!report.solved, "the untouched starter passes")
    // It fails on the check's expectations, not because the starter cannot run.
    #expect(report.results.first?.what != "your code", "\(report.rendered())")
  }

  @Test(arguments: ids) func hasWhatALearnerNeeds(_ id: String) throws {
    let exercise = try #require(Exercises.catalog.find(id))
    #expect(exercise.title != exercise.slug, "statement.md has no heading")
    #expect((2...3).contains(exercise.hints.count), "\(exercise.hints.count) hints")
    #expect(!exercise.check.isEmpty)
  }

  @Test func everyLessonHasThreeAndEveryKindAppears() {
    let catalog = Exercises.catalog
    for lesson in Lessons.names {
      #expect(catalog.exercises(ofLesson: lesson).count >= 3, "\(lesson)")
    }
    for kind in Exercise.Kind.allCases {
      #expect(catalog.exercises.contains { $0.kind == kind }, "no \(kind) exercise")
    }
  }

  @Test func pathsListsRealFiles() {
    let lines = Exercises.catalog.paths.split(separator: "\n")
    #expect(lines.count == Exercises.catalog.exercises.count)
    for line in lines {
      let fields = line.split(separator: "\t").map(String.init)
      #expect(fields.count == 3)
      for path in fields.dropFirst() {
        #expect(FileManager.default.fileExists(atPath: path), "\(path)")
      }
    }
  }
}

/// A check's `cell:` names a heading of its lesson, so "lesson N teaches this" points somewhere.
@Suite("Exercises: feedback points to real lesson cells")
struct ExerciseCellTests {
  @Test(arguments: ExerciseTests.ids) func cellsAreHeadingsOfTheLesson(_ id: String) throws {
    let exercise = try #require(Exercises.catalog.find(id))
    let lesson = try String(
      contentsOf: Lessons.directory.appendingPathComponent(exercise.lessonName + ".grad"),
      encoding: .utf8)
    for part in exercise.check.components(separatedBy: "cell: \"").dropFirst() {
      let cell = part.prefix { $0 != "\"" }
      #expect(lesson.contains("## " + cell + "\n"), "\(id): no heading “\(cell)”")
    }
  }
}

@Suite("Exercises: the end of a lesson offers them")
struct YourTurnTests {
  @Test func listsTheLessonsExercises() throws {
    let text = try #require(Exercises.catalog.yourTurn(after: "03-backprop"))
    #expect(text.hasPrefix("## Your turn: 3 exercises\n"))
    #expect(text.contains("- **3.1** (predict) Predict a neuron's gradient"))
    #expect(text.contains("`gradus exercise ID`"))
    #expect(Exercises.catalog.yourTurn(after: "99-nothing") == nil)
  }
}
