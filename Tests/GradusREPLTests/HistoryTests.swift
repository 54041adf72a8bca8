import Foundation
import Testing

@testable import GradusREPL

@Suite("REPL: history file")
struct HistoryTests {
  /// A history file in a fresh directory (nested, so creating it is tested too).
  static func file(capacity: Int = 10_000) -> (HistoryFile, URL, WarningLog) {
    let directory = Support.temporaryDirectory()
    let log = WarningLog()
    let path = directory.appendingPathComponent("state/gradus/history").path
    return (HistoryFile(path: path, capacity: capacity) { log.add($0) }, directory, log)
  }

  final class WarningLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ text: String) { lock.withLock { items.append(text) } }
    var warnings: [String] { lock.withLock { items } }
  }

  @Test func linesAreAppendedAndReadBack() {
    let (history, directory, log) = Self.file()
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(history.load() == [])
    history.append("x = 1")
    history.append("θ = 0.5")
    history.append("")
    #expect(HistoryFile(path: history.path, warn: { _ in }).load() == ["x = 1", "θ = 0.5"])
    #expect(log.warnings.isEmpty)
  }

  @Test func aCellOfSeveralLinesIsOneEntry() throws {
    let (history, directory, _) = Self.file()
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(history.load() == [])  // makes the folder, as start-up does
    let cell = "for i in 1...2 {\n  print(\"a\\nb\", i)\n}"
    history.append(cell)
    history.append("y = 1")
    #expect(HistoryFile(path: history.path, warn: { _ in }).load() == [cell, "y = 1"])
    let text = try String(contentsOfFile: history.path, encoding: .utf8)
    #expect(text.split(separator: "\n").count == 2)
  }

  @Test func defaultPathFollowsXDGStateHome() {
    #expect(
      HistoryFile.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])
        == "/s/gradus/history")
    #expect(
      HistoryFile.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/gradus/history")
    // A relative XDG_STATE_HOME is invalid by the specification and ignored.
    #expect(
      HistoryFile.defaultPath(environment: ["XDG_STATE_HOME": "s", "HOME": "/h"])
        == "/h/.local/state/gradus/history")
    #expect(HistoryFile.defaultPath(environment: [:]) == nil)
  }

  /// QUALITY.md §8: two REPLs appending 1,000 lines each keep all 2,000.
  @Test func twoSessionsAppendingAtOnceLoseNoLine() async {
    let (history, directory, _) = Self.file()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = history.load()
    let path = history.path
    let count = 1_000
    // Long lines make a torn write visible if appends were not atomic.
    let padding = String(repeating: "#", count: 2_000)
    await withTaskGroup(of: Void.self) { group in
      for name in ["a", "b"] {
        group.addTask {
          // Each task is one REPL with its own view of the file.
          let session = HistoryFile(path: path, warn: { _ in })
          _ = session.load()
          for i in 0..<count { session.append("\(name)\(i) \(padding)") }
        }
      }
    }
    let lines = HistoryFile(path: path, warn: { _ in }).load()
    #expect(lines.count == 2 * count)
    #expect(Set(lines).count == 2 * count)
    #expect(lines.allSatisfy { $0.hasSuffix(padding) && $0.split(separator: " ").count == 2 })
  }

  @Test func anotherSessionsLinesAreNeverDropped() {
    let (mine, directory, _) = Self.file()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = mine.load()
    let theirs = HistoryFile(path: mine.path, warn: { _ in })
    _ = theirs.load()
    mine.append("mine 1")
    theirs.append("theirs 1")
    mine.append("mine 2")
    #expect(
      HistoryFile(path: mine.path, warn: { _ in }).load() == ["mine 1", "theirs 1", "mine 2"])
  }

  @Test func anUnreadableFileIsSetAsideWithOneWarning() throws {
    let (history, directory, log) = Self.file()
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = history.load()
    try Data([0x78, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: history.path))
    #expect(history.load() == [])
    #expect(log.warnings.count == 1)
    #expect(
      log.warnings[0].hasPrefix(
        "warning: the history file \(history.path) could not be read (it is not UTF-8 text)"))
    let parent = URL(fileURLWithPath: history.path).deletingLastPathComponent().path
    let files = try FileManager.default.contentsOfDirectory(atPath: parent)
    #expect(files.contains { $0.hasPrefix("history.unreadable-") })
    // A new history starts in its place.
    history.append("fresh")
    #expect(HistoryFile(path: history.path, warn: { _ in }).load() == ["fresh"])
  }

  @Test func aDirectoryInThePlaceOfTheFileIsSetAside() throws {
    let (history, directory, log) = Self.file()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(atPath: history.path, withIntermediateDirectories: true)
    #expect(history.load() == [])
    #expect(log.warnings.count == 1)
    history.append("after")
    #expect(HistoryFile(path: history.path, warn: { _ in }).load() == ["after"])
  }

  @Test func aLongFileIsTrimmedToItsNewestLines() throws {
    let (history, directory, _) = Self.file(capacity: 100)
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = history.load()
    for i in 0..<130 { history.append("line \(i)") }
    let loaded = history.load()
    #expect(loaded.count == 100)
    #expect(loaded.first == "line 30")
    #expect(HistoryFile(path: history.path, warn: { _ in }).load().count == 100)
    history.append("after trim")
    #expect(HistoryFile(path: history.path, warn: { _ in }).load().last == "after trim")
  }
}

