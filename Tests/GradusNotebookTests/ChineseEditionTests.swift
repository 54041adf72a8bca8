import Foundation
import GradusLanguage
import GradusRuntime
import GradusText
import Testing

@testable import GradusNotebook

/// The Chinese edition (issue #17): every lesson has a file of the same name in `lessons/zh/`
/// whose code is the English lesson's, so it prints exactly the same; only the prose is
/// Chinese, written in one house style and laid out by the Chinese line-breaking rules.
@Suite("Chinese edition")
struct ChineseEditionTests {
  /// Lessons with no Chinese edition yet, on purpose, so that the gap is visible here and
  /// nowhere else. Lessons 15–21 were being written while the Chinese edition was made;
  /// each needs `scripts/sync-zh-code --new NAME`, its prose translated, and its name
  /// removed from this list.
  static let untranslated: Set<String> = []

  static let directory = Lessons.directory.appendingPathComponent("zh")

  /// The lessons that have a Chinese edition.
  static let translated: [String] = Lessons.names.filter {
    FileManager.default.fileExists(
      atPath: directory.appendingPathComponent($0 + ".grad").path)
  }

  static func text(_ name: String, chinese: Bool) throws -> String {
    let folder = chinese ? directory : Lessons.directory
    return try String(
      contentsOf: folder.appendingPathComponent(name + ".grad"), encoding: .utf8)
  }

  /// A file's cells: the code of each code cell as written, and the Markdown of its prose.
  static func cells(_ text: String, name: String) -> (code: [String], prose: [String]) {
    let source = SourceFile(name: name, text: text)
    var code: [String] = []
    var prose: [String] = []
    for cell in Parser.parse(source).program.cells {
      switch cell {
      case .code(_, let span): code.append(source.text(of: span))
      case .prose(let markdown, _): prose.append(markdown)
      }
    }
    return (code, prose)
  }

