import Foundation
import GradusTensor
import GradusTestProcesses
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Ctrl-C (SIGINT) while a large file is being saved again and again, in a program and in the
/// REPL: no temporary file is left, the target is the old file or a complete new one, and the
/// REPL goes on with its names. Several delays, so that some land in the middle of a write.
@Suite("gradus: Ctrl-C during a save", .serialized)
struct InterruptedSaveTests {
  static let skip = CommandLineTests.skip

  /// About 9 MB per save; 300 saves take far longer than the longest delay.
  static let savingLoop = """
    model Big() {
      fc = Linear(1500, 1500)
    }
    net = Big()
    for i in 0..<300 { save(net, "net.safetensors") }
    """

  /// What the target holds before the first save finishes.
  static let oldContents = Array("the previous file\n".utf8)

  /// A scratch folder with the program and the old target.
  static func folder() -> String {
    let directory = Reliability.scratchDirectory()
    Reliability.write(Array(savingLoop.utf8), to: directory + "/program.grad")
    Reliability.write(oldContents, to: directory + "/net.safetensors")
    return directory
  }

  /// The folder holds the program, the target and `others`, no temporary file; the target is
  /// the old file or a whole safetensors file with the model's two tensors.
  static func expectOldOrWholeTarget(in directory: String, others: Set<String> = []) throws {
    let left = Set(Reliability.listing(directory))
    #expect(left == others.union(["program.grad", "net.safetensors"]), "\(left.sorted())")
    let bytes = try #require(Reliability.read(directory + "/net.safetensors"))
    if bytes == oldContents { return }
    let decoded = try SafeTensors.decode(bytes)
    #expect(
      decoded.tensors.map { $0.1.shape.sizes }.sorted { $0.count < $1.count } == [
        [1500], [1500, 1500],
      ])
  }

  /// `sh` runs a job in the background with SIGINT ignored unless job control is on (`set -m`);
  /// test threads block signals, which a child inherits: unblock SIGINT while it starts.
  static func withSIGINTDeliverable<R>(_ body: () throws -> R) rethrows -> R {
    var signals = sigset_t()
    var saved = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &signals, &saved)
    defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
    return try body()
  }

  /// `gradus run`: the program dies of SIGINT, as it would with no handler.
  @Test(skip, arguments: [0.5, 1.0, 1.5] as [Double])
  func aProgramInterruptedWhileSavingLeavesNoTemporaryFile(delay: Double) throws {
    let directory = Self.folder()
    defer { Reliability.remove(directory: directory) }
    // Absolute paths: the child is started without a working directory of its own.
    let program = Self.savingLoop.replacingOccurrences(
      of: "\"net.safetensors\"", with: "\"\(directory)/net.safetensors\"")
    Reliability.write(Array(program.utf8), to: directory + "/program.grad")
    let child = try Self.spawnWithDefaultSIGINT(
      try #require(CommandLineTests.binary), ["run", directory + "/program.grad"])
    Thread.sleep(forTimeInterval: delay)
    kill(child, SIGINT)
    var status: Int32 = 0
    waitpid(child, &status, 0)
    // Killed by a signal (the low 7 bits of the status), and that signal is SIGINT.
    #expect(status & 0x7f == SIGINT, "wait status \(status)")
    try Self.expectOldOrWholeTarget(in: directory)
  }

  /// Starts `path` with SIGINT at its default action and no signal blocked, output discarded.
  /// (A child inherits ignored signals: a test run started in the background ignores SIGINT,
  /// and `sh` cannot undo that, nor can `Process`.)
  static func spawnWithDefaultSIGINT(_ path: String, _ arguments: [String]) throws -> pid_t {
    try ChildProcess.spawn(path, arguments) { actions in
      for descriptor: Int32 in [0, 1, 2] {
        posix_spawn_file_actions_addopen(
          &actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
      }
    }
  }

  /// The REPL on piped input runs like a script: Ctrl-C ends it (status 130) once the save in
  /// progress is done, before the cell after it. (In a terminal the session goes on:
  /// `TerminalSaveInterruptTests`.)
  @Test(skip, arguments: [0.5, 1.5] as [Double])
  func pipedInputInterruptedWhileSavingLeavesNoTemporaryFile(delay: Double) throws {
    let directory = Self.folder()
    defer { Reliability.remove(directory: directory) }
    let result = try Self.withSIGINTDeliverable {
      try ProcessIOTests.shell(
        """
        set -m
        { cat program.grad; echo; sleep \(delay + 3); echo 'print("after")'; } \\
          | "$GRADUS" >out.txt 2>&1 &
        child=$!
        sleep \(delay)
        kill -INT $child
        wait $child
        echo "status $?"
        """, in: directory)
    }
    let output = String(decoding: Reliability.read(directory + "/out.txt") ?? [], as: UTF8.self)
    #expect(result.stdout == "status 130\n", "\(output)")
    #expect(!output.contains("after"), "\(output)")
    try Self.expectOldOrWholeTarget(in: directory, others: ["out.txt"])
  }
}
