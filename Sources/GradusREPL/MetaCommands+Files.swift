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
    switch Self.readText(Self.expandingHome(path)) {
    case .success(let t): text = t
    case .failure(let problem): return fail(problem.message)
    }
    sink.startCell(nil)
    interpreter.interrupt.clear()
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
  /// file atomically (a temporary file, flushed, renamed over it).
  func save(_ path: String) -> Status {
    guard !path.isEmpty else { return fail("`:save` needs a file name, e.g. :save session.grad") }
    guard !savedCells.isEmpty else {
      return fail("nothing to save yet: no cell has run without error")
    }
    let file = SessionFile.text(of: savedCells)
    let text = file.text
    let target = Self.expandingHome(path)
    let temporary = target + ".saving-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return fail("cannot write \(path): \(String(cString: strerror(errno)))") }
    let written = writeAll(fd, Array(text.utf8)) && fsync(fd) == 0
    close(fd)
    guard written, rename(temporary, target) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      return fail("cannot write \(path): \(reason)")
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

  struct FileProblem: Error {
    let message: String
  }

  /// A UTF-8 text file, or why it cannot be read.
  static func readText(_ path: String) -> Result<String, FileProblem> {
    var info = stat()
    guard stat(path, &info) == 0 else { return .failure(.init(message: "no such file: \(path)")) }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      return .failure(.init(message: "\(path) is a directory; give a .grad file inside it"))
    }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      return .failure(.init(message: "cannot open \(path): \(String(cString: strerror(errno)))"))
    }
    defer { close(fd) }
    guard let bytes = readAll(fd) else { return .failure(.init(message: "cannot read \(path)")) }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      return .failure(.init(message: "\(path) is not UTF-8 text; save it as UTF-8"))
    }
    return .success(text)
  }

  /// `~/x` → `$HOME/x`, as a shell would.
  static func expandingHome(_ path: String) -> String {
    guard path == "~" || path.hasPrefix("~/"), let home = getenv("HOME") else { return path }
    return String(cString: home) + path.dropFirst()
  }
}
