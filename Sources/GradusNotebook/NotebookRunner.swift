import GradusLanguage
import GradusPictures
import GradusRuntime

/// One thing a code cell produced, in the order it happened.
public enum CellOutput: Sendable, Equatable {
  /// Printed text (`print`, traces, notes); consecutive writes are joined.
  case text(String)
  /// A bare expression's value, as formatted for display (the notebook's `Out[n]`).
  case value(String)
  case picture(Picture)
}

/// What running one code cell produced.
public struct CellRun {
  public var outputs: [CellOutput]
  /// How the cell ended when it stopped early (never `.success`); the outputs before it are
  /// kept. `rendered(style:)` shows it as every other front end does.
  public var failure: Pipeline.Outcome?

  public var succeeded: Bool { failure == nil }

  public var pictures: [Picture] {
    outputs.compactMap { if case .picture(let picture) = $0 { picture } else { nil } }
  }
}

/// An output sink that records what a program produces, cell by cell, and optionally passes
/// everything on to another sink (a terminal) as it happens.
public final class RecordingSink: OutputSink {
  private var outputs: [CellOutput] = []
  private let next: OutputSink?
  /// False while cells run only to rebuild a lesson's state (resuming where the learner left
  /// off): their outputs are recorded but not passed on.
  public var forwarding = true

  public init(forwardingTo next: OutputSink? = nil) { self.next = next }

  /// Passes recorded outputs on again, as `b` in a lesson shows a cell that already ran. A
  /// value goes as its formatted text on a line of its own, as a script shows it; a picture is
  /// drawn anew (at the window's present width).
  public func replay(_ recorded: [CellOutput]) {
    for output in recorded {
      switch output {
      case .text(let text): next?.write(text)
      case .value(let formatted): next?.write(formatted + "\n")
      case .picture(let picture): next?.picture(picture)
      }
    }
  }

  public func write(_ text: String) {
    if forwarding { next?.write(text) }
    if case .text(let previous)? = outputs.last {
      outputs[outputs.count - 1] = .text(previous + text)
    } else {
      outputs.append(.text(text))
    }
  }

  public func show(_ value: Value, formatted: String) {
    if forwarding { next?.show(value, formatted: formatted) }
    outputs.append(.value(formatted))
  }

  public func picture(_ picture: Picture) {
    if forwarding { next?.picture(picture) }
    outputs.append(.picture(picture))
  }

  /// Everything recorded since the last call, which starts a new record.
  public func take() -> [CellOutput] {
    defer { outputs = [] }
    return outputs
  }
}

/// Runs a lesson or program cell by cell in one shared interpreter (names defined in one cell
/// are visible in the next), collecting each cell's outputs. The exporter runs a whole file
/// with it; a stepper can run, rerun or skip single cells.
public final class NotebookRunner {
  public let interpreter: Interpreter
  public let recorder: RecordingSink

  /// A runner over an interpreter whose output sink is `recorder`.
  public init(interpreter: Interpreter, recorder: RecordingSink) {
    self.interpreter = interpreter
    self.recorder = recorder
  }

  /// A fresh interpreter seeded with `seed`; output is recorded and, if `forwardingTo` is
  /// given, also sent there.
  public convenience init(seed: UInt64, forwardingTo next: OutputSink? = nil) throws {
    let recorder = RecordingSink(forwardingTo: next)
    let interpreter = try Interpreter(output: recorder)
    interpreter.reseed(seed)
    self.init(interpreter: interpreter, recorder: recorder)
  }

  /// Runs one code cell's statements; bare expressions show their values.
  public func run(_ statements: [Stmt], source: SourceFile) -> CellRun {
    _ = recorder.take()
    let outcome = Pipeline.run(statements, of: source, in: interpreter)
    return CellRun(outputs: recorder.take(), failure: outcome.succeeded ? nil : outcome)
  }

  /// Runs every code cell of `program` in order. After a failure the remaining code cells are
  /// not run (their run is nil): they usually depend on the one that failed.
  public func runAll(_ program: Program) -> [NotebookCell] {
    var failed = false
    return Self.cells(of: program) { statements in
      guard !failed else { return nil }
      let run = run(statements, source: program.source)
      failed = !run.succeeded
      return run
    }
  }

  /// The cells of `program`; `run` runs a code cell's statements (by default none is run).
  static func cells(
    of program: Program, running run: ([Stmt]) -> CellRun? = { _ in nil }
  ) -> [NotebookCell] {
    program.cells.map { cell in
      switch cell {
      case .prose(let markdown, _):
        return .prose(markdown)
      case .code(let statements, let span):
        return .code(NotebookCell.trimmedLines(program.source.text(of: span)), run(statements))
      }
    }
  }
}

/// A cell of a run notebook: Markdown prose, or code with what it produced (nil when it was
/// not run because an earlier cell failed).
public enum NotebookCell {
  case prose(String)
  case code(String, CellRun?)

  /// Without blank lines before and after: a code cell's span runs from one prose cell to the
  /// next.
  static func trimmedLines(_ text: String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
    while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
    return lines.joined(separator: "\n")
  }
}
