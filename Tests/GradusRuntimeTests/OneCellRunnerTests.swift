import Foundation
import Testing

/// Every front end runs and reports cells through `Pipeline`, the one cell runner. The
/// compiler holds half of it: `Interpreter.run` and `Interpreter.evaluate` are internal to
/// GradusRuntime. This test holds the rest over the source tree (read through #filePath):
/// nothing outside the runner parses code to run it, renders diagnostics itself or handles the
/// interrupt flag, and the REPL does not reach past the runtime into the engine.
@Suite("one cell runner")
struct OneCellRunnerTests {
  static let sources = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources")

  /// Every Swift file under Sources, by its path below Sources, with its text.
  static func swiftFiles() throws -> [(path: String, text: String)] {
    let root = sources.path
    guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
    var files: [(String, String)] = []
    for case let path as String in walker where path.hasSuffix(".swift") {
      files.append((path, try String(contentsOfFile: root + "/" + path, encoding: .utf8)))
    }
    return files.sorted { $0.0 < $1.0 }
  }

  /// Files outside GradusLanguage (which defines these) that use `pattern` as a whole name
  /// (`MarkdownParser.parse(` is not a use of `Parser.parse(`).
  static func users(of pattern: String) throws -> Set<String> {
    Set(
      try swiftFiles().filter { file in
        !file.path.hasPrefix("GradusLanguage/") && uses(pattern, in: file.text)
      }.map(\.path))
  }

  static func uses(_ pattern: String, in text: String) -> Bool {
    var rest = text[...]
    while let found = rest.range(of: pattern) {
      let before =
        found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
      if let before, before.isLetter || before.isNumber || before == "_" {
        rest = text[found.upperBound...]
        continue
      }
      return true
    }
    return false
  }

  @Test func theTreeIsFound() throws {
    let paths = try Self.swiftFiles().map(\.path)
    #expect(paths.contains("GradusRuntime/Pipeline.swift"))
    #expect(paths.count > 50)
  }

  /// Parsing Gradus to run it happens in the runner. The other parsers read code for what it
  /// says, not to run it, each for the reason given.
  @Test func onlyTheRunnerParsesCodeToRunIt() throws {
    let readers: [String: String] = [
      "GradusRuntime/Pipeline.swift": "the cell runner",
      "GradusRuntime/Interpreter/Interpreter.swift": "the prelude, loaded once per interpreter",
      "GradusRuntime/Builtins/Builtins+Checks.swift":
        "an exercise check's `expect(\"expr\")`, evaluated inside the check the runner runs",
      "GradusNotebook/LessonCatalog.swift": "a lesson's title for the list of lessons",
      "GradusREPL/Declarations.swift": "declarations and doc comments for `:help` and `:source`",
      "GradusREPL/SavedCells.swift": "the names a saved cell uses, for `:save`",
      "gradus-fuzz/main.swift": "the parser's own fuzz target",
    ]
    for pattern in ["Parser.parse(", "Parser.parseCell("] {
      for path in try Self.users(of: pattern) {
        #expect(
          readers[path] != nil,
          "\(path) calls \(pattern): run cells with Pipeline.run, or add the file here with why")
      }
    }
  }

  /// Diagnostics are rendered by the runner's `Outcome.rendered(style:session:)` (and by a
  /// runtime error's own description, for debugging), so an error reads the same everywhere.
  @Test func onlyTheRunnerRendersDiagnostics() throws {
    let renderers: Set = [
      "GradusRuntime/Pipeline+Outcome.swift", "GradusRuntime/Interpreter/RuntimeError.swift",
    ]
    let users = try Self.users(of: "DiagnosticRenderer(")
    #expect(users.isSubset(of: renderers), "\(users.subtracting(renderers).sorted())")
  }

  /// The runner lowers a stale Ctrl-C before each cell; no front end does it on its own.
  @Test func onlyTheRunnerClearsTheInterruptFlag() throws {
    let users = try Self.users(of: "interrupt.clear()")
    #expect(users.allSatisfy { $0.hasPrefix("GradusRuntime/") }, "\(users.sorted())")
  }

  /// The REPL asks the runtime (`RuntimeQueries.swift`), never the engine.
  @Test func theREPLDoesNotImportTheEngine() throws {
    for (path, text) in try Self.swiftFiles() where path.hasPrefix("GradusREPL/") {
      #expect(!text.contains("import GradusTensor"), "\(path)")
      #expect(!text.contains("import GradusAutograd"), "\(path)")
    }
    let manifest = try String(
      contentsOf: Self.sources.deletingLastPathComponent().appendingPathComponent("Package.swift"),
      encoding: .utf8)
    let target = try #require(manifest.range(of: "name: \"GradusREPL\","))
    let dependencies = manifest[target.upperBound...].prefix { $0 != "]" }
    #expect(!dependencies.contains("GradusTensor"))
    #expect(!dependencies.contains("GradusAutograd"))
  }
}
