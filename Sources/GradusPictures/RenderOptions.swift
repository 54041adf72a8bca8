/// What the terminal can show, decided once at the edge (the CLI, the REPL) and handed to the
/// renderers, which never look at the environment themselves.
public struct RenderOptions: Sendable, Equatable {
  /// How many colours escape sequences may use.
  public enum Colour: Sendable, Equatable {
    /// No escape sequences at all.
    case none
    /// xterm's 256 colours (`ESC[38;5;Nm`).
    case ansi256
    /// 24-bit colour (`ESC[38;2;R;G;Bm`), when `COLORTERM` says the terminal has it.
    case trueColor
  }

  /// Columns available for a picture.
  public var width: Int
  public var colour: Colour
  /// Braille, block and box-drawing characters; false keeps to ASCII.
  public var unicode: Bool

  /// The default when nothing is known about the terminal.
  public static let defaultWidth = 72

  public init(width: Int = RenderOptions.defaultWidth, colour: Colour = .none, unicode: Bool = true)
  {
    self.width = width
    self.colour = colour
    self.unicode = unicode
  }

  /// ASCII without colour: for files, pipes and `NO_COLOR`.
  public static let plain = RenderOptions(colour: .none, unicode: false)

  /// The options for an output stream, from the environment variables and what is known about
  /// the stream. Every one of `NO_COLOR`, output that is not a terminal, `TERM=dumb` and a
  /// locale without UTF-8 degrades pictures to plain ASCII, so they stay readable in a log.
  ///
  /// - Parameters:
  ///   - environment: the process environment (`NO_COLOR`, `COLORTERM`, `TERM`, `LC_ALL`,
  ///     `LC_CTYPE`, `LANG`, `COLUMNS`).
  ///   - isTerminal: whether the output stream is a terminal.
  ///   - columns: the terminal's width if known (from the window-size ioctl).
  public init(environment: [String: String], isTerminal: Bool, columns: Int?) {
    let width = RenderOptions.width(columns: columns ?? environment["COLUMNS"].flatMap { Int($0) })
    let term = environment["TERM"] ?? ""
    let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    guard isTerminal, !noColour, term != "dumb", RenderOptions.localeIsUTF8(environment) else {
      self.init(width: width, colour: .none, unicode: false)
      return
    }
    let colorterm = (environment["COLORTERM"] ?? "").lowercased()
    let colour: Colour = colorterm == "truecolor" || colorterm == "24bit" ? .trueColor : .ansi256
    self.init(width: width, colour: colour, unicode: true)
  }

  /// Pictures use the whole terminal, within bounds: narrower than 40 columns nothing fits,
  /// and wider than 160 a chart only gets flatter.
  static func width(columns: Int?) -> Int {
    guard let columns, columns > 0 else { return defaultWidth }
    return Swift.min(160, Swift.max(40, columns))
  }

  /// The first of `LC_ALL`, `LC_CTYPE`, `LANG` that is set decides, as in POSIX.
  public static func localeIsUTF8(_ environment: [String: String]) -> Bool {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first {
      !$0.isEmpty
    }
    guard let locale else { return false }
    let normalized = locale.lowercased().filter { $0 != "-" && $0 != "_" }
    return normalized.contains("utf8")
  }
}

extension RenderOptions {
  static let reset = "\u{1B}[0m"

  /// The escape that sets the text colour (empty without colour).
  func foreground(_ colour: RGB) -> String { escape(colour, layer: 38) }

  /// The escape that sets the cell colour behind the text (empty without colour).
  func background(_ colour: RGB) -> String { escape(colour, layer: 48) }

  private func escape(_ rgb: RGB, layer: Int) -> String {
    switch colour {
    case .none: return ""
    case .ansi256: return "\u{1B}[\(layer);5;\(rgb.ansi256)m"
    case .trueColor:
      let (r, g, b) = rgb.bytes
      return "\u{1B}[\(layer);2;\(r);\(g);\(b)m"
    }
  }

  /// `text` in `colour`, reset afterwards (unchanged without colour).
  func painted(_ text: String, _ rgb: RGB) -> String {
    colour == .none || text.isEmpty ? text : foreground(rgb) + text + RenderOptions.reset
  }

  /// Dimmed text for axes and notes (unchanged without colour).
  func dim(_ text: String) -> String {
    colour == .none || text.isEmpty ? text : "\u{1B}[2m" + text + RenderOptions.reset
  }

  /// Bold text for titles (unchanged without colour).
  func bold(_ text: String) -> String {
    colour == .none || text.isEmpty ? text : "\u{1B}[1m" + text + RenderOptions.reset
  }

  /// Characters from darkest to brightest, for shading without colour.
  var shades: [Character] { unicode ? [" ", "░", "▒", "▓", "█"] : Array(" .:-=+*#%@") }

  /// The shade for `t` in [0, 1].
  func shade(_ t: Double) -> Character {
    let ramp = shades
    let t = t.isNaN ? 0 : Swift.min(1, Swift.max(0, t))
    return ramp[Swift.min(ramp.count - 1, Int(t * Double(ramp.count - 1) + 0.5))]
  }
}
