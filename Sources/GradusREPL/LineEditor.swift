import CEditLine

#if canImport(Glibc)
  import Glibc
#endif

/// What reading one line gave.
enum LineInput: Equatable {
  case line(String)
  /// Ctrl-C at the prompt: the line was dropped.
  case interrupted
  /// Ctrl-D on an empty line, or the end of piped input.
  case end
}

/// Where lines come from: libedit on a terminal, plain reading otherwise.
protocol LineReader: AnyObject {
  /// Reads a line after showing `prompt` (plain text for transcripts, `editorPrompt` with
  /// libedit's markers around colour codes).
  func readLine(prompt: String, editorPrompt: String) -> LineInput
  /// Remembers an entered line for Up/Down, Ctrl-R and later sessions.
  func remember(_ line: String)
  /// Why reading stopped early (input that is not UTF-8 text), or nil.
  var failure: String? { get }
}

extension LineReader {
  var failure: String? { nil }
}

/// Line editing with libedit: Emacs keys (or the user's `~/.editrc`), history on Up/Down and
/// Ctrl-R, Tab completion. libedit calls back into C function pointers, which can capture
/// nothing; they find this object through `EL_CLIENTDATA`.
final class LineEditor: LineReader {
  let editor: OpaquePointer
  private let history: OpaquePointer
  /// libedit's streams: its own, on duplicated descriptors, so that closing them at the end
  /// leaves the process's standard streams open. libedit flushes `output` before it returns a
  /// line, so it never overtakes the console's unbuffered writes.
  private let input: UnsafeMutablePointer<FILE>
  let output: UnsafeMutablePointer<FILE>
  private let errors: UnsafeMutablePointer<FILE>
  private let completer: Completer
  private let historyFile: HistoryFile?
  private var prompt: UnsafeMutablePointer<CChar>
  /// Set by `readCharacter` when Ctrl-C arrived while waiting for a key.
  private var interrupted = false
  /// Every history entry, oldest first, for Ctrl-R (libedit's list is not searchable from
  /// Swift without its variadic interface).
  private(set) var entries: [String] = []

  /// Whether Ctrl-C ended a history search.
  var interruptedWhileSearching: Bool { interrupted }

  init?(completer: Completer, historyFile: HistoryFile?) {
    guard let input = fdopen(dup(STDIN_FILENO), "r"), let output = fdopen(dup(STDOUT_FILENO), "w"),
      let errors = fdopen(dup(STDERR_FILENO), "w"),
      let editor = el_init("gradus", input, output, errors), let history = history_init()
    else { return nil }
    (self.input, self.output, self.errors) = (input, output, errors)
    self.editor = editor
    self.history = history
    self.completer = completer
    self.historyFile = historyFile
    prompt = strdup("")
    configure()
    entries = historyFile?.load() ?? []
    for entry in entries { gradus_history_enter(history, entry) }
  }

  deinit {
    el_end(editor)
    history_end(history)
    free(prompt)
    for stream in [input, output, errors] { fclose(stream) }
  }

  private func configure() {
    gradus_el_set_client_data(editor, Unmanaged.passUnretained(self).toOpaque())
    gradus_el_set_editor(editor, "emacs")
    // libedit's own handlers would re-raise SIGINT to the whole process group; ours only sets
    // the interrupt flag, which `readCharacter` notices.
    gradus_el_set_signal(editor, 0)
    gradus_el_set_prompt(editor, { editor in LineEditor.of(editor)?.prompt }, 1)
    gradus_el_set_getc(editor) { editor, character in
      guard let editor = LineEditor.of(editor), let character else { return -1 }
      return editor.readCharacter(into: character)
    }
    gradus_el_add_function(editor, "gradus-complete", "complete a name, field, command or file") {
      editor, _ in
      guard let editor = LineEditor.of(editor) else { return UInt8(CC_ERROR) }
      return editor.complete()
    }
    gradus_el_bind(editor, "^I", "gradus-complete")
    gradus_el_add_function(editor, "gradus-search", "search the history") { editor, _ in
      guard let editor = LineEditor.of(editor) else { return UInt8(CC_ERROR) }
      return editor.searchHistory()
    }
    gradus_el_bind(editor, "^R", "gradus-search")
    gradus_history_set_size(history, Int32(historyFile?.capacity ?? 10_000))
    gradus_history_set_unique(history, 1)
    gradus_el_set_history(editor, history)
    // The user's ~/.editrc (`bind -v` for vi keys, …) overrides the defaults above.
    el_source(editor, nil)
  }

  private static func of(_ editor: OpaquePointer?) -> LineEditor? {
    guard let editor, let raw = gradus_el_client_data(editor) else { return nil }
    return Unmanaged<LineEditor>.fromOpaque(raw).takeUnretainedValue()
  }

