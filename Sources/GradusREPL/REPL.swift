import GradusLanguage
import GradusNotebook
import GradusPictures
import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// The interactive notebook: reads cells, runs them in a `REPLSession`, and keeps going after
/// errors and interruptions until `:quit`, Ctrl-D or the end of input.
///
/// On a terminal (stdin and stdout both), lines are edited with libedit and saved to the
/// history file. Otherwise lines are read plainly with no prompts, colours or history unless
/// asked for, so `gradus < session.grad` behaves like a script.
public enum REPL {
  public struct Options: Sendable {
    public enum Choice: String, Sendable, CaseIterable {
      case auto
      case always
      case never
    }

    /// `In [n]:` prompts and `Out[n]:` labels; `auto` shows them on a terminal.
    public var prompts: Choice = .auto
    /// ANSI colours; `auto` uses them on a terminal unless `NO_COLOR` is set.
    public var color: Choice = .auto
    /// Printed once before the first prompt on a terminal.
    public var banner: String = ""
    /// The language of lessons, exercises and `:help` until `:lang` changes it.
    public var language: Language = .english

    public init() {}
  }

  /// Runs the REPL until it ends; returns the exit status (on piped input: 1 if a cell failed,
  /// 130 if interrupted).
  public static func run(_ options: Options) -> Int32 {
    SignalHandling.installInterruptHandler()
    let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
    let style = ConsoleStyle(
      prompts: options.prompts == .always || (options.prompts == .auto && interactive),
      colors: options.color == .always
        || (options.color == .auto && interactive && getenv("NO_COLOR") == nil))
    let console = TerminalConsole()
    var status: Int32 = 0
    // One thread with a large stack runs every cell, so that deep programs hit the evaluator's
    // depth limits rather than the end of the stack, and per-thread engine settings persist.
    LargeStack.run {
      let session: REPLSession
      do {
        session = try REPLSession(
          console: console, style: style, interrupt: interruptFlag,
          pictureOptions: { .detect(for: STDOUT_FILENO) })
      } catch {
        console.writeError("error: the prelude failed to load: \(error)\n")
        status = 70
        return
      }
      session.interactive = interactive
      session.language = options.language
      let reader = interactive ? makeEditor(session, console) : PlainLineReader()
      if interactive {
        session.keyboard = EditorKeyboard(reader: reader, console: console)
        session.lessonProgress = .standard
        session.exerciseProgress = .standard
      }
      if interactive && !options.banner.isEmpty { console.write(options.banner + "\n\n") }
      var loop = Loop(session: session, reader: reader, style: style, interactive: interactive)
      status = loop.run()
    }
    return status
  }

  /// libedit when it starts (it needs a UTF-8 locale for non-ASCII names like `θ`).
  private static func makeEditor(_ session: REPLSession, _ console: Console) -> LineReader {
    setlocale(LC_CTYPE, "")
    if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
    let environment = ProcessEnvironment.current
    let historyFile = HistoryFile.defaultPath(environment: environment).map {
      HistoryFile(path: $0) { console.writeError($0) }
    }
    return LineEditor(completer: Completer(session: session), historyFile: historyFile)
      ?? PlainLineReader()
  }
}

/// Reading cells and handing them to the session.
struct Loop {
  let session: REPLSession
  let reader: LineReader
  let style: ConsoleStyle
  let interactive: Bool
  private var cellsRead = 0
  /// Lines read so far, and the line the cell being read starts on.
  private var linesRead = 0
  private var cellStartLine = 1

  init(session: REPLSession, reader: LineReader, style: ConsoleStyle, interactive: Bool) {
    self.session = session
    self.reader = reader
    self.style = style
    self.interactive = interactive
  }

  mutating func run() -> Int32 {
    var failed = false
    while let cell = readCell() {
      // A script without prompts reports errors at its own line numbers.
      let line = interactive || style.prompts ? nil : cellStartLine
      switch session.submit(cell, line: line) {
      case .succeeded: continue
      case .failed: failed = true
      case .quit: return 0
      case .interrupted where !interactive: return 130
      case .interrupted: continue
      }
    }
    if let failure = reader.failure {
      session.console.writeError("error: " + failure + "\n")
      return 1
    }
    if interactive { session.console.write("\n") }
    return failed && !interactive ? 1 : 0
  }

  /// Lines up to a complete cell: while a bracket is open or a line ends in an operator, the
  /// continuation prompt asks for more. In a script, blank lines between cells are skipped and
  /// comment lines join the cell after them; with prompts on, each line is echoed after its
  /// prompt so that the output reads as a notebook. Nil at the end of input.
  private mutating func readCell() -> String? {
    var lines: [String] = []
    var brackets = OpenBrackets()
    while true {
      let number = session.cellNumber
      // A blank line between cells, as IPython leaves.
      let separator = lines.isEmpty && style.prompts && cellsRead > 0 ? "\n" : ""
      let prompt = lines.isEmpty ? style.inPrompt(number) : style.continuationPrompt(number)
      if interactive { session.console.write(separator) }
      let editorPrompt =
        lines.isEmpty
        ? style.inPrompt(number, editorMarkers: true)
        : style.continuationPrompt(number, editorMarkers: true)
      switch reader.readLine(prompt: prompt, editorPrompt: editorPrompt) {
      case .end:
        // A cell cut short by unreadable input does not run.
        guard !lines.isEmpty, reader.failure == nil else { return nil }
        reader.remember(lines.joined(separator: "\n"))
        return lines.joined(separator: "\n")
      case .interrupted:
        lines = []
        brackets = OpenBrackets()
        cellsRead += 1
      case .line(let line):
        linesRead += 1
        if lines.isEmpty { cellStartLine = linesRead }
        if lines.isEmpty && line.trimmingWhitespace().isEmpty && !interactive { continue }
        if !interactive && style.prompts { session.console.write(separator + prompt + line + "\n") }
        if lines.isEmpty { cellsRead += 1 }
        // A command is one line; comments gathered before it are dropped.
        if line.trimmingWhitespace().hasPrefix(":") && !brackets.areOpen && isOnlyComments(lines) {
          reader.remember(line)
          return line
        }
        lines.append(line)
        brackets.add(line)
        if brackets.areOpen { continue }
        let text = lines.joined(separator: "\n")
        if !Pipeline.needsMoreLines(text) {
          if !interactive && isOnlyComments(lines) { continue }
          // The whole cell is one history entry: Up brings back all its lines at once.
          reader.remember(text)
          return text
        }
      }
    }
  }

  /// Whether the lines hold no code (blank lines, comments, prose).
  private func isOnlyComments(_ lines: [String]) -> Bool {
    lines.allSatisfy { line in
      let text = line.trimmingWhitespace()
      return text.isEmpty || text.hasPrefix("#")
    }
  }
}

/// The process environment as a dictionary.
enum ProcessEnvironment {
  static var current: [String: String] {
    var result: [String: String] = [:]
    var entry = environ
    while let pointer = entry.pointee {
      let pair = String(cString: pointer)
      if let equals = pair.firstIndex(of: "=") {
        result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
      }
      entry += 1
    }
    return result
  }
}

/// Seconds on a clock that never jumps, for `:time`.
func monotonicSeconds() -> Double {
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
