import CEditLine

#if canImport(Glibc)
  import Glibc
#endif

/// Ctrl-R: searching the history, with a line that says what is happening. libedit's own
/// search shows only `bck:` and the pattern under the prompt; this one shows
/// `search history for `alp`: alpha = 1`, goes further back with Ctrl-R, and puts the entry
/// found at the prompt (Enter then runs it) or leaves the line as it was (Ctrl-G, Esc, Ctrl-C).
extension LineEditor {
  /// What the search ends with.
  enum SearchEnd {
    case take(String)
    case cancel
    case interrupted
  }

  /// The newest entry older than `before` that contains `query`, and its index.
  static func newestMatch(_ query: String, in entries: [String], before: Int) -> Int? {
    guard !query.isEmpty else { return nil }
    return entries[..<Swift.max(0, Swift.min(before, entries.count))].lastIndex {
      $0.contains(query)
    }
  }

  /// The search line as drawn: the query, and the entry found (its line breaks as `↵`), cut to
  /// the terminal's width.
  static func searchLine(query: String, found: String?, width: Int) -> String {
    let head =
      query.isEmpty
      ? "search history (type; Ctrl-R older, Enter takes it, Ctrl-G cancels)"
      : "search history for `\(query)`: "
    let tail = query.isEmpty ? "" : found.map { $0.replacingLineBreaks() } ?? "(nothing matches)"
    let line = head + tail
    return line.count < width ? line : String(line.prefix(Swift.max(1, width - 2))) + "…"
  }

  /// Runs the search below the prompt; libedit redraws the prompt and the line afterwards.
  func searchHistory() -> UInt8 {
    var query = ""
    var index: Int?
    let draw = { [self] in
      let found = index.map { entries[$0] }
      let line = Self.searchLine(query: query, found: found, width: Self.terminalWidth())
      fputs("\r\u{1B}[K" + line, output)
      fflush(output)
    }
    fputs("\n", output)
    draw()
    var end = SearchEnd.cancel
    reading: while true {
      guard let key = readSearchKey() else {
        end = interruptedWhileSearching ? .interrupted : .cancel
        break reading
      }
      switch key {
      case "\r", "\n":
        if let index { end = .take(entries[index]) }
        break reading
      case "\u{12}":  // Ctrl-R: further back
        if let older = Self.newestMatch(query, in: entries, before: index ?? entries.count) {
          index = older
        }
      case "\u{7F}", "\u{8}":
        if !query.isEmpty { query.removeLast() }
        index = Self.newestMatch(query, in: entries, before: entries.count)
      case "\u{7}", "\u{1B}", "\u{3}":
        break reading
      default:
        guard key.properties.generalCategory != .control else { continue }
        query.unicodeScalars.append(key)
        index = Self.newestMatch(query, in: entries, before: entries.count)
      }
      draw()
    }
    // Clear the search line; over a prompt that took one row, go back up to it, so that
    // libedit redraws the prompt where it was rather than below a stale copy.
    let typed = currentLine()
    let oneRow = !typed.contains("\n") && typed.count + 12 < Self.terminalWidth()
    fputs("\r\u{1B}[K" + (oneRow ? "\u{1B}[A\r\u{1B}[K" : ""), output)
    fflush(output)
    switch end {
    case .take(let entry):
      replaceLine(with: entry)
      return UInt8(CC_REDISPLAY)
    case .cancel:
      return UInt8(CC_REDISPLAY)
    case .interrupted:
      // `readLine` sees the flag and drops the line, as Ctrl-C at the prompt does.
      return UInt8(CC_NEWLINE)
    }
  }

  /// The text in the edit buffer.
  private func currentLine() -> String {
    guard let info = el_line(editor) else { return "" }
    let count = info.pointee.lastchar - info.pointee.buffer
    return String(
      decoding: UnsafeRawBufferPointer(start: info.pointee.buffer, count: Int(count)),
      as: UTF8.self)
  }

  /// Replaces the whole edit buffer with `text`.
  private func replaceLine(with text: String) {
    guard let info = el_line(editor) else { return }
    let current = currentLine().unicodeScalars.count
    let cursorBytes = info.pointee.cursor - info.pointee.buffer
    let beforeCursor = String(
      decoding: UnsafeRawBufferPointer(start: info.pointee.buffer, count: Int(cursorBytes)),
      as: UTF8.self
    ).unicodeScalars.count
    _ = el_cursor(editor, Int32(current - beforeCursor))
    el_deletestr(editor, Int32(current))
    el_insertstr(editor, text)
  }
}

extension String {
  /// The text on one line, each line break shown as `↵`.
  fileprivate func replacingLineBreaks() -> String {
    split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ↵ ")
  }
}