  func readLine(prompt: String, editorPrompt: String) -> LineInput {
    free(self.prompt)
    self.prompt = strdup(editorPrompt)
    interrupted = false
    interruptFlag.clear()
    // Into edit mode before the prompt appears: libedit would switch only when it reads the
    // first key, and a key typed in between (a quick Ctrl-D) would meet the terminal's own
    // line discipline instead.
    gradus_el_prepare_terminal(editor, 1)
    var count: Int32 = 0
    let line = el_gets(editor, &count)
    if interrupted {
      fputs("\n", output)
      fflush(output)
      return .interrupted
    }
    guard let line, count > 0 else { return .end }
    var text = String(cString: line)
    if text.hasSuffix("\n") { text.removeLast() }
    return .line(text)
  }

  func remember(_ line: String) {
    guard !line.trimmingWhitespace().isEmpty else { return }
    gradus_history_enter(history, line)
    if entries.last != line { entries.append(line) }
    historyFile?.append(line)
  }

  /// libedit's read function: one character from the terminal, decoded from UTF-8.
  ///
  /// It waits in `poll`, which returns on any signal whatever `SA_RESTART` says, and wakes
  /// every 50 ms anyway: the kernel may deliver Ctrl-C's SIGINT to another thread (the main
  /// thread, which waits for this one, or a BLAS worker), whose handler only raises the flag.
  /// Returning -1 makes `el_gets` give up the line, which is what Ctrl-C at the prompt should do.
  private func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
    var bytes: [UInt8] = []
    while true {
      if interruptFlag.isRaised {
        interruptFlag.clear()
        interrupted = true
        errno = EINTR
        return -1
      }
      var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
      let ready = poll(&descriptor, 1, 50)
      if ready < 0 && errno != EINTR { return -1 }
      if ready <= 0 { continue }
      var byte: UInt8 = 0
      let n = read(STDIN_FILENO, &byte, 1)
      if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
      if n < 0 { return -1 }
      if n == 0 { return 0 }
      bytes.append(byte)
      switch UTF8Decoding.decode(bytes) {
      case .complete(let scalar):
        character.pointee = wchar_t(bitPattern: scalar.value)
        return 1
      case .needMore:
        continue
      case .invalid:
        bytes.removeAll()  // drop a broken sequence rather than insert garbage
      }
    }
  }

  /// One key for the history search; nil at the end of input or on Ctrl-C.
  func readSearchKey() -> Unicode.Scalar? {
    var character: wchar_t = 0
    guard readCharacter(into: &character) == 1 else { return nil }
    return Unicode.Scalar(UInt32(bitPattern: character))
  }

  /// Tab: inserts the common start of the candidates; when that adds nothing, lists them.
  private func complete() -> UInt8 {
    guard let info = el_line(editor) else { return UInt8(CC_ERROR) }
    let length = info.pointee.cursor - info.pointee.buffer
    let bytes = UnsafeRawBufferPointer(start: info.pointee.buffer, count: Int(length))
    let line = String(decoding: bytes, as: UTF8.self)
    let completion = completer.complete(line)
    guard !completion.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
    let typed = String(Array(line)[completion.start...])
    if completion.candidates.count == 1 {
      el_insertstr(
        editor, String(completion.candidates[0].dropFirst(typed.count)) + completion.suffix)
      return UInt8(CC_REFRESH)
    }
    let common = completion.commonPrefix
    if common.count > typed.count {
      el_insertstr(editor, String(common.dropFirst(typed.count)))
      return UInt8(CC_REFRESH)
    }
    var listing =
      "\n"
      + TextLayout.columns(Array(completion.candidates.prefix(200)), width: Self.terminalWidth())
    if completion.candidates.count > 200 {
      listing += "… and \(completion.candidates.count - 200) more\n"
    }
    fputs(listing, output)
    return UInt8(CC_REDISPLAY)
  }

  static func terminalWidth() -> Int {
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
    return Int(size.ws_col)
  }
}

/// Incremental UTF-8 decoding of bytes read one at a time.
enum UTF8Decoding {
  enum Result: Equatable {
    case complete(Unicode.Scalar)
    case needMore
    case invalid
  }

  static func decode(_ bytes: [UInt8]) -> Result {
    guard let lead = bytes.first else { return .needMore }
    let length: Int
    switch lead {
    case 0..<0x80: length = 1
    case 0xC2..<0xE0: length = 2
    case 0xE0..<0xF0: length = 3
    case 0xF0..<0xF5: length = 4
    default: return .invalid
    }
    if bytes.count < length {
      return bytes.dropFirst().allSatisfy { $0 & 0xC0 == 0x80 } ? .needMore : .invalid
    }
    guard let text = String(validating: bytes, as: UTF8.self),
      let scalar = text.unicodeScalars.first
    else {
      return .invalid
    }
    return .complete(scalar)
  }
}
