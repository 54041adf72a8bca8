import Foundation
import Testing

@testable import GradusNotebook

/// Where the learner got in each lesson, kept between runs in the state folder.
@Suite("Lesson progress")
struct LessonProgressTests {
  static func store() -> (LessonProgressStore, URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gradus-progress-\(UUID().uuidString)")
    return (LessonProgressStore(path: folder.path + "/gradus/lessons"), folder)
  }

  @Test func recordsEachLessonAndKeepsTheOthers() throws {
    let (store, folder) = Self.store()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(store.load().isEmpty)
    #expect(store.record(.init(reached: 3, total: 8, finished: false), for: "04-gd") == nil)
    #expect(
      store.record(
        .init(reached: 17, total: 17, finished: true), for: "00-tensors", today: "2026-12-06")
        == nil)
    #expect(
      store.load() == [
        "04-gd": .init(reached: 3, total: 8, finished: false),
        "00-tensors": .init(reached: 17, total: 17, finished: true, finishedOn: "2026-12-06"),
      ])
    let text = try String(contentsOfFile: store.path, encoding: .utf8)
    #expect(text == "00-tensors\t17\t17\tdone\t2026-12-06\n04-gd\t3\t8\n")
    // No temporary file is left beside it; the lock's file stays.
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/gradus")
    #expect(names.sorted() == ["lessons", "lessons.lock"])
  }

  @Test func aFinishedLessonStaysFinishedWhenReadAgain() {
    let (store, folder) = Self.store()
    defer { try? FileManager.default.removeItem(at: folder) }
    store.record(
      .init(reached: 5, total: 5, finished: true), for: "01-forward", today: "2026-12-01")
    store.record(
      .init(reached: 2, total: 5, finished: false), for: "01-forward", today: "2026-12-06")
    #expect(
      store.load()["01-forward"]
        == .init(reached: 2, total: 5, finished: true, finishedOn: "2026-12-01"))
    #expect(store.load()["01-forward"]?.summary == "done")
  }

  /// A file written before days were kept still reads as finished, without a day.
  @Test func aFinishedLineWithoutADayReads() throws {
    let (store, folder) = Self.store()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(
      atPath: folder.path + "/gradus", withIntermediateDirectories: true)
    try "01-forward\t5\t5\tdone\n".write(toFile: store.path, atomically: true, encoding: .utf8)
    #expect(store.load()["01-forward"] == .init(reached: 5, total: 5, finished: true))
  }

  /// Two writers at once (processes in real use; threads here) each read, change and write the
  /// file under the lock, so every lesson recorded is still there at the end.
  @Test func writersAtOnceKeepEveryChange() async throws {
    let (store, folder) = Self.store()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = store.path
    await withTaskGroup(of: Void.self) { group in
      for lesson in 0..<16 {
        group.addTask {
          LessonProgressStore(path: path).record(
            .init(reached: 1, total: 2, finished: false), for: "lesson-\(lesson)")
        }
      }
    }
    #expect(store.load().count == 16)
  }

  @Test func aGarbledFileReadsAsNoProgress() throws {
    let (store, folder) = Self.store()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(
      atPath: folder.path + "/gradus", withIntermediateDirectories: true)
    try "nonsense\n03-backprop\tx\t4\n02-loss\t2\t9\n".write(
      toFile: store.path, atomically: true, encoding: .utf8)
    #expect(store.load() == ["02-loss": .init(reached: 2, total: 9, finished: false)])
    #expect(store.load()["02-loss"]?.summary == "stopped at cell 2 of 9")
  }

  @Test func anUnwritablePlaceSaysWhy() {
    let store = LessonProgressStore(path: "/proc/gradus-cannot-be-here/lessons")
    #expect(store.record(.init(reached: 1, total: 2, finished: false), for: "x") != nil)
  }

  @Test func theStateFolderFollowsXDG() {
    #expect(
      StateDirectory.path(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/gradus")
    #expect(
      StateDirectory.path(environment: ["XDG_STATE_HOME": "rel", "HOME": "/h"])
        == "/h/.local/state/gradus")
    #expect(StateDirectory.path(environment: [:]) == nil)
  }
}
