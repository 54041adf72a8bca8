/// A compact, unambiguous S-expression form of the AST, for tests and
/// debugging: `-x^2` prints as `(neg (^ x 2))`, `a + b @ c` as `(+ a (@ b c))`.
///
/// Numbers print as written, strings quoted, missing slice parts as `_`,
/// named arguments as `label:value`.
extension Expr {
  public var sexpr: String {
    var printer = SExpressionPrinter()
    printer.write(self)
    return printer.output
  }
}

extension Stmt {
  public var sexpr: String {
    var printer = SExpressionPrinter()
    printer.write(self)
    return printer.output
  }
}

extension Program {
  /// All statements, one S-expression per line.
  public var sexpr: String {
    statements.map(\.sexpr).joined(separator: "\n")
  }
}

struct SExpressionPrinter {
  var output = ""

  private mutating func list(_ head: String, _ body: (inout SExpressionPrinter) -> Void) {
    output += "(" + head
    body(&self)
    output += ")"
  }

  private mutating func item(_ expr: Expr?) {
    output += " "
    if let expr { write(expr) } else { output += "_" }
  }

  mutating func write(_ expr: Expr) {
    switch expr.kind {
    case .number(let literal): output += literal.text
    case .string(let value): output += String(reflecting: value)
    case .bool(let value): output += value ? "true" : "false"
    case .noneLiteral: output += "none"
    case .name(let name): output += name
    case .selfRef: output += "self"
    case .list(let items): list("list") { p in items.forEach { p.item($0) } }
    case .unary(let op, let operand, _):
      let head = [UnaryOperator.negate: "neg", .plus: "pos", .not: "not"][op] ?? op.symbol
      list(head) { $0.item(operand) }
    case .binary(let op, let lhs, let rhs, _): pair(op.symbol, lhs, rhs)
    case .comparison(let op, let lhs, let rhs, _): pair(op.symbol, lhs, rhs)
    case .logical(let op, let lhs, let rhs, _): pair(op.symbol, lhs, rhs)
    case .range(let lhs, let rhs, let closed, _): pair(closed ? "..." : "..<", lhs, rhs)
    case .call(let callee, let arguments):
      list("call") { p in
        p.item(callee)
        for argument in arguments {
          p.output += " "
          if let label = argument.label { p.output += label.name + ":" }
          p.write(argument.value)
        }
      }
    case .index(let base, let subscripts):
      list("index") { p in
        p.item(base)
        for entry in subscripts {
          switch entry {
          case .index(let expr): p.item(expr)
          case .slice(let start, let stop, let step, _):
            p.output += " "
            p.list("slice") { q in
              q.item(start)
              q.item(stop)
              q.item(step)
            }
          }
        }
      }
    case .field(let base, let name):
      list(".") { p in
        p.item(base)
        p.output += " " + name.name
      }
    }
  }

  private mutating func pair(_ head: String, _ lhs: Expr, _ rhs: Expr) {
    list(head) { p in
      p.item(lhs)
      p.item(rhs)
    }
  }

  mutating func write(_ stmt: Stmt) {
    switch stmt.kind {
    case .expression(let expr): write(expr)
    case .assign(let target, let value): pair("=", target, value)
    case .compoundAssign(let target, let op, let value, _): pair(op.symbol + "=", target, value)
    case .destructure(let targets, let value):
      list("=") { p in
        p.output += " (tuple " + targets.map(\.name).joined(separator: " ") + ")"
        p.item(value)
      }
    case .function(let declaration): write(declaration)
    case .model(let declaration):
      list("model " + declaration.name.name) { p in
        p.output += " "
        p.write(declaration.parameters)
        declaration.members.forEach {
          p.output += " "
          p.write($0)
        }
      }
    case .if(let statement):
      list("if") { p in
        for (index, branch) in statement.branches.enumerated() {
          if index == 0 {
            p.item(branch.condition)
            p.output += " "
            p.write(branch.body)
          } else {
            p.output += " "
            p.list("else-if") { q in
              q.item(branch.condition)
              q.output += " "
              q.write(branch.body)
            }
          }
        }
        if let elseBody = statement.elseBody {
          p.output += " "
          p.list("else") { q in
            q.output += " "
            q.write(elseBody)
          }
        }
      }
    case .for(let statement):
      list("for") { p in
        switch statement.pattern {
        case .name(let name): p.output += " " + name.name
        case .tuple(let names): p.output += " (" + names.map(\.name).joined(separator: " ") + ")"
        }
        p.item(statement.iterable)
        p.output += " "
        p.write(statement.body)
      }
    case .while(let condition, let body):
      list("while") { p in
        p.item(condition)
        p.output += " "
        p.write(body)
      }
    case .return(let value): list("return") { p in if let value { p.item(value) } }
    case .break: output += "(break)"
    case .continue: output += "(continue)"
    case .scoped(let name, let body):
      list("scope " + name.name) { p in
        p.output += " "
        p.write(body)
      }
    }
  }

  mutating func write(_ declaration: FunctionDecl) {
    list("fn " + declaration.name.name) { p in
      p.output += " "
      p.write(declaration.parameters)
      switch declaration.body {
      case .expression(let expr): p.item(expr)
      case .block(let block):
        p.output += " "
        p.write(block)
      }
    }
  }

  mutating func write(_ parameters: [Parameter]) {
    output += "("
    for (index, parameter) in parameters.enumerated() {
      if index > 0 { output += " " }
      if let value = parameter.defaultValue {
        output += "(= \(parameter.name.name) "
        write(value)
        output += ")"
      } else {
        output += parameter.name.name
      }
    }
    output += ")"
  }

  mutating func write(_ block: Block) {
    list("block") { p in
      block.statements.forEach {
        p.output += " "
        p.write($0)
      }
    }
  }
}