@Suite("REPL: terminal details")
struct TerminalDetailTests {
  @Test(arguments: [
    ([0x61], UTF8Decoding.Result.complete("a")),
    ([0xCE], .needMore),
    ([0xCE, 0xB8], .complete("θ")),
    ([0xE4, 0xB8], .needMore),
    ([0xE4, 0xB8, 0xAD], .complete("中")),
    ([0xF0, 0x9F, 0x98, 0x80], .complete("😀")),
    ([0xFF], .invalid),
    ([0xC3, 0x41], .invalid),
    ([0x80], .invalid),
  ])
  func utf8Decoding(bytes: [UInt8], result: UTF8Decoding.Result) {
    #expect(UTF8Decoding.decode(bytes) == result)
  }

  @Test func promptsLineUpAndMarkColoursForLibedit() {
    let plain = ConsoleStyle(prompts: true, colors: false)
    #expect(plain.inPrompt(12) == "In [12]: ")
    #expect(plain.continuationPrompt(12) == "    ...: ")
    #expect(plain.outLabel(3) == "Out[3]:")
    let colored = ConsoleStyle(prompts: true, colors: true)
    let marked = colored.inPrompt(3, editorMarkers: true)
    // libedit drops a marked code at the very end and garbles two in a row.
    #expect(marked.hasSuffix(" "))
    #expect(!marked.contains("\u{1}\u{1}"))
    let visible = marked.split(separator: "\u{1}", omittingEmptySubsequences: false).enumerated()
      .filter { $0.offset % 2 == 0 }.map(\.element).joined()
    #expect(visible == "In [3]: ")
  }

  @Test func textLayout() {
    #expect(TextLayout.table([["a", "bb"], ["ccc", "d"]]) == "a    bb\nccc  d\n")
    #expect(TextLayout.columns(["a", "b", "c"], width: 6) == "a  c\nb\n")
    #expect("  x y \n".trimmingWhitespace() == "x y")
    #expect(":load  a b ".splitCommand() == (":load", "a b"))
    #expect("abcdef".clipped(to: 4) == "abc…")
  }
}

/// A history file that is a device or FIFO is not read (never ending, or blocking): one
/// warning, and the session goes on without the file.
@Suite("REPL: a history file that is not a file")
struct HistoryDeviceTests {
  @Test(arguments: ["/dev/zero", "fifo"])
  func aDeviceOrFIFOIsSkippedWithOneWarning(_ kind: String) throws {
    let directory = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("history").path
    if kind == "fifo" {
      try #require(mkfifo(path, 0o600) == 0)
    } else {
      try #require(symlink(kind, path) == 0)
    }
    let log = HistoryTests.WarningLog()
    let history = HistoryFile(path: path) { log.add($0) }
    let started = Date()
    #expect(history.load() == [])
    history.append("x = 1")
    history.append("y = 2")
    #expect(Date().timeIntervalSince(started) < 5)
    #expect(
      log.warnings == [
        "warning: the history file \(path) is not a regular file; history will not be saved in this session\n"
      ])
    // Left where it was: it is not ours to move.
    var info = stat()
    #expect(lstat(path, &info) == 0)
    #expect(info.st_mode & S_IFMT == (kind == "fifo" ? S_IFIFO : S_IFLNK))
  }
}
