import GradusNotebook
import GradusRuntime
import GradusTensor

/// The cells this kernel ran with `store_history`, for `history_request`: each numbered input
/// and the text of the value it showed (`Out[n]`). Entries are `[session, number, input]`, or
/// `[session, number, [input, output]]` when the request asks for outputs (output null when
/// the cell showed no value). Kept in memory: a restarted kernel starts a new session with
/// an empty history, and asking for an earlier session finds nothing.
struct KernelHistory {
  /// This kernel's session number: one more than the last kernel's (`KernelSessionCounter`).
  let session: Int
  private var cells: [Cell] = []

  private struct Cell {
    let number: Int
    let input: String
    var output: String?
  }

  init(session: Int) { self.session = session }

  mutating func record(_ input: String, number: Int) {
    cells.append(Cell(number: number, input: input))
  }

  /// The text of the value cell `number` showed; its last one if it showed several.
  mutating func recordOutput(_ text: String, number: Int) {
    guard let last = cells.indices.last, cells[last].number == number else { return }
    cells[last].output = text
  }

  /// The reply's `history` for a request: `tail` (the last `n`), `range` (cells `start` up to
  /// but not including `stop` of a session: 0 or this one's number for this session, negative
  /// counting back from it) or `search` (inputs matching the glob `pattern`, the last `n` of
  /// them, each input once with `unique`).
  func entries(for request: StrictJSON) -> JSONOut {
    var chosen: [Cell]
    switch request["hist_access_type"]?.string ?? "tail" {
    case "range":
      let asked = request["session"]?.int ?? 0
      guard asked == 0 || asked == session else { return .array([]) }
      let start = request["start"]?.int ?? 1
      let stop = request["stop"]?.int ?? Int.max
      chosen = cells.filter { $0.number >= start && $0.number < stop }
    case "search":
      let pattern = request["pattern"]?.string ?? "*"
      chosen = cells.filter { Glob.matches($0.input, pattern: pattern) }
      if request["unique"]?.bool == true {
        // The latest of equal inputs stays, as IPython keeps it.
        var seen = Set<String>()
        chosen = chosen.reversed().filter { seen.insert($0.input).inserted }.reversed()
      }
      chosen = Self.last(request["n"]?.int, of: chosen)
    default:
      chosen = Self.last(request["n"]?.int ?? 10, of: cells)
    }
    let withOutput = request["output"]?.bool ?? false
    return .array(
      chosen.map { cell in
        let input = JSONOut.string(cell.input)
        let output = cell.output.map { JSONOut.string($0) } ?? .null
        return .array([
          .int(session), .int(cell.number), withOutput ? .array([input, output]) : input,
        ])
      })
  }

  private static func last(_ n: Int?, of cells: [Cell]) -> [Cell] {
    guard let n else { return cells }
    return Array(cells.suffix(Swift.max(0, n)))
  }
}

/// Glob patterns as `history_request` searches with them: `*` for any text, `?` for any one
/// character, everything else literally; the whole input must match.
enum Glob {
  static func matches(_ text: String, pattern: String) -> Bool {
    matches(Array(text), Array(pattern)[...])
  }

  private static func matches(_ text: [Character], _ pattern: ArraySlice<Character>) -> Bool {
    // Iterative with one backtracking point (the last `*`): linear in practice, never
    // exponential on patterns like `*a*a*a*b`.
    var t = 0
    var p = pattern.startIndex
    var star: (pattern: Int, text: Int)?
    while t < text.count {
      if p < pattern.endIndex, pattern[p] == "*" {
        star = (p, t)
        p += 1
      } else if p < pattern.endIndex, pattern[p] == "?" || pattern[p] == text[t] {
        t += 1
        p += 1
      } else if let last = star {
        p = last.pattern + 1
        t = last.text + 1
        star = (last.pattern, last.text + 1)
      } else {
        return false
      }
    }
    while p < pattern.endIndex, pattern[p] == "*" { p += 1 }
    return p == pattern.endIndex
  }
}

/// Kernel session numbers that count up each time a kernel starts, as the protocol's history
/// asks: the last one is kept in `kernel-session` in Gradus's state folder. Without a state
/// folder (or when it cannot be written) every kernel is session 1.
enum KernelSessionCounter {
  static func next(in folder: String? = StateDirectory.current) -> Int {
    guard let folder else { return 1 }
    let path = folder + "/kernel-session"
    let last = FileBytes.text(path).flatMap { Int(String($0.filter { !$0.isWhitespace })) } ?? 0
    let session = last + 1
    StateDirectory.makeDirectory(parentOf: path)
    _ = AtomicFile.write(Array("\(session)\n".utf8), to: path)
    return session
  }
}
