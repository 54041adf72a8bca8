import GradusLanguage
import GradusNotebook
import GradusRuntime

/// A `:command` of the REPL: its name, what it takes, one line of help, and what it does.
struct MetaCommand: Sendable {
  let name: String
  let aliases: [String]
  /// What follows the name, e.g. `EXPR` or `[topic]`.
  let arguments: String
  let summary: String
  let run: @Sendable (REPLSession, _ argument: String, _ number: Int) -> REPLSession.Status

  init(
    _ name: String, _ arguments: String, _ summary: String, aliases: [String] = [],
    run: @escaping @Sendable (REPLSession, String, Int) -> REPLSession.Status
  ) {
    self.name = name
    self.aliases = aliases
    self.arguments = arguments
    self.summary = summary
    self.run = run
  }

  var usage: String { ":" + name + (arguments.isEmpty ? "" : " " + arguments) }
}

/// The table of commands and the dispatch from a `:` line to one of them.
enum MetaCommands {
  static let all: [MetaCommand] = [
    MetaCommand(
      "help", "[topic]", "help on a builtin, a prelude model or function, or a command",
      aliases: ["h", "?"]
    ) {
      session, argument, _ in session.help(argument)
    },
    MetaCommand("vars", "", "your names with their kind, shape and parameter count") {
      session, _, _ in
      session.listVariables()
    },
    MetaCommand("type", "EXPR", "what kind of value an expression is") {
      session, argument, number in
      session.describeType(argument, number: number)
    },
    MetaCommand("shape", "EXPR", "the shape of a tensor") { session, argument, number in
      session.describeShape(argument, number: number)
    },
    MetaCommand("source", "NAME", "the definition of a model or function, as written") {
      session, argument, _ in
      session.showSource(argument)
    },
    MetaCommand("explain", "STATEMENT", "run a statement, printing every elementary operation") {
      session, argument, number in
      session.requireArgument(argument, "a statement, e.g. :explain y = relu(x @ W + b)") {
        session.runCell(argument, number: number, traced: true)
      }
    },
    MetaCommand("grad", "NAME", "the gradient of a parameter, or of every parameter of a model") {
      session, argument, number in session.showGradient(argument, number: number)
    },
    MetaCommand("graph", "EXPR", "the computation graph that produced a tensor") {
      session, argument, number in
      session.showGraph(argument, number: number)
    },
    MetaCommand("trace", "on|off", "print the elementary operations of every cell") {
      session, argument, _ in
      session.setTracing(argument)
    },
    MetaCommand("time", "STATEMENT", "run a statement and say how long it took") {
      session, argument, number in
      session.requireArgument(argument, "a statement, e.g. :time matmul(a, b)") {
        session.timeCell(argument, number: number)
      }
    },
    MetaCommand(
      "limits", "[memory SIZE | threads N]",
      "show the memory limit and threads, or set one (`:limits memory 8G`, `:limits threads 2`)"
    ) {
      session, argument, _ in
      session.limits(argument)
    },
    MetaCommand("seed", "N", "restart the random numbers from seed N") { session, argument, _ in
      session.setSeed(argument)
    },
    MetaCommand("load", "FILE", "run a .grad file in this session", aliases: ["run"]) {
      session, argument, _ in
      session.load(argument)
    },
    MetaCommand(
      "lesson", "[NAME|NUMBER]",
      "step through a lesson (Enter next, b back, r rerun, e explore, q quit, ? keys); alone, list them"
    ) { session, argument, _ in session.lesson(argument) },
    MetaCommand(
      "exercise", "[ID]",
      "start an exercise here: its statement, and the starter's names; alone, list them"
    ) { session, argument, _ in session.startExercise(argument) },
    MetaCommand("check", "", "check your names against the exercise you started") {
      session, _, _ in session.checkExercise()
    },
    MetaCommand("hint", "", "the next hint for the exercise you started") { session, _, _ in
      session.nextHint()
    },
    MetaCommand("solution", "[yes]", "the reference solution, after you confirm") {
      session, argument, _ in session.showSolution(argument)
    },
    MetaCommand("lang", "zh|en", "the language of lessons, exercises and help: zh or en") {
      session, argument, _ in session.setLanguage(argument)
    },
    MetaCommand("save", "FILE", "write the cells that ran without error as a runnable .grad file") {
      session, argument, _ in session.save(argument)
    },
    MetaCommand("history", "", "the inputs of this session") { session, _, _ in
      session.showHistory()
    },
    MetaCommand("reset", "", "forget every name you defined and restart the random numbers") {
      session, _, _ in
      let count = session.userNames.count
      session.reset()
      session.console.write(
        "forgot \(count) name\(count == 1 ? "" : "s"); random numbers restart from seed 0\n")
      return .succeeded
    },
    MetaCommand("quit", "", "leave the REPL (Ctrl-D also does)", aliases: ["q", "exit"]) {
      _, _, _ in .quit
    },
  ]

  /// Every spelling of every command, with the colon, for completion.
  static var spellings: [String] { all.flatMap { [$0.name] + $0.aliases }.map { ":" + $0 } }

