/// A problem found in a program, as data: where, what, and how to fix it.
///
/// Messages are lowercase, have no final period and stand on their own
/// ("unknown name `lossx`"), so they read well after `error: `. Rendering is the
/// job of `DiagnosticRenderer`; nothing here knows about terminals.
public struct Diagnostic: Hashable, Sendable {
  /// How serious a diagnostic is.
  public enum Severity: String, Hashable, Sendable {
    case error
    case warning
    case note
  }

  /// A secondary span shown with `-` under it and an optional label.
  public struct Highlight: Hashable, Sendable {
    public var span: Span
    public var label: String?

    public init(_ span: Span, _ label: String? = nil) {
      self.span = span
      self.label = label
    }
  }

  /// A machine-applicable edit: replace the text of `span` with `replacement`.
  public struct FixIt: Hashable, Sendable {
    public var span: Span
    public var replacement: String

    public init(span: Span, replacement: String) {
      self.span = span
      self.replacement = replacement
    }
  }

  public var severity: Severity
  /// Stable identifier, such as `unclosed-delimiter`; tests and docs key on it.
  public var id: DiagnosticID
  public var message: String
  /// The primary span, marked with `^` and named in the `-->` line.
  public var span: Span
  /// Optional label written after the primary `^` marks.
  public var label: String?
  public var highlights: [Highlight]
  public var notes: [String]
  public var help: String?
  public var fixIts: [FixIt]

  public init(
    _ severity: Severity = .error,
    id: DiagnosticID,
    message: String,
    span: Span,
    label: String? = nil,
    highlights: [Highlight] = [],
    notes: [String] = [],
    help: String? = nil,
    fixIts: [FixIt] = []
  ) {
    self.severity = severity
    self.id = id
    self.message = message
    self.span = span
    self.label = label
    self.highlights = highlights
    self.notes = notes
    self.help = help
    self.fixIts = fixIts
  }

  /// Shorthand for an error diagnostic.
  public static func error(
    _ id: DiagnosticID, _ message: String, at span: Span, label: String? = nil,
    highlights: [Highlight] = [], notes: [String] = [], help: String? = nil,
    fixIts: [FixIt] = []
  ) -> Diagnostic {
    Diagnostic(
      .error, id: id, message: message, span: span, label: label, highlights: highlights,
      notes: notes, help: help, fixIts: fixIts)
  }
}
