import Foundation
import GradusLanguage
import GradusRuntime
import GradusTensor
import Synchronization
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Writes go to a temporary file, are flushed, then renamed over the target (QUALITY.md §7):
/// a saved file is never half-written, and a failed save leaves the old file as it was.
@Suite("save: atomic writes")
struct AtomicSaveTests {
  static func save(_ path: String) -> String { "save(net, \(Reliability.literal(path)))" }

  /// Saving over a longer existing file replaces it entirely (no stale tail).
  @Test func savingOverAFileReplacesItEntirely() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/net.safetensors"
    Reliability.write([UInt8](repeating: 0x41, count: 100_000), to: path)
    let run = RuntimeHarness.run(Reliability.netSource + "\n" + Self.save(path))
    #expect(run.outcome.succeeded, "\(run.rendered)")
    let bytes = try #require(Reliability.read(path))
    #expect(bytes.count < 1000)
    let decoded = try SafeTensors.decode(bytes)
    #expect(decoded.tensors.map(\.0) == Reliability.parameterNames)
    #expect(Reliability.listing(directory) == ["net.safetensors"])
    var info = stat()
    #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o644)
  }

  struct Failure: CustomTestStringConvertible, Sendable {
    let label: String
    /// The target, relative to a scratch directory that holds `old.safetensors` (a file) and
    /// `folder/` (a folder holding `inside.txt`).
    let target: String
    let message: String
    var testDescription: String { label }
  }

  static let failures: [Failure] = [
    Failure(
      label: "folder does not exist", target: "missing/net.safetensors",
      message: "the folder `DIR/missing` does not exist"),
    Failure(
      label: "the target is a folder", target: "folder", message: "it is a folder"),
    Failure(
      label: "the target is a folder, with a slash", target: "folder/", message: "it is a folder"),
    Failure(
      label: "a file used as a folder", target: "old.safetensors/net.safetensors",
      message: "`DIR/old.safetensors` is not a folder"),
    Failure(
      label: "a path with NUL", target: "old.safetensors\\0x",
      message: "a path cannot contain the character \\0"),
    Failure(
      label: "a folder of /proc", target: "/proc/version",
      message: "cannot create a file in `/proc`: No such file or directory"),
    Failure(
      label: "a folder of /sys", target: "/sys/net.safetensors",
      message: "cannot create a file in `/sys`: Permission denied"),
  ]

  /// A failed save is a clear error, the old file (and every other file) is intact, and no
  /// temporary file is left behind.
  @Test(arguments: failures)
  func aFailedSaveChangesNothing(_ failure: Failure) throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let old = Array("not a model, but the learner's old file".utf8)
    Reliability.write(old, to: directory + "/old.safetensors")
    try FileManager.default.createDirectory(
      atPath: directory + "/folder", withIntermediateDirectories: false)
    Reliability.write([1, 2, 3], to: directory + "/folder/inside.txt")
    let target = failure.target.hasPrefix("/") ? failure.target : directory + "/" + failure.target
    let procBefore = Reliability.listing("/proc").filter { $0.hasPrefix(".gradus") }
    let versionBefore = Reliability.read("/proc/version")

    let run = RuntimeHarness.run(Reliability.netSource + "\n" + Self.save(target))
    let diagnostic = try #require(run.diagnostic)
    let shownTarget = target.replacingOccurrences(of: "\\0", with: "\0")
    #expect(diagnostic.id == .fileError)
    #expect(
      diagnostic.message
        == "cannot save to `\(shownTarget)`: "
        + failure.message.replacingOccurrences(of: "DIR", with: directory))
    #expect(diagnostic.help == "the previous file, if any, is unchanged")
    #expect(run.text(of: diagnostic.span) == Reliability.literal(target))

    #expect(Reliability.read(directory + "/old.safetensors") == old)
    #expect(Reliability.listing(directory) == ["folder", "old.safetensors"])
    #expect(Reliability.listing(directory + "/folder") == ["inside.txt"])
    #expect(Reliability.read(directory + "/folder/inside.txt") == [1, 2, 3])
    #expect(Reliability.listing("/proc").filter { $0.hasPrefix(".gradus") } == procBefore)
    #expect(Reliability.read("/proc/version") == versionBefore)
    // The session goes on: a good save right after works.
    let good = RuntimeHarness.run(
      Reliability.netSource + "\n" + Self.save(directory + "/new.safetensors"))
    #expect(good.outcome.succeeded)
  }

  /// The bare file name form (no folder) writes in the current directory's terms: the
  /// temporary file lives beside the target, so the rename never crosses file systems.
  @Test func theTemporaryFileLivesBesideTheTarget() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    // A target in a folder whose name has spaces and non-ASCII letters.
    let folder = directory + "/my θ models"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    #expect(AtomicFile.write([1, 2, 3], to: folder + "/w.bin") == nil)
    #expect(Reliability.read(folder + "/w.bin") == [1, 2, 3])
    #expect(Reliability.listing(folder) == ["w.bin"])
  }

  /// Two threads saving to the same path over and over, while a third reads it: every read
  /// sees one whole file (never a mix or a prefix), the end result is one complete file, and
  /// no temporary file is left.
  @Test func concurrentSavesLeaveOneCompleteFile() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/shared.safetensors"
    let contents: [[UInt8]] = try [1.0, 2.0].map { value in
      let tensors = try Reliability.parameterNames.map { name in
        (name, try NDArray.full(Shape(Reliability.parameterShapes[name]!), value))
      }
      // Different lengths, so a torn file would show.
      return try SafeTensors.encode(
        tensors, metadata: [("pad", String(repeating: "x", count: Int(value) * 3000))])
    }
    Reliability.write(contents[0], to: path)
    final class Shared: Sendable {
      let done = Atomic<Int>(0)
      let bad = Atomic<Int>(0)
      let reads = Atomic<Int>(0)
      let errors = Mutex<[String]>([])
    }
    let shared = Shared()
    // Dedicated threads (not a pool that may run the reader after the writers): the reader
    // starts first and reads at least once after both writers have begun.
    let group = DispatchGroup()
    let readerStarted = DispatchSemaphore(value: 0)
    group.enter()
    Thread {
      readerStarted.signal()
      repeat {
        if let bytes = Reliability.read(path) {
          shared.reads.add(1, ordering: .relaxed)
          if bytes != contents[0] && bytes != contents[1] { shared.bad.add(1, ordering: .relaxed) }
        }
      } while shared.done.load(ordering: .sequentiallyConsistent) < 2
      group.leave()
    }.start()
    readerStarted.wait()
    for worker in 0..<2 {
      group.enter()
      Thread {
        for _ in 0..<150 {
          if let problem = AtomicFile.write(contents[worker], to: path) {
            shared.errors.withLock { $0.append(problem) }
          }
        }
        shared.done.add(1, ordering: .sequentiallyConsistent)
        group.leave()
      }.start()
    }
    group.wait()
    #expect(shared.errors.withLock { $0 }.isEmpty)
    let torn = shared.bad.load(ordering: .relaxed)
    #expect(torn == 0, "\(torn) torn reads")
    #expect(shared.reads.load(ordering: .relaxed) > 0)
    let final = try #require(Reliability.read(path))
    #expect(final == contents[0] || final == contents[1])
    #expect(Reliability.listing(directory) == ["shared.safetensors"])
  }

  /// The same through `save`, from two sessions on two threads (each on its own large stack).
  @Test func concurrentSavesFromTwoSessions() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/net.safetensors"
    let programs = [1, 2].map { value in
      Reliability.netSource + """

        for p in params(net) {
          p -= p
          p += \(value)
        }
        for i in 0..<40 { save(net, \(Reliability.literal(path))) }
        """
    }
    let failures = Mutex<[String]>([])
    DispatchQueue.concurrentPerform(iterations: 2) { worker in
      let run = RuntimeHarness.run(programs[worker])
      if !run.outcome.succeeded { failures.withLock { $0.append(run.rendered) } }
    }
    #expect(failures.withLock { $0 }.isEmpty)
    let decoded = try SafeTensors.decode(try #require(Reliability.read(path)))
    let values = Set(decoded.tensors.flatMap { $0.1.values })
    #expect(values == [1] || values == [2])
    #expect(Reliability.listing(directory) == ["net.safetensors"])
  }
}