  static func named(_ name: String) -> MetaCommand? {
    all.first { $0.name == name || $0.aliases.contains(name) }
  }

  /// Runs a `:command argument` line as cell `number`.
  static func run(_ line: String, number: Int, in session: REPLSession) -> REPLSession.Status {
    let (word, argument) = line.splitCommand()
    let name = String(word.dropFirst())
    guard let command = named(name) else {
      let suggestion = Suggest.didYouMean(
        Suggest.nearest(name, in: all.flatMap { [$0.name] + $0.aliases }).map { ":" + $0 })
      return session.fail(
        "unknown command `\(word)`" + (suggestion.map { "; " + $0 } ?? ""),
        help: ":help lists the commands")
    }
    return command.run(session, argument, number)
  }
}

extension REPLSession {
  /// Runs `body`, or explains what the command needs when the argument is missing.
  func requireArgument(_ argument: String, _ what: String, _ body: () -> Status) -> Status {
    argument.isEmpty ? fail("this command needs \(what)") : body()
  }

  /// `:lang zh`: lessons, exercises and `:help` in Chinese from now on; `:lang` alone says
  /// which language is in use.
  func setLanguage(_ argument: String) -> Status {
    if !argument.isEmpty {
      guard let chosen = Language(rawValue: argument) else {
        return fail("`:lang` takes `zh` or `en`, got `\(argument)`")
      }
      language = chosen
    }
    console.write(Localized(language).languageNow + "\n")
    return .succeeded
  }

  func setTracing(_ argument: String) -> Status {
    switch argument {
    case "on": tracing = true
    case "off": tracing = false
    case "": break
    default: return fail("`:trace` takes `on` or `off`, got `\(argument)`")
    }
    console.write("tracing of every operation is \(tracing ? "on" : "off")\n")
    return .succeeded
  }

  /// `:limits` shows the session's limits; `:limits memory 8G` sets the memory limit.
  func limits(_ argument: String) -> Status {
    let words = argument.split(separator: " ", omittingEmptySubsequences: true)
    if words.count == 2, words[0] == "memory" {
      guard let bytes = SessionLimits.bytes(in: String(words[1])), bytes > 0 else {
        return fail(
          "`\(words[1])` is not a memory size",
          help: "write it like 512M, 2G or 1.5G (:help limits)")
      }
      // Every cell of a REPL runs on this thread, which holds the limit.
      SessionLimits.memoryBytes = bytes
    } else if words.count == 2, words[0] == "threads" {
      guard let count = SessionLimits.threadCount(in: String(words[1])) else {
        return fail(
          "`\(words[1])` is not a thread count",
          help: "write a whole number such as 1 or 4, or `default` for every core (:help limits)")
      }
      SessionLimits.threads = count
    } else if !words.isEmpty {
      return fail(
        "`:limits` takes nothing, `memory SIZE` or `threads N`", help: "e.g. :limits memory 8G")
    }
    let cores = SessionLimits.cores
    console.write(
      "memory: \(SessionLimits.describe(bytes: SessionLimits.memoryInUse)) in use of "
        + "\(SessionLimits.describe(bytes: SessionLimits.memoryBytes)), "
        + "by the session's tensors, lists, strings and temporary arrays "
        + "(:limits memory SIZE sets the limit; :help limits)\n"
        + "threads: \(SessionLimits.threads) for large operations, of \(cores) "
        + "core\(cores == 1 ? "" : "s") (:limits threads N sets them)\n")
    return .succeeded
  }

  func timeCell(_ code: String, number: Int) -> Status {
    let start = monotonicSeconds()
    let status = runCell(code, number: number)
    let elapsed = monotonicSeconds() - start
    console.write("time: \(Self.duration(elapsed))\n")
    return status
  }

  /// `850 µs`, `12.3 ms`, `4.56 s`.
  static func duration(_ seconds: Double) -> String {
    func oneDecimal(_ x: Double) -> String {
      let tenths = Int((x * 10).rounded())
      return "\(tenths / 10).\(tenths % 10)"
    }
    if seconds < 1e-3 { return "\(Int((seconds * 1e6).rounded())) µs" }
    if seconds < 1 { return oneDecimal(seconds * 1e3) + " ms" }
    return oneDecimal(seconds) + " s"
  }

  func setSeed(_ argument: String) -> Status {
    guard let seed = Int64(argument) else {
      return fail("`:seed` takes a whole number, got `\(argument)`", help: "for example :seed 42")
    }
    interpreter.reseed(UInt64(bitPattern: seed))
    // A saved session must draw the same random numbers when it runs again.
    savedCells.append(SavedCell("seed(\(seed))"))
    console.write("random numbers restart from seed \(seed)\n")
    return .succeeded
  }

  func showHistory() -> Status {
    var text = ""
    for (number, input) in inputs {
      let lines = input.split(separator: "\n", omittingEmptySubsequences: false)
      let label = "\(number): "
      for (i, line) in lines.enumerated() {
        text += (i == 0 ? label : String(repeating: " ", count: label.count)) + line + "\n"
      }
    }
    console.write(text)
    return .succeeded
  }
}
