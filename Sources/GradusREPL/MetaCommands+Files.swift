import GradusLanguage
import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// `:load FILE` and `:save FILE`.
extension REPLSession {
  /// Runs a file in the session, as `gradus run` would but keeping the session's names. Its
  /// values print without `Out[n]:` labels, as in a script.
  func load(_ path: String) -> Status {
    guard !path.isEmpty else { return fail("`:load` needs a file, e.g. :load examples/model.grad") }
    let text: String
    switch FileBytes.sourceText(Self.expandingHome(path)) {
    case .success(let t): text = t
    case .failure(let problem): return fail(problem.description)
    }
    sink.startCell(nil)
    let outcome =
      tracing
      ? interpreter.withForwardTrace {
        Pipeline.run(SourceFile(name: path, text: text), in: interpreter)
      }
      : Pipeline.run(SourceFile(name: path, text: text), in: interpreter)
    let status = report(outcome)
    if status == .succeeded {
      savedCells.append(SavedCell("# from :load \(path)\n" + text.trimmingWhitespace()))
    }
    return status
  }

  /// Writes the cells that ran without error as a file `gradus run` can run, replacing the
  /// file atomically (`AtomicFile`).
  func save(_ path: String) -> Status {
    guard !path.isEmpty else { return fail("`:save` needs a file name, e.g. :save session.grad") }
    guard !savedCells.isEmpty else {
      return fail("nothing to save yet: no cell has run without error")
    }
    let file = SessionFile.text(of: savedCells)
    if let problem = AtomicFile.write(Array(file.text.utf8), to: Self.expandingHome(path)) {
      return fail(
        "cannot write \(path): \(problem)", help: "the previous file, if any, is unchanged")
    }
    let count = savedCells.count
    console.write("saved \(count) cell\(count == 1 ? "" : "s") to \(path)\n")
    if !file.unresolved.isEmpty {
      console.writeError(
        "warning: \(path) still uses \(file.unresolved.joined(separator: ", ")), which no saved "
          + "cell shows; it will stop there when it runs\n")
    }
    return .succeeded
  }

  /// `~/x` → `$HOME/x`, as a shell would.
  static func expandingHome(_ path: String) -> String {
    guard path == "~" || path.hasPrefix("~/"), let home = getenv("HOME") else { return path }
    return String(cString: home) + path.dropFirst()
  }
}
