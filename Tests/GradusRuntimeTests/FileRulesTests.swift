import Foundation
import GradusRuntime
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The rules every file Gradus writes or reads follows (QUALITY.md §7), tested on
/// `AtomicFile` and `FileBytes` directly and through `save` and `load`.
@Suite("files: what may be written and read")
struct FileRulesTests {
  static func mode(_ path: String) -> mode_t? {
    var info = stat()
    return stat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
  }

  static func kind(_ path: String) -> mode_t? {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
  }

  /// Devices, FIFOs and sockets are not replaced: renaming over `/dev/null` would swap the
  /// device node for a file.
  @Test func aDeviceOrFIFOIsNotATarget() throws {
    #expect(AtomicFile.write([1], to: "/dev/null") == "`/dev/null` is not a regular file")
    #expect(Self.kind("/dev/null") == S_IFCHR)
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let fifo = directory + "/pipe"
    try #require(mkfifo(fifo, 0o600) == 0)
    #expect(AtomicFile.write([1], to: fifo) == "`\(fifo)` is not a regular file")
    #expect(Self.kind(fifo) == S_IFIFO)
    // Through `save`, with the usual wording.
    let run = RuntimeHarness.run(Reliability.netSource + "\nsave(net, \"/dev/null\")")
    #expect(
      run.diagnostic?.message == "cannot save to `/dev/null`: `/dev/null` is not a regular file")
    #expect(Reliability.listing(directory) == ["pipe"])
  }

  /// A link is followed: the file it points to is replaced, and the link stays a link (also
  /// for a link to a link, and a relative one).
  @Test func aSymbolicLinkIsFollowed() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    try FileManager.default.createDirectory(
      atPath: directory + "/models", withIntermediateDirectories: false)
    let target = directory + "/models/real.safetensors"
    Reliability.write([1, 2, 3], to: target)
    try #require(symlink("models/real.safetensors", directory + "/link") == 0)
    try #require(symlink(directory + "/link", directory + "/link2") == 0)
    #expect(AtomicFile.write([4, 5], to: directory + "/link2") == nil)
    #expect(Reliability.read(target) == [4, 5])
    #expect(Self.kind(directory + "/link") == S_IFLNK)
    #expect(Self.kind(directory + "/link2") == S_IFLNK)
    #expect(Reliability.listing(directory) == ["link", "link2", "models"])
    #expect(Reliability.listing(directory + "/models") == ["real.safetensors"])
    // A dangling link creates the file it names.
    try #require(symlink("models/new.bin", directory + "/dangling") == 0)
    #expect(AtomicFile.write([6], to: directory + "/dangling") == nil)
    #expect(Reliability.read(directory + "/models/new.bin") == [6])
    #expect(Self.kind(directory + "/dangling") == S_IFLNK)
    // A loop of links is an error, not a hang.
    try #require(symlink(directory + "/loop", directory + "/loop") == 0)
    #expect(AtomicFile.write([7], to: directory + "/loop") == "too many levels of symbolic links")
  }

  /// An existing file keeps its permission bits (a private file stays private); a new file gets
  /// 0666 less the umask, as any program's would.
  @Test(arguments: [0o600, 0o640, 0o755] as [mode_t])
  func anExistingFileKeepsItsMode(_ mode: mode_t) throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/net.safetensors"
    Reliability.write([0], to: path)
    try #require(chmod(path, mode) == 0)
    let run = RuntimeHarness.run(
      Reliability.netSource + "\nsave(net, \(Reliability.literal(path)))")
    #expect(run.outcome.succeeded, "\(run.rendered)")
    #expect(Self.mode(path) == mode)
    #expect((Reliability.read(path)?.count ?? 0) > 1)
  }

  @Test func aNewFileHonoursTheUmask() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    #expect(AtomicFile.write([1], to: directory + "/new") == nil)
    let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("Umask:") })
    let umask = try #require(
      mode_t(line.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8))
    #expect(Self.mode(directory + "/new") == 0o666 & ~umask)
  }

  /// The input of an export is never overwritten, under its own name or another.
  @Test func theInputFileIsSpared() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let input = directory + "/lesson.grad"
    Reliability.write(Array("x = 1\n".utf8), to: input)
    try #require(link(input, directory + "/alias.grad") == 0)
    for target in [input, directory + "/alias.grad", directory + "/./lesson.grad"] {
      #expect(
        AtomicFile.write([0], to: target, sparing: input)
          == "it is the input file `\(input)`; choose another name for the output")
      #expect(AtomicFile.refusal(toWrite: target, sparing: input) != nil)
    }
    #expect(Reliability.read(input) == Array("x = 1\n".utf8))
    #expect(AtomicFile.refusal(toWrite: directory + "/lesson.html", sparing: input) == nil)
  }

  /// Reads refuse what never ends or is not a file, and cap what they take.
  @Test func readsRefuseDevicesFoldersAndHugeFiles() throws {
    #expect(FileBytes.load("/dev/zero") == .failure(.notRegular("/dev/zero")))
    #expect(FileBytes.load("/dev/zero", allowingPipes: true) == .failure(.notRegular("/dev/zero")))
    #expect(FileBytes.load("/tmp") == .failure(.folder("/tmp")))
    #expect(FileBytes.load("/nonexistent/x") == .failure(.missing("/nonexistent/x")))
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    // A sparse file one byte over the cap: refused from its size, nothing read.
    let huge = directory + "/huge.grad"
    Reliability.write([], to: huge)
    try #require(truncate(huge, off_t(FileBytes.textLimit + 1)) == 0)
    let problem = FileBytes.Problem.tooLarge(huge, limit: FileBytes.textLimit)
    #expect(FileBytes.load(huge) == .failure(problem))
    #expect(
      problem.description
        == "cannot read \(huge): it is larger than 64 MiB, the most Gradus reads from one file")
    // Small caps apply to what is read, too.
    Reliability.write([UInt8](repeating: 65, count: 100), to: directory + "/small")
    #expect(
      FileBytes.load(directory + "/small", limit: 99)
        == .failure(.tooLarge(directory + "/small", limit: 99)))
    #expect(try FileBytes.load(directory + "/small", limit: 100).get().count == 100)
    // A FIFO with no writer: refused without opening (or, where pipes are allowed, read as
    // empty at once rather than waiting for a writer).
    let fifo = directory + "/fifo"
    try #require(mkfifo(fifo, 0o600) == 0)
    #expect(FileBytes.load(fifo) == .failure(.notRegular(fifo)))
    #expect(try FileBytes.load(fifo, allowingPipes: true).get() == [])
  }

  @Test func loadCSVNamesTheProblem() {
    let run = RuntimeHarness.run("load_csv(\"/dev/zero\")")
    #expect(run.diagnostic?.message == "cannot read `/dev/zero`")
    #expect(run.diagnostic?.help == "it is not a regular file (a device, pipe or socket)")
  }

  /// Control characters from a program never reach a terminal raw.
  @Test func controlCharactersAreShownAsEscapes() {
    #expect(TerminalText.visible("plain θ\ttab\nline") == "plain θ\ttab\nline")
    #expect(TerminalText.visible("\u{1b}[2J") == "\\u{1b}[2J")
    #expect(
      TerminalText.visible("a\rb\u{7}\u{0}\u{7f}\u{9b}c") == "a\\u{d}b\\u{7}\\u{0}\\u{7f}\\u{9b}c")
  }
}