  @Test func everyLessonHasItsChineseEditionOrIsListedAsUntranslated() {
    for name in Lessons.names where !Self.untranslated.contains(name) {
      #expect(
        Self.translated.contains(name),
        "lessons/zh/\(name).grad is missing: translate it (scripts/sync-zh-code --new \(name))")
    }
    for name in Self.untranslated {
      #expect(!Self.translated.contains(name), "\(name) is translated: take it off the list")
    }
    let strays = ((try? FileManager.default.contentsOfDirectory(atPath: Self.directory.path)) ?? [])
      .filter { $0.hasSuffix(".grad") && !Lessons.names.contains(String($0.dropLast(5))) }
    #expect(strays.isEmpty, "Chinese lessons without an English lesson: \(strays)")
  }

  /// The code cells, in order, are the English lesson's, character for character
  /// (`scripts/sync-zh-code` copies them over when the English code changes).
  @Test(arguments: translated)
  func codeCellsEqualTheEnglishLesson(name: String) throws {
    let english = Self.cells(try Self.text(name, chinese: false), name: name)
    let chinese = Self.cells(try Self.text(name, chinese: true), name: name)
    #expect(chinese.code.count == english.code.count, "\(name): number of code cells")
    for (index, (mine, theirs)) in zip(chinese.code, english.code).enumerated() {
      #expect(mine == theirs, "\(name): code cell \(index + 1) differs; run scripts/sync-zh-code")
    }
    #expect(chinese.prose.count == english.prose.count, "\(name): number of prose cells")
  }

  /// `gradus run lessons/zh/NAME.grad` prints the English lesson's golden transcript.
  @Test(arguments: translated)
  func runPrintsWhatTheEnglishLessonPrints(name: String) throws {
    let source = SourceFile(
      name: "lessons/zh/\(name).grad", text: try Self.text(name, chinese: true))
    let sink = LessonSink()
    var succeeded = false
    LargeStack.run {
      guard let interpreter = try? Interpreter(output: sink) else { return }
      interpreter.fileDirectory = Lessons.directory.path
      succeeded = Pipeline.run(source, in: interpreter).succeeded
    }
    #expect(succeeded, "\(name) failed")
    let golden = try String(
      contentsOf: Lessons.goldens.appendingPathComponent(name + ".out"), encoding: .utf8)
    if let difference = LessonGoldenTests.firstDifference(expected: golden, actual: sink.text) {
      Issue.record("lessons/zh/\(name).grad prints differently\n\(difference)")
    }
  }

  /// The prose is Chinese: outside code spans and formulas, at least 80 % of what it says is
  /// Chinese characters. A Latin word (`tanh`, `x1`, `PyTorch`: a letter, then letters or
  /// digits) counts once, as one Chinese character does: the names and plain-text formulas of
  /// a technical text (`z = w1·x1 + b`) would otherwise outweigh its sentences letter by letter.
  /// Numbers count for neither.
  @Test(arguments: translated)
  func proseIsMostlyChinese(name: String) throws {
    let prose = Self.cells(try Self.text(name, chinese: true), name: name).prose
      .joined(separator: "\n")
    var han = 0
    var latinWords = 0
    var inWord = false
    for character in Self.withoutCodeAndMath(prose) {
      let letter = !Self.isHan(character) && character.isLetter
      if Self.isHan(character) { han += 1 }
      if letter && !inWord { latinWords += 1 }
      inWord = letter || (inWord && (character.isNumber || character == "_"))
    }
    let share = Double(han) / Double(max(1, han + latinWords))
    #expect(share >= 0.8, "\(name): \(Int(share * 100)) % of the prose is Chinese")
  }

  /// The house style: no space between two Chinese characters, one space between a Chinese
  /// character and a Latin letter, digit or code span (either side), and Chinese punctuation
  /// after Chinese text (`，` not `,`).
  @Test(arguments: translated)
  func proseKeepsTheHouseStyle(name: String) throws {
    let prose = Self.cells(try Self.text(name, chinese: true), name: name).prose
    for paragraph in prose {
      for line in paragraph.split(separator: "\n") {
        let characters = Array(line)
        for i in characters.indices.dropFirst() {
          let (before, after) = (characters[i - 1], characters[i])
          let pair = "\(before)\(after)"
          if Self.isHan(before) && Self.isLatinOrCode(after)
            || Self.isLatinOrCode(before) && Self.isHan(after)
          {
            Issue.record("\(name): no space in “\(pair)”: \(line)")
          }
          if Self.isHan(before) && ",.;:?!".contains(after)
            && (i + 1 == characters.count || characters[i + 1] == " ")
          {
            Issue.record("\(name): ASCII punctuation after Chinese in “\(pair)”: \(line)")
          }
          if i >= 2, after != " ", before == " ", Self.isHan(characters[i - 2]), Self.isHan(after) {
            Issue.record("\(name): a space between Chinese characters: \(line)")
          }
        }
      }
    }
  }

  /// Full-width punctuation carries its own space: rendered (lines joined, nothing wrapped), no
  /// space stands before or after `，。：；、？！（）「」` or the dash `——`. A source line break between such a
  /// mark and a Latin letter would become one (CSS Text 3 keeps a break as a space unless both
  /// sides are wide), so the translation breaks its lines elsewhere.
  @Test(arguments: translated)
  func noSpaceBesideFullWidthPunctuation(name: String) throws {
    let prose = Self.cells(try Self.text(name, chinese: true), name: name).prose
    Self.checkPunctuationSpacing(prose, name)
  }

  static func checkPunctuationSpacing(_ markdown: [String], _ name: String) {
    let marks: Set<Character> = ["，", "。", "：", "；", "、", "？", "！", "（", "）", "「", "」", "—"]
    let renderer = TerminalProse(columns: 10_000, styled: false)
    for rendered in markdown.map(renderer.render) {
      // Tables pad their cells and display formulas (indented) space their symbols.
      for line in rendered.split(separator: "\n")
      where !line.contains("│") && !line.hasPrefix("    ") {
        let characters = Array(line.drop { $0 == " " })
        for i in characters.indices.dropFirst()
        where characters[i - 1] == " " || characters[i] == " " {
          let pair = (characters[i - 1], characters[i])
          if marks.contains(pair.0) || marks.contains(pair.1) {
            Issue.record("\(name): a space beside full-width punctuation: \(line)")
            break
          }
        }
      }
    }
  }

  /// `gradus lesson N --lang zh --width W` on a pipe: no prose line wider than W columns, none
  /// starting with closing or ending with opening punctuation, no raw Markdown or TeX.
  @Test(arguments: translated)
  func laysOutByTheChineseRules(name: String) throws {
    let prose = Self.cells(try Self.text(name, chinese: true), name: name).prose
    for width in [40, 60, 80] {
      for markdown in prose {
        ReaderGoldenTests.checkLayout(
          TerminalProse(columns: width, styled: false).render(markdown), width, "zh/" + name)
      }
    }
  }

  /// The catalog in Chinese picks each lesson's edition in `lessons/zh/` and its Chinese
  /// title and first sentence; lessons without one stay English.
  @Test func theCatalogPicksTheChineseFiles() throws {
    let lessons = LessonCatalog.load(Lessons.directory.path, language: .chinese)
    #expect(lessons.map(\.name) == Lessons.names)
    for lesson in lessons {
      #expect(lesson.language == .chinese)
      if Self.translated.contains(lesson.name) {
        #expect(lesson.path.hasSuffix("/zh/\(lesson.name).grad"))
        #expect(lesson.title.contains(where: Self.isHan), "\(lesson.name): \(lesson.title)")
        #expect(lesson.summary.hasSuffix("。"), "\(lesson.name): \(lesson.summary)")
      } else {
        #expect(!lesson.path.contains("/zh/"))
      }
    }
    let english = LessonCatalog.load(Lessons.directory.path)
    #expect(english.allSatisfy { !$0.path.contains("/zh/") && $0.language == .english })
  }

  // MARK: - Helpers

  static func isHan(_ character: Character) -> Bool {
    guard let scalar = character.unicodeScalars.first else { return false }
    return (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
  }

  static func isLatinOrCode(_ character: Character) -> Bool {
    character.isASCII && (character.isLetter || character.isNumber || character == "`")
  }

  /// Prose without its code spans, `$…$` formulas and `**` markers.
  static func withoutCodeAndMath(_ prose: String) -> String {
    var result = ""
    var inCode = false
    var inMath = false
    for character in prose {
      if character == "`" && !inMath {
        inCode.toggle()
      } else if character == "$" && !inCode {
        inMath.toggle()
      } else if !inCode && !inMath {
        result.append(character)
      }
    }
    return result
  }
}
