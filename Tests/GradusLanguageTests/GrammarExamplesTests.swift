import Foundation
import Testing

@testable import GradusLanguage

/// The documentation and the fixed-point programs must parse as written.
@Suite("Grammar examples")
struct GrammarExamplesTests {
  static let root = Support.repositoryRoot

  /// Every ```gradus block in grammar/*.md, as (file name, block number, code).
  static func markdownBlocks() -> [(String, Int, String)] {
    let folder = root + "/grammar"
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    var blocks: [(String, Int, String)] = []
    for file in files.sorted() where file.hasSuffix(".md") {
      guard let text = try? String(contentsOfFile: folder + "/" + file, encoding: .utf8) else {
        continue
      }
      var current: [String]?
      for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if current == nil, trimmed == "```gradus" {
          current = []
        } else if let lines = current, trimmed == "```" {
          blocks.append((file, blocks.count + 1, lines.joined(separator: "\n")))
          current = nil
        } else if current != nil {
          current?.append(String(line))
        }
      }
    }
    return blocks
  }

  @Test func referenceHasExamples() {
    #expect(FileManager.default.fileExists(atPath: Self.root + "/grammar/gradus.ebnf"))
    #expect(Self.markdownBlocks().count >= 15)
  }

  @Test func everyGradusBlockInTheGrammarFolderParses() {
    for (file, number, code) in Self.markdownBlocks() {
      let result = Parser.parse(text: code, name: "\(file) block \(number)")
      #expect(
        result.diagnostics.isEmpty,
        "\(file), gradus block \(number):\n\(Support.rendered(result))")
      #expect(!result.program.cells.isEmpty, "\(file), gradus block \(number) is empty")
    }
  }

  static let examplesFolder = root + "/../shared/design/examples"
  static let examplesExist = FileManager.default.fileExists(atPath: examplesFolder)

  @Test(
    .enabled(
      if: examplesExist, "skipped: the examples folder ../shared/design/examples is absent"))
  func sharedExamplesParseExactlyAsWritten() throws {
    let folder = Self.examplesFolder
    let files = try FileManager.default.contentsOfDirectory(atPath: folder)
    let programs = files.filter { $0.hasSuffix(".grad") }.sorted()
    #expect(!programs.isEmpty)
    for name in programs {
      let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
      let result = Parser.parse(text: text, name: name)
      #expect(result.diagnostics.isEmpty, "\(name):\n\(Support.rendered(result))")
      #expect(!result.program.statements.isEmpty, "\(name) has no statements")
    }
  }

  @Test(
    .enabled(
      if: examplesExist, "skipped: the examples folder ../shared/design/examples is absent"))
  func theModelExampleHasTheExpectedShape() throws {
    let text = try String(
      contentsOfFile: Self.examplesFolder + "/07-model.grad", encoding: .utf8)
    let statements = Parser.parse(text: text).program.statements
    guard case .model(let model) = statements.first?.kind else {
      Issue.record("07-model.grad should start with a model")
      return
    }
    #expect(model.name.name == "Net")
    #expect(model.parameters.map(\.name.name) == ["n_in", "n_hidden", "n_out"])
    #expect(model.methods.map(\.name.name) == ["forward"])
  }
}
