import Foundation
import GradusText
import Testing

@testable import GradusNotebook

/// Choosing Chinese or English: `--lang` first, then `GRADUS_LANG`, then the locale
/// (`LC_ALL` over `LC_MESSAGES` over `LANG`, `zh_*` meaning Chinese).
@Suite("Language selection")
struct LanguageSelectionTests {
  static func language(_ environment: [String: String]) -> Language {
    Language.fromEnvironment { environment[$0] }
  }

  @Test func theEnvironmentDecidesInPOSIXOrder() {
    #expect(Self.language([:]) == .english)
    #expect(Self.language(["LANG": "zh_CN.UTF-8"]) == .chinese)
    #expect(Self.language(["LANG": "zh_TW.UTF-8"]) == .chinese)
    #expect(Self.language(["LANG": "en_US.UTF-8"]) == .english)
    #expect(Self.language(["LANG": "C.UTF-8"]) == .english)
    #expect(Self.language(["LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"]) == .english)
    #expect(Self.language(["LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"]) == .chinese)
    #expect(Self.language(["LC_MESSAGES": "zh_CN.UTF-8", "LC_ALL": "C"]) == .english)
    #expect(Self.language(["LC_ALL": "zh_CN.UTF-8", "LANG": "C"]) == .chinese)
    // An empty variable counts as unset, as in POSIX.
    #expect(Self.language(["LC_ALL": "", "LANG": "zh_CN.UTF-8"]) == .chinese)
    // GRADUS_LANG comes before the locale; a value naming neither language is ignored.
    #expect(Self.language(["GRADUS_LANG": "zh", "LC_ALL": "C"]) == .chinese)
    #expect(Self.language(["GRADUS_LANG": "en", "LANG": "zh_CN.UTF-8"]) == .english)
    #expect(Self.language(["GRADUS_LANG": "klingon", "LANG": "zh_CN.UTF-8"]) == .chinese)
    #expect(Language.resolve(.english) == .english)
  }

  @Test func theReaderSpeaksTheChosenLanguage() {
    let chinese = Localized(.chinese)
    let english = Localized(.english)
    #expect(english.keyPrompt.hasPrefix("Enter: next"))
    #expect(chinese.keyPrompt.hasPrefix("回车：下一个"))
    #expect(
      StepPosition(cell: 7, total: 13, title: "第 11 课：注意力机制", replayed: true, language: .chinese)
        .line == "单元格 7/13 · 第 11 课：注意力机制 · 当时的输出（r 重新运行）")
    #expect(
      StepPosition(cell: 7, total: 13, title: "Lesson 11 — Attention", replayed: false).line
        == "cell 7 of 13 · Lesson 11 — Attention")
    #expect(chinese.helpKeys.contains("错误信息和诊断目前只有英文"))
    // The key help keeps its second column aligned in display columns.
    for help in [chinese.keyHelp, english.keyHelp] {
      for line in help.split(separator: "\n") {
        // The description starts after the first run of two or more spaces.
        guard let gap = line.range(of: "  ") else {
          Issue.record("no gap: \(line)")
          continue
        }
        let description = line[gap.lowerBound...].drop { $0 == " " }
        let display = DisplayWidth(ambiguousIsWide: false)
        #expect(display.columns(line[..<description.startIndex]) == 14, "\(line)")
      }
    }
  }

  /// Every REPL command has its Chinese summary in the table.
  @Test func everyCommandSummaryIsTranslated() {
    #expect(Localized.chineseCommandSummaries.count >= 23)
    #expect(Localized.chineseCommandSummaries["lang"] != nil)
  }
}

/// The command line: `--lang`, `GRADUS_LANG` and `LANG` choose the edition that `gradus
/// lessons`, `gradus lesson` and `gradus export` show.
@Suite(.enabled(if: GradusBinary.path != nil, "gradus is not built"))
struct LanguageCommandLineTests {
  static func gradus(_ arguments: [String], _ settings: [String: String] = [:]) throws
    -> (Int32, String, String)
  {
    let directory = try ExportFixtures.temporaryDirectory()
    var all = ["GRADUS_LESSONS": Lessons.directory.path, "COLUMNS": "", "NO_COLOR": ""]
    all.merge(settings) { $1 }
    return try ExportCommandTests.gradus(arguments, in: directory, settings: all)
  }

  static let chineseTitle = "第 0 课：张量"
  static let englishTitle = "Lesson 0 — Tensors"

