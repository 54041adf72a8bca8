/// Every sentence Gradus itself says to a learner outside the lessons and exercises, in English
/// and Chinese side by side: the reader's keys, position line and notes, the lists of lessons
/// and exercises, the REPL's banner and `:help`. One table, so that a translator reads each
/// sentence beside the one it translates and a new sentence cannot be added to one language
/// only. Diagnostics (errors, warnings) stay in English and are not here.
///
/// Chinese house style, as in the lessons: full-width punctuation (，。：；（）「」), no space
/// between Chinese characters, one space between Chinese and Latin letters, digits or code.
public struct Localized: Sendable {
  public let language: Language

  public init(_ language: Language) { self.language = language }

  private func pick(_ english: String, _ chinese: String) -> String {
    language == .chinese ? chinese : english
  }

  // MARK: - The lesson reader

  /// The keys at a pause, under the position line.
  public var keyPrompt: String {
    pick(
      "Enter: next · b: back · r: run again · e: explore · q: quit · ?: keys ",
      "回车：下一个 · b：上一个 · r：重新运行 · e：探索 · q：退出 · ?：按键说明 ")
  }

  /// What each key does, shown by `?`; the second column starts at display column 14.
  public var keyHelp: String {
    pick(
      """
      Enter, Space  the next cell
      b             back: the cell before, with its output as it ran (nothing reruns)
      r             run this cell again
      e             explore the lesson's names in Gradus; `:continue` comes back
      q             quit; the lesson offers to continue here next time
      ?             this list
      """,
      """
      回车、空格    下一个单元格
      b             上一个单元格，显示它当时的输出（不重新运行）
      r             重新运行这个单元格
      e             用 Gradus 探索本课的变量；`:continue` 回到课程
      q             退出；下次打开本课时可以从这里继续
      ?             显示这份列表
      """)
  }

  /// `cell 7 of 13 · Lesson 11 — Attention`, shown at each pause.
  public func position(cell: Int, of total: Int, title: String, replayed: Bool) -> String {
    pick(
      "cell \(cell) of \(total) · \(title)" + (replayed ? " · as it ran (r reruns)" : ""),
      "单元格 \(cell)/\(total) · \(title)" + (replayed ? " · 当时的输出（r 重新运行）" : ""))
  }

  public var firstCell: String {
    pick("This is the first cell; Enter goes on.", "这已经是第一个单元格；按回车继续。")
  }

  public func rebuilding(upTo cell: Int) -> String {
    pick(
      "Running cells 1 to \(cell) again to rebuild the lesson's state…",
      "正在重新运行单元格 1 到 \(cell)，以恢复本课的状态……")
  }

  public func stoppedLastTime(_ title: String, at cell: Int, of total: Int) -> String {
    pick(
      "\(title): last time you stopped at cell \(cell) of \(total).",
      "「\(title)」：上次你停在单元格 \(cell)/\(total)。")
  }

  /// A lesson finished last time: said before it starts again (`on` is the date, if known).
  public func finishedLesson(on date: String?) -> String {
    pick(
      "You finished this lesson" + (date.map { " on " + $0 } ?? " before"),
      "你" + (date.map { "在 " + $0 + " " } ?? "之前") + "已经学完了这一课")
  }

  public var startingAgain: String { pick("; starting again from the top.", "；现在从头开始。") }

  /// Ends one sentence before another follows on the same line.
  public var sentenceEnd: String { pick(". ", "。") }

  public var resumeQuestion: String {
    pick(
      "Enter: continue there · s: start from the beginning · q: quit ",
      "回车：从那里继续 · s：从头开始 · q：退出 ")
  }

  public func endOfLastLesson(_ title: String) -> String {
    pick("End of \(title). That was the last lesson.", "「\(title)」结束。这是最后一课。")
  }

  public func endOfLesson(_ title: String, next: String) -> String {
    pick("End of \(title).\nNext: \(next).", "「\(title)」结束。\n下一课：\(next)。")
  }

  public var startNextQuestion: String {
    pick("Enter: start it · q: stop here ", "回车：开始下一课 · q：到此为止 ")
  }

  public var exploring: String {
    pick(
      "Exploring the lesson's state; `:continue` goes back to the lesson.",
      "正在探索本课的状态；输入 `:continue` 回到课程。")
  }

  public var onlyContinueWhileExploring: String {
    pick(
      "only `:continue` works here; it goes back to the lesson",
      "这里只能用 `:continue`，它回到课程")
  }

  public var backInSession: String {
    pick(
      "Back in your session; your names are as you left them.",
      "回到你的会话；你定义的变量都保持原样。")
  }

  // MARK: - Lists of lessons and exercises

  /// A lesson's progress in `gradus lessons`: `done`, or where the learner stopped.
  public func progress(_ entry: LessonProgress) -> String {
    entry.finished
      ? pick("done", "已学完")
      : pick(
        "stopped at cell \(entry.reached) of \(entry.total)",
        "停在单元格 \(entry.reached)/\(entry.total)")
  }

