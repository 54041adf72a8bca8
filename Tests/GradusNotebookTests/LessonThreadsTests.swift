import Foundation
import Testing

/// Lessons print the same at any thread count: run on one thread, and on two with every
/// operation split between them however small (matrix products in blocks of 64 columns or
/// rows, maps and sums cut at any size), a lesson prints exactly its golden.
@Suite("Lessons at 1 and 2 threads")
struct LessonThreadsTests {
  /// Lessons with products, convolutions, recurrences, attention and training loops.
  static let lessons = [
    "05-batch-sgd-minibatch", "07-seed-network", "09-convolution", "10-recurrence",
    "13-transformer",
  ]

  @Test(arguments: lessons, [1, 2])
  func printsItsGolden(lesson: String, threads: Int) throws {
    let run = try Lessons.run(lesson, threads: threads)
    #expect(run.problem == nil, "\(lesson) failed:\n\(run.problem ?? "")")
    let url = Lessons.goldens.appendingPathComponent(lesson + ".out")
    let golden = try String(contentsOf: url, encoding: .utf8)
    if let difference = LessonGoldenTests.firstDifference(expected: golden, actual: run.output) {
      Issue.record("\(lesson) at \(threads) threads differs from its golden\n\(difference)")
    }
  }
}
