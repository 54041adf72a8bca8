import Foundation
import Testing

/// `gradus export` and pictures under `gradus run`, through the built binary. Skipped when the
/// binary has not been built (`swift build` builds it beside the test bundle).
@Suite(.enabled(if: GradusBinary.path != nil, "gradus is not built"))
struct ExportCommandTests {
  /// Runs `gradus ARGS` in `directory` with output to files; returns status, stdout, stderr.
  /// `settings` are added to the environment (an empty value removes the variable).
  static func gradus(
    _ arguments: [String], in directory: URL, settings: [String: String] = [:]
  ) throws -> (Int32, String, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: GradusBinary.path!)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    // English whatever the machine's locale says; tests of Chinese set it.
    environment["GRADUS_LANG"] = "en"
    for (name, value) in settings { environment[name] = value.isEmpty ? nil : value }
    process.environment = environment
    let out = directory.appendingPathComponent(".stdout")
    let err = directory.appendingPathComponent(".stderr")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return (
      process.terminationStatus, try String(contentsOf: out, encoding: .utf8),
      try String(contentsOf: err, encoding: .utf8)
    )
  }

  static func lesson(_ text: String, named name: String) throws -> URL {
    let directory = try ExportFixtures.temporaryDirectory()
    try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    return directory
  }

  @Test func exportsHTMLBesideItsInputAndSaysWhereOnStderr() throws {
    let directory = try Self.lesson(ExportFixtures.pictures, named: "pictures.grad")
    let folder = directory.appendingPathComponent("in")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try FileManager.default.moveItem(
      at: directory.appendingPathComponent("pictures.grad"),
      to: folder.appendingPathComponent("pictures.grad"))
    let (status, out, err) = try Self.gradus(
      ["export", "in/pictures.grad", "--to", "html", "--seed", "5"], in: directory)
    #expect(status == 0, "\(err)")
    #expect(out.isEmpty)
    #expect(err == "wrote in/pictures.html (5 pictures)\n")
    let html = try String(
      contentsOf: folder.appendingPathComponent("pictures.html"), encoding: .utf8)
    #expect(html.contains("with random seed 5."))
    #expect(ExportTests.count("<svg", in: html) == 5)
  }

  @Test func exportsMarkdownWithItsPictureFiles() throws {
    let directory = try Self.lesson(ExportFixtures.pictures, named: "pictures.grad")
    let (status, _, err) = try Self.gradus(
      ["export", "pictures.grad", "--to", "md", "-o", "doc/notes.md"], in: directory)
    #expect(status != 0, "the folder doc/ does not exist")
    #expect(err.contains("error: cannot"))
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("doc"), withIntermediateDirectories: true)
    let (again, _, _) = try Self.gradus(
      ["export", "pictures.grad", "--to", "md", "-o", "doc/notes.md"], in: directory)
    #expect(again == 0)
    let markdown = try String(
      contentsOf: directory.appendingPathComponent("doc/notes.md"), encoding: .utf8)
    #expect(markdown.contains("![Figure 1: loss](notes_files/fig1.svg)"))
    for n in 1...5 {
      #expect(
        FileManager.default.fileExists(
          atPath: directory.appendingPathComponent("doc/notes_files/fig\(n).svg").path))
    }
  }

  @Test func aFailingCellIsInTheDocumentAndTheStatus() throws {
    let directory = try Self.lesson(ExportFixtures.failing, named: "broken.grad")
    let (status, _, err) = try Self.gradus(
      ["export", "broken.grad", "--to", "html"], in: directory)
    #expect(status == 1)
    #expect(err.contains("cannot multiply [2] by [1, 3]"))
    let html = try String(
      contentsOf: directory.appendingPathComponent("broken.html"), encoding: .utf8)
    #expect(html.contains("Not run: an earlier cell failed."))
  }

  @Test func syntaxErrorsWriteNoDocument() throws {
    let directory = try Self.lesson("x = (1 +\n", named: "bad.grad")
    let (status, _, err) = try Self.gradus(["export", "bad.grad", "--to", "html"], in: directory)
    #expect(status == 1)
    #expect(err.contains("error:"))
    #expect(
      !FileManager.default.fileExists(atPath: directory.appendingPathComponent("bad.html").path))
    let (missing, _, _) = try Self.gradus(["export", "nope.grad", "--to", "md"], in: directory)
    #expect(missing == 2)
  }

  /// `gradus lesson N --width W` on a pipe prints the whole lesson, no prompts, no escape
  /// codes: the same text as the reader golden at that width.
  @Test func aLessonOnAPipeIsItsReaderGolden() throws {
    let directory = try ExportFixtures.temporaryDirectory()
    let (status, out, err) = try Self.gradus(
      ["lesson", "11", "--width", "60"], in: directory,
      settings: ["GRADUS_LESSONS": Lessons.directory.path, "COLUMNS": "", "NO_COLOR": ""])
    #expect(status == 0, "\(err)")
    let golden = try String(
      contentsOf: Lessons.goldens.appendingPathComponent("Reader/11-attention.60.txt"),
      encoding: .utf8)
    #expect(LessonGoldenTests.firstDifference(expected: golden, actual: out) == nil)
    #expect(!out.contains("\u{1B}") && !out.contains("[cell "))
  }

  /// Output to a file (not a terminal) draws pictures in plain ASCII.
  @Test func picturesInAPipeArePlainASCII() throws {
    let directory = try Self.lesson(
      "plot([1, 4, 9, 16], title: \"squares\")\nheatmap([[1, 0], [0, 1]])\n", named: "p.grad")
    let (status, out, _) = try Self.gradus(["run", "p.grad"], in: directory)
    #expect(status == 0)
    #expect(out.hasPrefix("squares\n"))
    #expect(out.contains("+--"))
    #expect(out.unicodeScalars.allSatisfy { $0.isASCII && $0 != "\u{1B}" })
  }
}

enum GradusBinary {
  /// `gradus` beside this test bundle (the same build), else `.build/debug/gradus`.
  static let path: String? = {
    var candidates = [String]()
    if let me = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      candidates.append(
        URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("gradus").path)
    }
    let root = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent()
    candidates.append(root.appendingPathComponent(".build/debug/gradus").path)
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()
}