  public func exercisesSolved(_ solved: Int, of total: Int) -> String {
    pick("exercises \(solved)/\(total) solved", "练习完成 \(solved)/\(total)")
  }

  /// The line under `gradus lessons` (`command` is `gradus lesson` or `:lesson`).
  public func stepThroughOne(with command: String) -> String {
    let (open, close) = Self.quotes(command)
    return pick(
      "Step through one with \(open)\(command) NUMBER\(close) (e.g. \(open)\(command) 3\(close)).",
      "用 `\(command) 编号` 逐个单元格学习一课（例如 `\(command) 3`）。")
  }

  /// A shell command is quoted as code in English; a REPL `:command` is not.
  private static func quotes(_ command: String) -> (String, String) {
    command.hasPrefix(":") ? ("", "") : ("`", "`")
  }

  /// `predict`, `write`, `fix`, `explore` as the lists show them.
  public func kind(_ kind: Exercise.Kind) -> String {
    switch kind {
    case .predict: pick("predict", "预测")
    case .write: pick("write", "编写")
    case .fix: pick("fix", "修正")
    case .explore: pick("explore", "探索")
    }
  }

  public func status(_ status: ExerciseProgressStore.Status) -> String {
    switch status {
    case .started: pick("started", "已开始")
    case .solved: pick("solved", "已完成")
    }
  }

  public func solvedCount(_ solved: Int, of total: Int) -> String {
    pick("\(solved) of \(total) solved.", "已完成 \(solved)/\(total)。")
  }

  /// The line under `gradus exercises` (`command` is `gradus exercise` or `:exercise`).
  public func startOne(with command: String) -> String {
    let (open, close) = Self.quotes(command)
    return pick(
      "Start one with \(open)\(command) ID\(close) (e.g. \(open)\(command) 3.1\(close)).",
      "用 `\(command) 编号` 开始一道练习（例如 `\(command) 3.1`）。")
  }

  /// The heading of the "Your turn" section at the end of a lesson.
  public func yourTurn(_ count: Int) -> String {
    pick(
      "Your turn: \(count) exercise\(count == 1 ? "" : "s")", "轮到你了：\(count) 道练习")
  }

  public var howToStartAnExercise: String {
    pick(
      "Start one with `gradus exercise ID` in the shell or `:exercise ID` in the REPL.",
      "在终端里用 `gradus exercise 编号`，或在 REPL 里用 `:exercise 编号` 开始一道练习。")
  }

  // MARK: - Exercise reports

  public func exerciseHeading(_ id: String, _ title: String, solved: Bool) -> String {
    pick(
      "Exercise \(id), \(title): " + (solved ? "solved ✓" : "not yet"),
      "练习 \(id)「\(title)」：" + (solved ? "已完成 ✓" : "还没有通过"))
  }

  public func lessonTeaches(_ lesson: Int, cell: String) -> String {
    pick(
      "lesson \(lesson) teaches this: “\(cell)” (`gradus lesson \(lesson)`)",
      "第 \(lesson) 课讲过这一点：「\(cell)」（`gradus lesson \(lesson)`）")
  }

  // MARK: - Working on an exercise

  public func fileKept(_ path: String) -> String {
    pick(
      "Your file is already there (kept as it is): \(path)", "你的文件已经在那里了（保持原样）：\(path)")
  }

  /// The two comment lines at the top of the learner's file.
  public func starterHeader(_ id: String, _ title: String, _ path: String) -> String {
    pick(
      "# Exercise \(id): \(title)\n# Check: gradus exercise \(id) --check \(path)",
      "# 练习 \(id)：\(title)\n# 检查：gradus exercise \(id) --check \(path)")
  }

  public func wroteStarter(_ path: String) -> String {
    pick("Wrote the starter to \(path)", "起始代码已写入 \(path)")
  }

  public func checkIt(_ id: String, _ path: String) -> String {
    pick(
      "Check it with `gradus exercise \(id) --check \(path)` (or --watch to check on every save).",
      "用 `gradus exercise \(id) --check \(path)` 检查它（或者用 --watch，每次保存时都检查）。")
  }

  public func watching(_ path: String) -> String {
    pick(
      "Watching \(path); save it to check again, Ctrl-C to stop.",
      "正在监视 \(path)；保存文件就会再检查一次，Ctrl-C 停止。")
  }

  public var waitingForSave: String { pick("Waiting for the next save…", "等待下一次保存……") }

  public var starterNamesDefined: String {
    pick("The starter's names are defined here:", "起始代码中的变量已在这里定义：")
  }

