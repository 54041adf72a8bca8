import Foundation
import GradusLanguage
import GradusRuntime
import Testing

@testable import GradusNotebook

/// The exercises' Chinese edition: `statement.zh.md` and `hints.zh.md` beside the English
/// files, and `feedback.zh.md` translating every sentence the one `check.grad` says, so both
/// languages run the same check.
@Suite("Chinese exercises")
struct ChineseExerciseTests {
  /// Exercises with no Chinese edition yet, on purpose and visibly (none today). An exercise
  /// added without one fails `everyExerciseHasItsChineseEdition` until it is translated or
  /// listed here.
  static let untranslated: Set<String> = []

  static let chinese = ExerciseCatalog(
    directory: Lessons.root.appendingPathComponent("exercises").path, language: .chinese)

  static var ids: [String] { chinese.exercises.map(\.id) }

  /// What a check says to the learner: its `cell:` names, the messages of its `mistakes:`
  /// pairs and the message of each `expect_true`, read from its tokens.
  static func sentences(of check: String) -> [String] {
    let tokens = Lexer.tokenize(SourceFile(name: "check.grad", text: check)).tokens
    var found: [String] = []
    func add(_ text: String) { if !found.contains(text) { found.append(text) } }
    var i = 0
    while i < tokens.count {
      let token = tokens[i]
      let next = i + 1 < tokens.count ? tokens[i + 1] : nil
      if token.kind == .identifier, token.text == "cell", next?.kind == .colon,
        i + 2 < tokens.count, tokens[i + 2].kind == .string
      {
        add(tokens[i + 2].text)
      } else if token.kind == .identifier, token.text == "mistakes", next?.kind == .colon {
        // [[expression, message], …]: the second string of each inner pair.
        var depth = 0
        var position = 0
        var j = i + 2
        repeat {
          switch tokens[j].kind {
          case .leftBracket:
            depth += 1
            position = 0
          case .rightBracket: depth -= 1
          case .string where depth == 2:
            if position == 1 { add(tokens[j].text) }
            position += 1
          default: break
          }
          j += 1
        } while depth > 0 && j < tokens.count
        i = j
        continue
      } else if token.kind == .identifier, token.text == "expect_true", next?.kind == .leftParen {
        let strings = tokens[(i + 2)...].prefix { $0.kind != .rightParen }.filter {
          $0.kind == .string
        }
        if strings.count >= 2 { add(strings[strings.startIndex + 1].text) }
      }
      i += 1
    }
    return found
  }

  @Test func everyExerciseHasItsChineseEdition() {
    #expect(Self.ids.count >= 46)
    for exercise in Self.chinese.exercises where !Self.untranslated.contains(exercise.id) {
      for file in ["statement.zh.md", "hints.zh.md", "feedback.zh.md"] {
        #expect(
          FileManager.default.fileExists(atPath: exercise.directory + "/" + file),
          "\(exercise.id): \(file) is missing")
      }
    }
  }

  /// Title, statement and hints are Chinese; as many hints as in English, given in order.
  @Test(arguments: ids)
  func statementAndHintsAreChinese(id: String) throws {
    guard !Self.untranslated.contains(id) else { return }
    let exercise = try #require(Self.chinese.find(id))
    let english = exercise.reading(in: .english)
    #expect(exercise.title.contains(where: ChineseEditionTests.isHan), "\(id): \(exercise.title)")
    #expect(exercise.statement != english.statement)
    #expect(exercise.hints.count == english.hints.count, "\(id): hints")
    for (hint, englishHint) in zip(exercise.hints, english.hints) {
      #expect(hint != englishHint, "\(id): a hint is not translated: \(hint)")
    }
    ChineseEditionTests.checkPunctuationSpacing([exercise.statement] + exercise.hints, id)
    let prose = ([exercise.statement] + exercise.hints).joined(separator: "\n")
    #expect(prose.contains(where: ChineseEditionTests.isHan))
    for line in prose.split(separator: "\n") {
      let characters = Array(line)
      for i in characters.indices.dropFirst() {
        let (before, after) = (characters[i - 1], characters[i])
        #expect(
          !(ChineseEditionTests.isHan(before) && ChineseEditionTests.isLatinOrCode(after)
            || ChineseEditionTests.isLatinOrCode(before) && ChineseEditionTests.isHan(after)),
          "\(id): no space in “\(before)\(after)”: \(line)")
      }
    }
  }

  /// Every sentence of the check has its translation, and the translation file holds nothing
  /// the check no longer says.
  @Test(arguments: ids)
  func feedbackTranslatesEverySentenceOfTheCheck(id: String) throws {
    guard !Self.untranslated.contains(id) else { return }
    let exercise = try #require(Self.chinese.find(id))
    let sentences = Self.sentences(of: exercise.check)
    #expect(!sentences.isEmpty, "\(id): found nothing to translate in check.grad")
    let feedback = exercise.feedback
    for sentence in sentences {
      let translation = feedback[sentence]
      #expect(translation != nil, "\(id): no translation of “\(sentence)” in feedback.zh.md")
      #expect(translation?.contains(where: ChineseEditionTests.isHan) ?? true)
    }
    for stale in feedback.keys where !sentences.contains(stale) {
      Issue.record("\(id): feedback.zh.md translates “\(stale)”, which check.grad does not say")
    }
  }

  /// The same check in both languages; the Chinese report names the mistake and the lesson
  /// cell in Chinese (the generic comparison line stays English, as diagnostics do).
  @Test func aChineseReportSpeaksChinese() throws {
    let exercise = try #require(Self.chinese.find("2.1"))
    let report = Exercises.check(
      exercise, exercise.solution.replacingOccurrences(of: "0.5 * mean", with: "mean"))
    #expect(!report.solved)
    let text = report.rendered()
    #expect(text.hasPrefix("练习 2.1「带 ½ 的 MSE」：还没有通过\n"), "\(text)")
    #expect(text.contains("这是期望值的 2 倍：你是不是漏掉了 MSE 里的 ½？"), "\(text)")
    #expect(text.contains("expected 0.2500, got 0.5000"), "\(text)")
    #expect(text.contains("第 2 课讲过这一点：「均方误差」（`gradus lesson 2`）"), "\(text)")
    let solved = Exercises.check(exercise, exercise.solution)
    #expect(solved.solved)
    #expect(solved.rendered().hasPrefix("练习 2.1「带 ½ 的 MSE」：已完成 ✓"))
  }

  /// "Your turn" at the end of a Chinese lesson lists the exercises by their Chinese titles.
  @Test func yourTurnIsChinese() throws {
    let turn = try #require(Self.chinese.yourTurn(after: "02-loss", in: .chinese))
    #expect(turn.hasPrefix("## 轮到你了：3 道练习\n"))
    #expect(turn.contains("- **2.1** (编写) 带 ½ 的 MSE"))
  }
}
