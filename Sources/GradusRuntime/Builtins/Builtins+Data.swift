import GradusAutograd
import GradusLanguage
import GradusTensor

#if canImport(Glibc)
  import Glibc
#endif

extension Builtins {
  static let data: [Builtin] = [
    Builtin(
      "batches", "batches(x, y, size: 32, shuffle: true, seed: none)",
      "mini-batches of rows of x and y, as [xb, yb] pairs",
      example: "for (xb, yb) in batches(x, y, size: 16) { }"
    ) { args in
      try args.expect(
        1, 2, names: ["size", "shuffle", "seed"], signature: "batches(x, y, size: 16)")
      let interpreter = args.interpreter
      let x = try args.tensor(0)
      let y = args.count > 1 ? try args.tensor(1, "y") : nil
      let size = try args.int(nil, "size", default: 32)
      guard size >= 1 else {
        throw interpreter.error(
          .invalidValue, "size must be at least 1", at: args.namedSpan("size"))
      }
      guard x.data.rank >= 1 else {
        throw interpreter.error(
          .shapeMismatch, "`batches` needs rows: x has shape \(x.shape)", at: args.span(of: 0))
      }
      let n = x.shape[0]
      if let y, y.data.rank < 1 || y.shape[0] != n {
        throw interpreter.error(
          .shapeMismatch, "x has \(n) rows but y has shape \(y.shape)", at: args.span(of: 1),
          highlights: [.init(args.span(of: 0), "\(x.shape)")])
      }
      let shuffle = try args.bool(nil, "shuffle", default: true)
      let order =
        shuffle ? try interpreter.withGenerator(args) { g in g.permutation(n) } : Array(0..<n)
      var result = [Value]()
      for start in stride(from: 0, to: n, by: size) {
        let picks = Array(order[start..<min(start + size, n)])
        let index = try args.engine {
          try NDArray(picks.map(Double.init), shape: Shape([picks.count]))
        }
        let xb = try args.engine { try x.indexSelect(index) }
        if let y {
          let yb = try args.engine { try y.indexSelect(index) }
          result.append(.list(ListBox([.tensor(xb), .tensor(yb)])))
        } else {
          result.append(.tensor(xb))
        }
      }
      return .list(ListBox(result))
    },
    Builtin(
      "load_csv", "load_csv(path, header: true)",
      "a CSV file of numbers as a tensor [rows, columns]",
      example: "data = load_csv(\"my_data.csv\")"
    ) { args in
      try args.expect(1, names: ["header"], signature: "load_csv(\"file.csv\")")
      let path = try args.string(0, "path")
      let header = try args.bool(nil, "header", default: true)
      return try args.interpreter.loadCSV(path, header: header, at: args.span(of: 0))
    },
  ]
}

extension Interpreter {
  /// Where a path a program names is: in `fileDirectory` when it is relative and one is set.
  func filePath(_ path: String) -> String {
    guard let folder = fileDirectory, !path.hasPrefix("/") else { return path }
    return folder.hasSuffix("/") ? folder + path : folder + "/" + path
  }

  /// What a relative path is relative to, for the help of a file that is not found.
  var relativePathsHelp: String {
    guard let folder = fileDirectory else {
      return "check the path; it is relative to the directory gradus was started in"
    }
    return "check the path; in a lesson it is relative to the lessons folder, \(folder)"
  }

  /// The bytes of a file a program names, or an error at `span`: `help` for a missing file,
  /// else what is wrong with it (a folder, a device, too large, more than the memory budget
  /// has left). They stay charged to the budget in `charge` while the caller keeps it.
  func readFile(
    _ path: String, limit: Int, holding charge: inout MemoryCharge, at span: Span, help: String
  ) throws -> [UInt8] {
    switch FileBytes.load(filePath(path), limit: limit, holding: &charge) {
    case .success(let bytes): return bytes
    case .failure(let problem):
      throw error(.fileError, "cannot read `\(path)`", at: span, help: problem.reason ?? help)
    }
  }

  /// Reads a CSV of numbers; every problem names the file, line and column.
  /// Its bytes, its text, its lines and its rows are charged to the memory budget (`held`)
  /// before they are made, and given back once the tensor (charged itself) exists.
  func loadCSV(_ path: String, header: Bool, at span: Span) throws -> Value {
    var fileBytes = MemoryCharge()
    defer { withExtendedLifetime(fileBytes) {} }
    let bytes = try readFile(
      path, limit: FileBytes.textLimit, holding: &fileBytes, at: span, help: relativePathsHelp)
    let textBytes = try temporary(bytes.count, of: UInt8.self, at: span)
    defer { withExtendedLifetime(textBytes) {} }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw error(.fileError, "`\(path)` is not UTF-8 text", at: span)
    }
    let lineCount = 1 + bytes.count(where: { $0 == UInt8(ascii: "\n") })
    let lineBytes = try temporary(lineCount, of: Substring.self, at: span)
    defer { withExtendedLifetime(lineBytes) {} }
    // Every value is at least one character and a separator: at most half the bytes, plus one.
    let valueBytes = try temporary(bytes.count / 2 + 1, of: Double.self, at: span)
    defer { withExtendedLifetime(valueBytes) {} }
    var values = [Double]()
    var rowCount = 0
    // "\r\n" is one Character in Swift, so Windows line ends are split on explicitly.
    var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
      .map { $0.trimmingSuffix("\r") }
    while let last = lines.last, last.allSatisfy({ $0 == " " }) { lines.removeLast() }
    var columnsSeen: Int?
    for (number, line) in lines.enumerated() where !(header && number == 0) {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false)
      var row = [Double]()
      for (column, cell) in cells.enumerated() {
        let trimmed = cell.trimmingCharacters(in: " \t")
        guard let value = Double(trimmed) else {
          throw error(
            .fileError,
            "`\(path)` line \(number + 1), column \(column + 1): `\(trimmed)` is not a number",
            at: span)
        }
        row.append(value)
      }
      if let c = columnsSeen, c != row.count {
        throw error(
          .fileError,
          "`\(path)` line \(number + 1) has \(row.count) values, earlier lines have \(c)", at: span)
      }
      columnsSeen = row.count
      values += row
      rowCount += 1
    }
    let columns = columnsSeen ?? 0
    return .tensor(
      Tensor(try engine(span) { try NDArray(values, shape: Shape([rowCount, columns])) }))
  }
}

extension Substring {
  func trimmingSuffix(_ suffix: Character) -> Substring { last == suffix ? dropLast() : self }

  func trimmingCharacters(in set: String) -> String {
    var s = self
    while let c = s.first, set.contains(c) { s = s.dropFirst() }
    while let c = s.last, set.contains(c) { s = s.dropLast() }
    return String(s)
  }
}
