import GradusRuntime

/// One exercise: a folder `exercises/03-backprop/3.1-predict-neuron-gradient/` holding
/// `statement.md`, `starter.grad`, `solution.grad`, `check.grad` and `hints.md`.
///
/// Its Chinese edition sits beside them: `statement.zh.md`, `hints.zh.md`, and `feedback.zh.md`,
/// which translates the sentences of `check.grad` (its `cell:` names and `mistakes:` messages)
/// so that both languages run the one check.
public struct Exercise: Sendable {
  /// What the learner does.
  public enum Kind: String, Sendable, CaseIterable {
    /// Compute a number before running anything.
    case predict
    /// Write code from a starter.
    case write
    /// Find and fix a bug in the starter.
    case fix
    /// Run experiments; the check confirms what the learner observed.
    case explore
  }

  /// `3.1`: lesson 3, exercise 1.
  public let id: String
  public let lessonNumber: Int
  /// The lesson's file name without `.grad`: `03-backprop`.
  public let lessonName: String
  public let kind: Kind
  /// `neuron-gradient`: the folder name after the id and kind.
  public let slug: String
  public let directory: String
  /// The language of the statement, hints and feedback: each is read from its edition in this
  /// language (`statement.zh.md`) where there is one, else in English.
  public var language: Language = .english

  /// This exercise read in `language`.
  public func reading(in language: Language) -> Exercise {
    var copy = self
    copy.language = language
    return copy
  }

  /// `statement.md`, or `statement.zh.md` in Chinese.
  func edition(_ base: String, _ suffix: String) -> String {
    directory + "/" + base + (language.folder.map { "." + $0 } ?? "") + suffix
  }

  /// The file in the exercise's language, or the English one when it has no edition.
  func text(_ base: String, _ suffix: String) -> String? {
    FileBytes.text(edition(base, suffix)) ?? FileBytes.text(directory + "/" + base + suffix)
  }

  public var statementPath: String { directory + "/statement.md" }
  public var starterPath: String { directory + "/starter.grad" }
  public var solutionPath: String { directory + "/solution.grad" }
  public var checkPath: String { directory + "/check.grad" }
  public var hintsPath: String { directory + "/hints.md" }

  /// The position within its lesson (1 for 3.1), for sorting.
  public var index: Int { Int(id.split(separator: ".").last ?? "") ?? 0 }

  public var statement: String { text("statement", ".md") ?? "" }
  public var starter: String { FileBytes.text(starterPath) ?? "" }
  public var solution: String { FileBytes.text(solutionPath) ?? "" }
  public var check: String { FileBytes.text(checkPath) ?? "" }

  /// The statement's first heading.
  public var title: String {
    let heading = statement.split(separator: "\n").first { $0.hasPrefix("#") }
    return heading.map { String($0.drop { $0 == "#" || $0 == " " }) } ?? slug
  }

  /// The hints, in order: `hints.md` holds them separated by lines of `---`.
  public var hints: [String] {
    let text = text("hints", ".md") ?? ""
    var result: [String] = []
    var current: [Substring] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.trimmingCharacters(in: " ") == "---" {
        result.append(current.joined(separator: "\n"))
        current = []
      } else {
        current.append(line)
      }
    }
    result.append(current.joined(separator: "\n"))
    return result.map { $0.trimmingCharacters(in: " \n") }.filter { !$0.isEmpty }
  }

  /// The translation of each sentence `check.grad` says (a `cell:` name, a mistake's message),
  /// English to this language, from `feedback.zh.md`: pairs of lines `en: …` and `zh: …`.
  /// Empty in English.
  public var feedback: [String: String] {
    guard let code = language.folder, let text = FileBytes.text(edition("feedback", ".md")) else {
      return [:]
    }
    var result: [String: String] = [:]
    var english: String?
    for line in text.split(separator: "\n") {
      if line.hasPrefix("en: ") {
        english = String(line.dropFirst(4))
      } else if line.hasPrefix(code + ": "), let key = english {
        result[key] = String(line.dropFirst(code.count + 2))
        english = nil
      }
    }
    return result
  }

  /// The file a learner works in inside their workspace: `3.1-neuron-gradient.grad`.
  public var workspaceFileName: String { "\(id)-\(slug).grad" }

  /// Reads an exercise folder named `3.1-predict-neuron-gradient`; nil for other names.
  init?(directory: String, folder: String, lessonName: String) {
    let parts = folder.split(separator: "-", maxSplits: 2).map(String.init)
    guard parts.count == 3, let kind = Kind(rawValue: parts[1]),
      let lesson = Int(parts[0].split(separator: ".").first ?? ""),
      parts[0].split(separator: ".").count == 2
    else { return nil }
    self.id = parts[0]
    self.lessonNumber = lesson
    self.lessonName = lessonName
    self.kind = kind
    self.slug = parts[2]
    self.directory = directory
  }
}

extension StringProtocol {
  /// Without the given characters at either end.
  func trimmingCharacters(in characters: String) -> String {
    let set = Set(characters)
    return String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
  }
}
