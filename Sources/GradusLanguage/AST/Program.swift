/// A part of a lesson file: Markdown prose, or the code between prose.
public enum Cell: Sendable {
  /// Consecutive `#'` lines, joined with `\n` (the `#'` and one space removed).
  case prose(String, span: Span)
  /// The statements between two prose cells.
  case code([Stmt], span: Span)

  public var span: Span {
    switch self {
    case .prose(_, let span), .code(_, let span): span
    }
  }
}

/// A parsed file: a runnable program and a document at once.
public struct Program: Sendable {
  /// The file the spans point into.
  public let source: SourceFile
  public let cells: [Cell]

  public init(source: SourceFile, cells: [Cell]) {
    self.source = source
    self.cells = cells
  }

  /// Every code statement in order, prose skipped.
  public var statements: [Stmt] {
    cells.flatMap { cell -> [Stmt] in
      if case .code(let statements, _) = cell { statements } else { [] }
    }
  }
}
