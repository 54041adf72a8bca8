import Testing

@testable import GradusLanguage

@Suite("Parser: precedence and expressions")
struct ParserPrecedenceTests {
  @Test(arguments: [
    // Arithmetic: the mathematical order.
    ("a + b * c", "(+ a (* b c))"),
    ("a + b @ c", "(+ a (@ b c))"),
    ("a * b + c", "(+ (* a b) c)"),
    ("a - b - c", "(- (- a b) c)"),
    ("a / b / c", "(/ (/ a b) c)"),
    ("a @ b @ c", "(@ (@ a b) c)"),
    ("a % b * c", "(* (% a b) c)"),
    ("x @ W + b", "(+ (@ x W) b)"),
    // Power: right-associative, above unary minus.
    ("-x^2", "(neg (^ x 2))"),
    ("-2^2", "(neg (^ 2 2))"),
    ("2^-1", "(^ 2 (neg 1))"),
    ("2^3^2", "(^ 2 (^ 3 2))"),
    ("a * b ^ c", "(* a (^ b c))"),
    ("(a * b) ^ c", "(^ (* a b) c)"),
    ("-a * b", "(* (neg a) b)"),
    ("- -a", "(neg (neg a))"),
    ("+a", "(pos a)"),
    ("x.T ^ 2", "(^ (. x T) 2)"),
    ("f(x)^2", "(^ (call f x) 2)"),
    // Ranges sit between comparisons and `+`.
    ("1...n", "(... 1 n)"),
    ("0..<n-1", "(..< 0 (- n 1))"),
    ("-1...1", "(... (neg 1) 1)"),
    ("a...b == c", "(== (... a b) c)"),
    // Comparisons, not, and, or.
    ("a < b + 1", "(< a (+ b 1))"),
    ("a == b and c != d", "(and (== a b) (!= c d))"),
    ("a or b and c", "(or a (and b c))"),
    ("a and b or c", "(or (and a b) c)"),
    ("not a == b", "(not (== a b))"),
    ("not a and b", "(and (not a) b)"),
    ("not not a", "(not (not a))"),
    ("a <= b or c >= d", "(or (<= a b) (>= c d))"),
    ("a or b or c", "(or (or a b) c)"),
    // Postfix binds tightest.
    ("net.fc1.W", "(. (. net fc1) W)"),
    ("opt.step()", "(call (. opt step))"),
    ("f(x)(y)", "(call (call f x) y)"),
    ("x[0][1]", "(index (index x 0) 1)"),
    ("-x[0]", "(neg (index x 0))"),
    ("a.b[0].c(d)", "(call (. (index (. a b) 0) c) d)"),
    ("self.fc1(x)", "(call (. self fc1) x)"),
    // Grouping.
    ("(a + b) @ c", "(@ (+ a b) c)"),
    ("((a))", "a"),
  ])
  func precedence(source: String, expected: String) {
    #expect(Support.sexpr(source) == expected)
  }

  @Test(arguments: [
    ("3", "3"),
    ("0.5", "0.5"),
    ("1e-3", "1e-3"),
    ("\"loss\"", "\"loss\""),
    ("\"a\\n\"", "\"a\\n\""),
    ("true", "true"),
    ("false", "false"),
    ("none", "none"),
    ("self", "self"),
    ("θ", "θ"),
    ("[]", "(list)"),
    ("[1, 2, 3]", "(list 1 2 3)"),
    ("[[1, 2], [3, 4]]", "(list (list 1 2) (list 3 4))"),
    ("[1, 2,]", "(list 1 2)"),
    ("[\n  1,\n  2\n]", "(list 1 2)"),
    ("f()", "(call f)"),
    ("f(x, axis: 1, keep: true)", "(call f x axis:1 keep:true)"),
    ("randn(3, 2, seed: 1)", "(call randn 3 2 seed:1)"),
    ("softmax(s, axis: -1)", "(call softmax s axis:(neg 1))"),
    ("f(\n  x,\n  y,\n)", "(call f x y)"),
    ("x[0]", "(index x 0)"),
    ("x[-1]", "(index x (neg 1))"),
    ("x[:, 1]", "(index x (slice _ _ _) 1)"),
    ("x[1:3]", "(index x (slice 1 3 _))"),
    ("x[::2]", "(index x (slice _ _ 2))"),
    ("x[1:]", "(index x (slice 1 _ _))"),
    ("x[:3]", "(index x (slice _ 3 _))"),
    ("x[1:10:2]", "(index x (slice 1 10 2))"),
    ("x[i, j]", "(index x i j)"),
    ("x[:, 0:3]", "(index x (slice _ _ _) (slice 0 3 _))"),
    ("x[n-1]", "(index x (- n 1))"),
    ("x.T", "(. x T)"),
    ("x.shape", "(. x shape)"),
  ])
  func primaries(source: String, expected: String) {
    #expect(Support.sexpr(source) == expected)
  }

  @Test func numberLiteralsKeepTextValueAndIntegerness() throws {
    let statements = Support.parse("3\n3.0\n1e-3").program.statements
    var literals: [NumberLiteral] = []
    for statement in statements {
      if case .expression(let expr) = statement.kind, case .number(let literal) = expr.kind {
        literals.append(literal)
      }
    }
    #expect(literals.map(\.text) == ["3", "3.0", "1e-3"])
    #expect(literals.map(\.value) == [3, 3, 0.001])
    #expect(literals.map(\.isInteger) == [true, false, false])
  }

  @Test func spansCoverTheirSource() throws {
    let result = Support.parse("z = (x @ W) + b")
    let statement = try #require(result.program.statements.first)
    #expect(statement.span == Span(start: 0, end: 15))
    guard case .assign(let target, let value) = statement.kind,
      case .binary(.add, let lhs, let rhs, let plus) = value.kind,
      case .binary(.matmul, let x, let w, let at) = lhs.kind
    else {
      Issue.record("unexpected shape: \(statement.sexpr)")
      return
    }
    let source = result.program.source
    #expect(source.text(of: target.span) == "z")
    #expect(source.text(of: value.span) == "(x @ W) + b")
    #expect(source.text(of: lhs.span) == "(x @ W)")
    #expect(source.text(of: x.span) == "x")
    #expect(source.text(of: w.span) == "W")
    #expect(source.text(of: at) == "@")
    #expect(source.text(of: plus) == "+")
    #expect(source.text(of: rhs.span) == "b")
  }

  @Test func nodesHaveIdentity() throws {
    let statements = Support.parse("x\nx").program.statements
    #expect(statements.count == 2)
    #expect(statements[0] != statements[1])
    #expect(Set(statements).count == 2)
    guard case .expression(let first) = statements[0].kind,
      case .expression(let second) = statements[1].kind
    else { return }
    #expect(first != second && first == first)
    #expect(first.height == 0)
  }
}