  @Test func lessonsListsChineseTitlesByFlagEnvironmentOrLocale() throws {
    for (arguments, settings) in [
      (["lessons", "--lang", "zh"], [String: String]()),
      (["lessons"], ["GRADUS_LANG": "zh"]),
      (["lessons"], ["GRADUS_LANG": "", "LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""]),
    ] {
      let (status, out, err) = try Self.gradus(arguments, settings)
      #expect(status == 0, "\(err)")
      #expect(out.contains(Self.chineseTitle), "\(arguments) \(settings)")
      #expect(out.contains("用 `gradus lesson 编号` 逐个单元格学习一课"))
    }
    for (arguments, settings) in [
      (["lessons"], [String: String]()),
      (["lessons", "--lang", "en"], ["GRADUS_LANG": "zh"]),
      (["lessons"], ["GRADUS_LANG": "", "LANG": "zh_CN.UTF-8", "LC_ALL": "C"]),
    ] {
      let (status, out, _) = try Self.gradus(arguments, settings)
      #expect(status == 0)
      #expect(out.contains(Self.englishTitle), "\(arguments) \(settings)")
      #expect(!out.contains(Self.chineseTitle))
    }
  }

  /// `gradus lesson 0 --lang zh --width W | cat`: the Chinese prose, every line of it within W
  /// columns and by the line-breaking rules; the code as in English.
  @Test(arguments: [40, 60, 80])
  func aChineseLessonOnAPipe(width: Int) throws {
    let (status, out, err) = try Self.gradus(["lesson", "0", "--lang", "zh", "--width", "\(width)"])
    #expect(status == 0, "\(err)")
    #expect(out.contains(Self.chineseTitle))
    #expect(out.contains("  │ s = 3.5\n"))
    let prose = out.split(separator: "\n\n").filter {
      $0.contains(where: ChineseEditionTests.isHan)
    }
    #expect(prose.count > 10)
    for paragraph in prose where !paragraph.contains("  │ ") {
      ReaderGoldenTests.checkLayout(String(paragraph), width, "zh/00 via gradus lesson")
    }
  }

  /// `gradus exercises` and `gradus exercise ID` in Chinese: titles, kinds, the statement.
  @Test func exercisesInChinese() throws {
    let directory = try ExportFixtures.temporaryDirectory()
    // Progress goes to a state folder of the test's own, not the user's.
    let exercises = [
      "GRADUS_EXERCISES": Lessons.root.appendingPathComponent("exercises").path,
      "XDG_STATE_HOME": directory.path,
    ]
    let (status, out, err) = try Self.gradus(["exercises", "--lang", "zh"], exercises)
    #expect(status == 0, "\(err)")
    #expect(out.contains("  2.1  编写     带 ½ 的 MSE\n"), "\(out)")
    #expect(out.contains("用 `gradus exercise 编号` 开始一道练习"))
    let (started, statement, problem) = try ExportCommandTests.gradus(
      ["exercise", "3.1", "--workspace", directory.path],
      in: directory, settings: exercises.merging(["GRADUS_LANG": "zh"]) { $1 })
    #expect(started == 0, "\(problem)")
    #expect(statement.contains("预测一个神经元的梯度"), "\(statement)")
    #expect(statement.contains("运行之前，先用链式法则算出"))
    let starter = try String(
      contentsOf: directory.appendingPathComponent("3.1-neuron-gradient.grad"), encoding: .utf8)
    #expect(starter.hasPrefix("# 练习 3.1：预测一个神经元的梯度\n# 检查：gradus exercise 3.1 --check "))
  }

  /// `gradus export lessons/N.grad --lang zh` exports `lessons/zh/N.grad` beside itself, as a
  /// Chinese page.
  @Test func exportPicksTheChineseEdition() throws {
    let directory = try ExportFixtures.temporaryDirectory()
    let zh = directory.appendingPathComponent("lessons/zh")
    try FileManager.default.createDirectory(at: zh, withIntermediateDirectories: true)
    for (from, to) in [
      (Lessons.directory, directory.appendingPathComponent("lessons")),
      (ChineseEditionTests.directory, zh),
    ] {
      try FileManager.default.copyItem(
        at: from.appendingPathComponent("00-tensors.grad"),
        to: to.appendingPathComponent("00-tensors.grad"))
    }
    let (status, _, err) = try ExportCommandTests.gradus(
      ["export", "lessons/00-tensors.grad", "--to", "html", "--lang", "zh"], in: directory)
    #expect(status == 0, "\(err)")
    #expect(err.contains("lessons/zh/00-tensors.html"))
    let html = try String(contentsOf: zh.appendingPathComponent("00-tensors.html"), encoding: .utf8)
    #expect(html.contains("lang=\"zh-Hans\""))
    #expect(html.contains("<title>\(Self.chineseTitle)</title>"))
    #expect(html.contains("Noto Sans CJK SC"))
    #expect(
      !FileManager.default.fileExists(
        atPath: directory.appendingPathComponent("lessons/00-tensors.html").path))
  }
}
