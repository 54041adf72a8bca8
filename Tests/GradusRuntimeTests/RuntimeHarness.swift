import Foundation
import GradusLanguage
import GradusPictures
import GradusRuntime
import Testing

/// Collects everything a program writes, in order: printed text and shown values (each shown
/// value as its formatted text and a newline, as a terminal would print it).
final class HarnessSink: OutputSink {
  var text = ""
  var shown: [String] = []
  var pictures: [Picture] = []

  func write(_ text: String) { self.text += text }

  func show(_ value: Value, formatted: String) {
    shown.append(formatted)
    text += formatted + "\n"
  }

  func picture(_ picture: Picture) { pictures.append(picture) }
}

/// What one run of a program produced.
struct HarnessRun {
  let source: SourceFile
  let outcome: Pipeline.Outcome
  let sink: HarnessSink
  let interpreter: Interpreter

  /// Printed text and shown values, in order.
  var output: String { sink.text }

  /// The output without its final newline (most tables compare one or a few lines).
  var trimmedOutput: String {
    var text = output
    while text.hasSuffix("\n") { text.removeLast() }
    return text
  }

  /// The one diagnostic of a failed run (syntax or runtime), or nil on success.
  var diagnostic: Diagnostic? {
    switch outcome {
    case .syntaxErrors(let diagnostics, _): return diagnostics.first
    case .runtimeError(let failure): return failure.diagnostic
    case .internalError(let description):
      // A bug is a failure a test must see, not a success.
      return Diagnostic.error(
        "internal", "internal error: \(description)", at: Span(start: 0, end: 0))
    case .success, .interrupted: return nil
    }
  }

  /// Every syntax diagnostic (empty for runtime errors and success).
  var syntaxDiagnostics: [Diagnostic] {
    if case .syntaxErrors(let diagnostics, _) = outcome { return diagnostics }
    return []
  }

  /// The plain rendering of the run's diagnostics, without the final newline.
  var rendered: String {
    var text = outcome.rendered(style: .plain)
    while text.hasSuffix("\n") { text.removeLast() }
    return text
  }

  /// The source text a span covers.
  func text(of span: Span) -> String { source.text(of: span) }

  /// A name's value as it is shown, or nil if undefined.
  func shown(_ name: String) -> String? {
    interpreter.value(of: name).map { interpreter.format.display($0) }
  }
}

/// Runs Gradus source the way `gradus run` does: a fresh interpreter, on a thread with the
/// evaluator's large stack.
enum RuntimeHarness {
  /// Runs `text` as the file `name`; `prepare` can adjust the interpreter first.
  static func run(
    _ text: String, name: String = "test.grad", interrupt: InterruptFlag = InterruptFlag(),
    prepare: @escaping (Interpreter) -> Void = { _ in }
  ) -> HarnessRun {
    let source = SourceFile(name: name, text: text)
    let sink = HarnessSink()
    var result: HarnessRun?
    var failure: String?
    LargeStack.run {
      do {
        let interpreter = try Interpreter(output: sink, interrupt: interrupt)
        prepare(interpreter)
        let outcome = Pipeline.run(source, in: interpreter)
        result = HarnessRun(source: source, outcome: outcome, sink: sink, interpreter: interpreter)
      } catch {
        failure = "\(error)"
      }
    }
    guard let result else {
      fatalError("the prelude failed to load: \(failure ?? "?")")
    }
    return result
  }

  /// Runs `text` and records an issue unless it succeeds; returns the output, trimmed.
  static func output(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let run = run(text)
    #expect(
      run.outcome.succeeded, "unexpected error:\n\(run.rendered)", sourceLocation: sourceLocation)
    return run.trimmedOutput
  }

  /// Runs `text` and returns its diagnostic; records an issue if it succeeded.
  static func diagnostic(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> (
    Diagnostic?, HarnessRun
  ) {
    let run = run(text)
    #expect(
      !run.outcome.succeeded, "expected an error; printed:\n\(run.output)",
      sourceLocation: sourceLocation)
    return (run.diagnostic, run)
  }

  /// The repository root, from this file's path (`Tests/GradusRuntimeTests/…`).
  static var repositoryRoot: URL {
    URL(fileURLWithPath: "\(#filePath)").resolvingSymlinksInPath()
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  /// Every number in `text`, in order, as `../shared/tools/numbers.py` finds them.
  static func numbers(in text: String) -> [Double] {
    // (?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?
    let pattern = #"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?"#
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
    let range = NSRange(text.startIndex..., in: text)
    return regex.matches(in: text, range: range).compactMap { match in
      Range(match.range, in: text).flatMap { Double(text[$0]) }
    }
  }

  /// `numbers.py`'s greedy comparison: each expected value must match a later printed number
  /// within 2e-3 + 2e-3·|e|, skipping at most 6 printed numbers before it. Returns nil when all
  /// match, else a message naming the first that does not.
  static func compare(printed: [Double], expected: [Double]) -> String? {
    var i = 0
    for (k, e) in expected.enumerated() {
      let tolerance = 2e-3 + 2e-3 * abs(e)
      var skipped = 0
      while i < printed.count && abs(printed[i] - e) > tolerance && skipped <= 6 {
        i += 1
        skipped += 1
      }
      if i >= printed.count || abs(printed[i] - e) > tolerance {
        let shown = printed.prefix(40).map { String($0) }.joined(separator: " ")
        return "value \(k + 1) of \(expected.count): expected \(e), not found (printed: \(shown))"
      }
      i += 1
    }
    return nil
  }
}