  public var workInSession: String {
    pick(
      "Work in this session; :check checks your names, :hint gives a hint, "
        + ":solution shows the reference.",
      "就在这个会话里做题；:check 检查你的变量，:hint 给出提示，:solution 显示参考答案。")
  }

  public var hintAvailable: String { pick(":hint gives a hint.", ":hint 给出一条提示。") }

  public var noMoreHints: String {
    pick(
      "No more hints; :solution shows the reference solution.",
      "没有更多提示了；:solution 显示参考答案。")
  }

  public var showSolutionQuestion: String {
    pick("Show the reference solution? (y/N) ", "显示参考答案吗？(y/N) ")
  }

  public var solutionNotShown: String { pick("Not shown; keep going.", "没有显示；继续加油。") }

  public func stuck(_ hint: String) -> String {
    pick("Stuck? A hint: \(hint)", "卡住了？提示：\(hint)")
  }

  public func hint(_ number: Int, of total: Int, _ text: String) -> String {
    pick("Hint \(number) of \(total): \(text)", "提示 \(number)/\(total)：\(text)")
  }

  // MARK: - The REPL

  public func banner(version: String) -> String {
    pick(
      "Gradus \(version): :help for help, Tab to complete, Ctrl-D to leave\n"
        + "Lessons: `:lesson 0` starts the first here; `gradus lessons` lists them all",
      "Gradus \(version)：:help 查看帮助，Tab 补全，Ctrl-D 退出\n"
        + "课程：`:lesson 0` 在这里开始第一课；`gradus lessons` 列出全部课程")
  }

  /// The headings and notes of `:help` without a topic.
  public var helpCommands: String { pick("commands:", "命令：") }
  public var helpBuiltins: String {
    pick("builtins (:help NAME for any of them):", "内置函数（:help 名称 查看其中任意一个）：")
  }
  public var helpPrelude: String {
    pick(
      "prelude models and functions (written in Gradus; :source NAME shows one):",
      "序言（prelude）中的模型和函数（用 Gradus 写成；:source 名称 显示其定义）：")
  }
  public var helpLanguage: String { pick("language:", "语言结构：") }
  public var helpKeys: String {
    pick(
      "keys: Tab completes, Up/Down recall earlier lines, Ctrl-R searches them,\n"
        + "      Ctrl-C stops a computation or clears the line, Ctrl-D leaves\n"
        + "values: _ is the last value shown, Out[n] the value of cell n\n",
      "按键：Tab 补全，上/下方向键调出之前的输入，Ctrl-R 搜索它们，\n"
        + "      Ctrl-C 中止计算或清空当前行，Ctrl-D 退出\n"
        + "值：_ 是最后显示的值，Out[n] 是第 n 个单元格的值\n"
        + "语言：:lang zh 或 :lang en 切换课程、练习和帮助的语言；"
        + "错误信息和诊断目前只有英文。\n")
  }

  /// A command's one line in `:help`, in this language (the English line is the command's own).
  public func commandSummary(_ name: String, english: String) -> String {
    language == .chinese ? Self.chineseCommandSummaries[name] ?? english : english
  }

  /// The Chinese of each REPL command's summary (the English is in the command table).
  static let chineseCommandSummaries: [String: String] = [
    "help": "内置函数、序言中的模型或函数、或某个命令的帮助",
    "vars": "你定义的变量，以及它们的类型、形状和参数个数",
    "type": "一个表达式的值是什么类型",
    "shape": "一个张量的形状",
    "source": "一个模型或函数的定义，照原样显示",
    "explain": "运行一条语句，并打印每一步基本运算",
    "grad": "一个参数的梯度，或一个模型所有参数的梯度",
    "graph": "产生一个张量的计算图",
    "trace": "打印每个单元格的每一步基本运算",
    "time": "运行一条语句并报告用时",
    "limits": "显示内存上限，或设置它（`:limits memory 8G`）",
    "seed": "让随机数从种子 N 重新开始",
    "load": "在本会话中运行一个 .grad 文件",
    "lesson": "逐个单元格学习一课（回车下一个，b 上一个，r 重新运行，e 探索，q 退出，? 按键说明）；不带参数时列出全部课程",
    "exercise": "在这里开始一道练习：显示题目并定义起始代码中的变量；不带参数时列出全部练习",
    "check": "用你开始的练习检查你的变量",
    "hint": "你开始的练习的下一条提示",
    "solution": "确认之后显示参考答案",
    "save": "把运行成功的单元格写成一个可以运行的 .grad 文件",
    "history": "本会话的全部输入",
    "reset": "忘掉你定义的所有变量，随机数重新开始",
    "lang": "选择课程、练习和帮助的语言：zh（中文）或 en（英文）",
    "quit": "离开 REPL（Ctrl-D 也可以）",
  ]

  public var languageNow: String {
    pick(
      "lessons, exercises and help are now in English",
      "课程、练习和帮助现在使用中文；错误信息和诊断仍是英文")
  }
}
