import Foundation
import GradusLanguage
import GradusRuntime
import Testing

@testable import GradusREPL

#if canImport(Glibc)
  import Glibc
#endif

/// Piped input runs in time linear in its length (40,000 lines once took 22 s where
/// `gradus run` took 0.09 s), and reading it stops with an error on anything that is not input.
@Suite("REPL: piped input at scale")
struct PipedScaleTests {
  /// Lines from an array, each handed out once (the test's own reader must be linear too).
  final class ArrayReader: LineReader {
    private let lines: [String]
    private var next = 0
    init(_ lines: [String]) { self.lines = lines }
    func readLine(prompt: String, editorPrompt: String) -> LineInput {
      guard next < lines.count else { return .end }
      next += 1
      return .line(lines[next - 1])
    }
    func remember(_ line: String) {}
  }

  /// The work that grew with the line number: a cell of a script is one cell's text, whatever
  /// line it starts on, and still reports the script's line numbers.
  @Test func aCellLateInAScriptIsOnlyItsOwnText() throws {
    let (session, console) = try Support.session(prompts: false)
    let source = REPLSession.cellSource("x = 1 +", number: 1, scriptLine: 40_000)
    #expect(source.text == "x = 1 +")
    #expect(source.location(of: 4).line == 40_000)
    session.submit("y = undefined_name", line: 40_000)
    #expect(console.errors.contains("--> <stdin>:40000:5"), "\(console.errors)")
    #expect(console.errors.contains("40000 | y = undefined_name"), "\(console.errors)")
  }

  /// `Out` is one list that grows: a cell does not rebuild it (which cost a copy of every
  /// earlier value per cell). Showing `Out` itself stores a copy, so no list holds itself.
  @Test func outGrowsInPlace() throws {
    let (session, _) = try Support.session(prompts: false)
    session.submit("1")
    guard case .list(let first)? = session.interpreter.value(of: "Out") else {
      Issue.record("no Out")
      return
    }
    session.submit("2")
    session.submit("3")
    guard case .list(let later)? = session.interpreter.value(of: "Out") else {
      Issue.record("no Out")
      return
    }
    #expect(first === later)
    #expect(later.items.count == 4)
    session.submit("Out")
    #expect(!later.isReachable(from: later.items[4]))
    #expect(session.interpreter.value(of: "Out").map { "\($0)" } != nil)
  }

  /// CPU time of this thread for a script of `count` lines run through the loop.
  static func cpuSeconds(lines count: Int) throws -> Double {
    var lines = [String]()
    for i in 0..<count / 2 {
      lines.append("x\(i % 50) = \(i)")
      lines.append("x\(i % 50) + 1")
    }
    let console = CapturingConsole()
    let session = try REPLSession(console: console, style: ConsoleStyle(prompts: false))
    var loop = Loop(
      session: session, reader: ArrayReader(lines), style: ConsoleStyle(), interactive: false)
    var start = timespec()
    var end = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
    let status = loop.run()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
    #expect(status == 0)
    return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
  }

  /// Four times the lines take about four times the CPU time (quadratic work would take
  /// sixteen). Thread CPU time, not wall time, so a busy machine does not skew it; the bound
  /// of 8 leaves room for noise. The best of two runs of each size.
  @Test func fourTimesTheLinesTakeAboutFourTimesTheTime() throws {
    _ = try Self.cpuSeconds(lines: 200)  // warm up: the prelude, first-use caches
    let small = try min(Self.cpuSeconds(lines: 1_500), Self.cpuSeconds(lines: 1_500))
    let large = try min(Self.cpuSeconds(lines: 6_000), Self.cpuSeconds(lines: 6_000))
    #expect(large / small < 8, "1,500 lines: \(small) s; 6,000 lines: \(large) s")
  }

  /// A reader on a pipe: every line comes back once, in order, with CRLF and a last line
  /// without a break handled, however the bytes are split across reads.
  @Test func thePlainReaderReadsEveryLine() throws {
    var fds: [Int32] = [0, 0]
    try #require(pipe(&fds) == 0)
    let text = (0..<20_000).map { "line \($0)" }.joined(separator: "\r\n") + "\nlast"
    let writeEnd = fds[1]
    let writer = Thread {
      _ = writeAll(writeEnd, Array(text.utf8))
      close(writeEnd)
    }
    writer.start()
    let reader = PlainLineReader(descriptor: fds[0])
    var read = [String]()
    while case .line(let line) = reader.readLine(prompt: "", editorPrompt: "") { read.append(line) }
    close(fds[0])
    #expect(reader.failure == nil)
    #expect(read.count == 20_001)
    #expect(read.first == "line 0" && read[19_999] == "line 19999" && read.last == "last")
  }

  /// A read error (here EISDIR: standard input is a folder, as in `gradus < /`) is reported,
  /// never taken for the end of the input.
  @Test func aReadErrorIsAFailure() throws {
    let folder = open("/", O_RDONLY)
    try #require(folder >= 0)
    defer { close(folder) }
    let reader = PlainLineReader(descriptor: folder)
    guard case .end = reader.readLine(prompt: "", editorPrompt: "") else {
      Issue.record("read a line from a folder")
      return
    }
    #expect(reader.failure == "cannot read the input: Is a directory; the rest was not run")
  }

  /// `:load` refuses what is not a regular file, at once.
  @Test(arguments: ["/dev/zero", "/dev/null", "/tmp"])
  func loadRefusesWhatIsNotAFile(_ path: String) throws {
    let (session, console) = try Support.session(prompts: false)
    #expect(session.submit(":load \(path)") == .failed)
    let expected =
      path == "/tmp"
      ? "error: /tmp is a directory; give a .grad file inside it\n"
      : "error: cannot read \(path): it is not a regular file (a device, pipe or socket)\n"
    #expect(console.errors == expected)
  }

  /// `:save` shares `save`'s writer: a device is refused, an existing file keeps its mode.
  @Test func colonSaveUsesTheAtomicWriter() throws {
    let (session, console) = try Support.session(prompts: false)
    session.submit("x = 1")
    #expect(session.submit(":save /dev/null") == .failed)
    #expect(
      console.errors.hasPrefix("error: cannot write /dev/null: `/dev/null` is not a regular file"))
    let directory = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("s.grad").path
    _ = FileManager.default.createFile(atPath: path, contents: Data("old".utf8))
    chmod(path, 0o600)
    #expect(session.submit(":save \(path)") == .succeeded)
    var info = stat()
    #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
    #expect(try String(contentsOfFile: path, encoding: .utf8).contains("x = 1"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["s.grad"])
  }

  /// Program output in a session shows control characters as escapes.
  @Test func controlCharactersInOutputAreEscaped() throws {
    let (session, console) = try Support.session(prompts: false)
    session.submit("print(\"\\u{1b}[2J\")")
    session.submit("\"bell\\u{7}\"")
    #expect(console.text == "\\u{1b}[2J\nbell\\u{7}\n")
  }
}
