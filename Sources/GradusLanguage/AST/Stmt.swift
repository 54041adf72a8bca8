/// A statement node; like `Expr`, a class so each node has an identity.
public final class Stmt: Hashable, Sendable, CustomDebugStringConvertible {
  /// What the statement is.
  public enum Kind: Sendable {
    /// A bare expression; at the top level its value is shown.
    case expression(Expr)
    /// `x = e`, `net.fc1.W = e`, `x[0] = e`.
    case assign(target: Expr, value: Expr)
    /// `x += e` and friends; `op` is the arithmetic part (`+` for `+=`).
    case compoundAssign(target: Expr, op: BinaryOperator, value: Expr, operatorSpan: Span)
    /// `(a, b) = e`.
    case destructure(targets: [Identifier], value: Expr)
    /// `fn f(x) = e`, `fn f(x) { … }`, and model methods `forward(x) = e`.
    case function(FunctionDecl)
    /// `model Name(params) { members }`.
    case model(ModelDecl)
    /// `if … { } else if … { } else { }`.
    case `if`(IfStmt)
    /// `for x in e { }`, `for (a, b) in e { }`.
    case `for`(ForStmt)
    /// `while cond { }`.
    case `while`(condition: Expr, body: Block)
    /// `return` or `return e`.
    case `return`(Expr?)
    case `break`
    case `continue`
    /// `trace { … }`, `no_grad { … }`: a named block the evaluator gives meaning to.
    case scoped(name: Identifier, body: Block)
  }

  public let kind: Kind
  public let span: Span

  public init(_ kind: Kind, span: Span) {
    self.kind = kind
    self.span = span
  }

  public static func == (lhs: Stmt, rhs: Stmt) -> Bool { lhs === rhs }
  public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

  /// The S-expression form, e.g. `(= x (+ a b))`.
  public var debugDescription: String { sexpr }
}

/// `{ statements }`.
public struct Block: Sendable {
  public let statements: [Stmt]
  /// From `{` to `}`.
  public let span: Span

  public init(statements: [Stmt], span: Span) {
    self.statements = statements
    self.span = span
  }
}

/// A parameter `x` or `lr = 0.01`.
public struct Parameter: Sendable {
  public let name: Identifier
  public let defaultValue: Expr?

  public init(name: Identifier, defaultValue: Expr?) {
    self.name = name
    self.defaultValue = defaultValue
  }

  public var span: Span { defaultValue.map { name.span.union($0.span) } ?? name.span }
}

/// A function or method: `fn name(params) = expr` or `fn name(params) { block }`.
public struct FunctionDecl: Sendable {
  /// The body: one expression, or a block that uses `return`.
  public enum Body: Sendable {
    case expression(Expr)
    case block(Block)
  }

  public let name: Identifier
  public let parameters: [Parameter]
  public let body: Body

  public init(name: Identifier, parameters: [Parameter], body: Body) {
    self.name = name
    self.parameters = parameters
    self.body = body
  }
}

/// `model Name(params) { members }`: the body runs when the model is built;
/// `.function` members are its methods.
public struct ModelDecl: Sendable {
  public let name: Identifier
  public let parameters: [Parameter]
  public let members: [Stmt]

  public init(name: Identifier, parameters: [Parameter], members: [Stmt]) {
    self.name = name
    self.parameters = parameters
    self.members = members
  }

  /// The method definitions among the members.
  public var methods: [FunctionDecl] {
    members.compactMap {
      if case .function(let declaration) = $0.kind { declaration } else { nil }
    }
  }
}

/// `if c1 { } else if c2 { } else { }`, kept flat: one branch per condition.
public struct IfStmt: Sendable {
  public struct Branch: Sendable {
    public let condition: Expr
    public let body: Block

    public init(condition: Expr, body: Block) {
      self.condition = condition
      self.body = body
    }
  }

  public let branches: [Branch]
  public let elseBody: Block?

  public init(branches: [Branch], elseBody: Block?) {
    self.branches = branches
    self.elseBody = elseBody
  }
}

/// `for pattern in iterable { body }`.
public struct ForStmt: Sendable {
  /// The loop variable(s).
  public enum Pattern: Sendable {
    case name(Identifier)
    /// `for (xb, yb) in batches(…)`.
    case tuple([Identifier])

    public var names: [Identifier] {
      switch self {
      case .name(let name): [name]
      case .tuple(let names): names
      }
    }
  }

  public let pattern: Pattern
  public let iterable: Expr
  public let body: Block

  public init(pattern: Pattern, iterable: Expr, body: Block) {
    self.pattern = pattern
    self.iterable = iterable
    self.body = body
  }
}
