import ArgumentParser
import GradusLanguage
import GradusNotebook
import GradusREPL
import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// The `gradus` executable: argument parsing and the start of each mode.
@main
struct Gradus: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "gradus",
    abstract: "Learn how neural networks work by running every step.",
    discussion: "Without a subcommand, starts the interactive notebook (REPL).",
    version: version,
    subcommands: [
      Run.self, Check.self, Lessons.self, LessonCommand.self, Exercises.self, ExerciseCommand.self,
      ExportCommand.self, KernelCommand.self, Version.self,
    ]
  )

  static func main() {
    Launch.prepare()
    StandardStreams.reserveClosedDescriptors()
    var arguments = Array(CommandLine.arguments.dropFirst())
    var failure: Error?
    do {
      try MemoryLimitOption.apply(&arguments)
      try ThreadsOption.apply(&arguments)
      if arguments == ["--version"] { arguments = ["version"] }
      var command = try parseAsRoot(arguments)
      try command.run()
    } catch {
      // `gradus exercise` promises 0 solved, 1 not yet, 2 misused (ArgumentParser's is 64).
      if arguments.first == "exercise" && exitCode(for: error) == .validationFailure {
        Terminal.writeError(fullMessage(for: error) + "\n")
        Glibc.exit(2)
      }
      failure = error
    }
    // Output that could not be written (a full disk, a closed stdout) is an error even when
    // the program itself succeeded.
    if let lost = StandardStreams.failure {
      StandardStreams.writeError("error: \(lost)\n")
      let status = (failure as? ExitCode).map(\.rawValue) ?? 0
      Glibc.exit(status != 0 ? status : 1)
    }
    if let failure { exit(withError: failure) }
  }

  // Read (and removed) by `MemoryLimitOption` before parsing, so that it goes anywhere on the
  // command line (`gradus --memory-limit 2G run f.grad`); declared here for `--help`.
  @Option(
    name: .customLong("memory-limit"),
    help:
      "Most memory one tensor, list or string may take, e.g. 2G (default 4G, or $GRADUS_MEMORY_LIMIT)."
  )
  var memoryLimit: String?
  // Read (and removed) by `ThreadsOption` in the same way.
  @Option(
    name: .customLong("threads"),
    help:
      "Threads for large operations: a number, or default (every core; or $GRADUS_THREADS)."
  )
  var threads: String?
  @Option(help: "In [n]:/Out[n]: prompts: auto (on a terminal), always (transcripts), never.")
  var prompts: Choice = .auto
  @Option(help: "Colours: auto (on a terminal, unless NO_COLOR is set), always, never.")
  var color: Choice = .auto

  @OptionGroup var language: LanguageOption

  enum Choice: String, CaseIterable, ExpressibleByArgument {
    case auto, always, never
  }

  /// Without a subcommand: the REPL.
  func run() throws {
    var options = REPL.Options()
    options.prompts = REPL.Options.Choice(rawValue: prompts.rawValue) ?? .auto
    options.color = REPL.Options.Choice(rawValue: color.rawValue) ?? .auto
    options.language = language.language
    options.banner = Localized(options.language).banner(version: Gradus.version)
    let status = REPL.run(options)
    if status != 0 { throw ExitCode(status) }
  }
}

/// `gradus run FILE`
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a Gradus file (a program or a lesson).")

  @ArgumentParser.Argument(help: "The .grad file to run.") var file: String
  @Option(help: "Seed of the random generator.") var seed: UInt64 = 0

  func run() throws {
    let source: SourceFile
    switch Terminal.readSource(file) {
    case .success(let s): source = s
    case .failure(let failure):
      Terminal.writeError("error: \(failure)\n")
      throw ExitCode(2)
    }
    var succeeded = false
    let seed = self.seed
    LargeStack.run {
      do {
        // On a terminal, output fits the window: long printed lines break between words and
        // tensor rows wrap sooner in a narrow one. A pipe gets the lines as printed (they
        // may be data for another program) and rows wrapped at 80 columns.
        let window = Terminal.windowColumns
        let sink = StandardOutputSink()
        let interpreter = try Interpreter(
          output: window.map { WidthFittingSink(columns: $0, forwardingTo: sink) } ?? sink)
        interpreter.format.lineWidth = min(80, window ?? 80)
        interpreter.fileDirectory = LessonCatalog().filesFolder(forFile: file)
        interpreter.reseed(seed)
        let outcome = Pipeline.run(source, in: interpreter)
        Terminal.writeError(outcome.rendered(style: Terminal.diagnosticStyle))
        succeeded = outcome.succeeded
      } catch {
        Terminal.writeError("error: the prelude failed to load: \(error)\n")
      }
    }
    if !succeeded { throw ExitCode(1) }
  }
}

/// `gradus check FILE`
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Parse a file and report every syntax error, without running it.")

  @ArgumentParser.Argument(help: "The .grad file to check.") var file: String

  func run() throws {
    let source: SourceFile
    switch Terminal.readSource(file) {
    case .success(let s): source = s
    case .failure(let failure):
      Terminal.writeError("error: \(failure)\n")
      throw ExitCode(2)
    }
    let outcome = Pipeline.check(source)
    if outcome.succeeded {
      Terminal.writeOut("\(file): no syntax errors\n")
      return
    }
    // The report ends in a newline, so the summary goes on a line of its own.
    Terminal.writeError(outcome.rendered(style: Terminal.diagnosticStyle))
    let count = outcome.errorCount
    if count > 0 {
      Terminal.writeError("\(count) syntax error\(count == 1 ? "" : "s") in \(file)\n")
      throw ExitCode(1)
    }
  }
}

/// `gradus version` / `gradus --version`
struct Version: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the version, the BLAS kernel, the threads and the memory allocator in use.")

  func run() throws {
    Terminal.writeOut(
      "gradus \(Gradus.version)\n\(Launch.blasSummary)\n\(Launch.threadsSummary)\n"
        + "\(Launch.allocatorSummary)\n")
  }
}
