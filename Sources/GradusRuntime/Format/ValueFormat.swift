import GradusAutograd
import GradusTensor

/// How values are printed: tensors PyTorch-style with their shape, 4 decimals by default.
public struct ValueFormat: Sendable {
  /// Digits after the decimal point.
  public var decimals = 4
  /// Tensors with more elements than this are summarised with `…`.
  public var threshold = 1_000
  /// Elements shown at each end of a summarised axis.
  public var edgeItems = 3
  /// Items a printed list shows in all, counting those of nested lists; the rest is `…`.
  public var listItems = 1_000
  /// Nesting a printed list shows; deeper lists print as `[…]`.
  public var listDepth = 32
  /// Columns a row of a tensor may take before it wraps (between two numbers, never inside
  /// one), as PyTorch's `linewidth`.
  public var lineWidth = 80

  public init() {}

  /// A number with the configured decimals: `0.7071`, `-1.5000`, `nan`, `inf`.
  public func number(_ x: Double) -> String {
    number(x, scientific: needsScientific(x))
  }

  /// Whether `x` is too large or too small to show in fixed notation with the decimals.
  private func needsScientific(_ x: Double) -> Bool {
    let magnitude = Swift.abs(x)
    return x.isFinite && magnitude != 0 && (magnitude >= 1e8 || magnitude < 1e-4)
  }

  /// `x` in fixed notation, or in scientific notation when `scientific` (zero included, so a
  /// tensor can show all its numbers one way).
  private func number(_ x: Double, scientific useScientific: Bool) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    if useScientific { return x == 0 ? fixed(0, decimals) + "e+00" : scientific(x) }
    let rounded = fixed(x, decimals)
    return rounded == "-" + fixed(0, decimals) ? fixed(0, decimals) : rounded
  }

  private func fixed(_ x: Double, _ digits: Int) -> String {
    let scale = numericPower(10, Double(digits))
    let scaled = (Swift.abs(x) * scale).rounded()
    if scaled >= 9e15 { return scientific(x) }
    let whole = Int(scaled) / Int(scale)
    let fraction = Int(scaled) % Int(scale)
    var text = String(whole)
    if digits > 0 {
      let f = String(fraction)
      text += "." + String(repeating: "0", count: digits - f.count) + f
    }
    return (x < 0 ? "-" : "") + text
  }

  private func scientific(_ x: Double) -> String {
    var exponent = Int(numericLog10(Swift.abs(x)).rounded(.down))
    var mantissa = x / numericPower(10, Double(exponent))
    if Swift.abs((Swift.abs(mantissa) * 10_000).rounded() / 10_000) >= 10 {
      mantissa /= 10
      exponent += 1
    }
    return fixed(mantissa, decimals) + "e" + (exponent < 0 ? "-" : "+")
      + (Swift.abs(exponent) < 10 ? "0" : "")
      + String(Swift.abs(exponent))
  }

  /// The text a value shows as (`print`, the REPL's `Out[n]`).
  public func display(_ value: Value) -> String {
    switch value {
    case .none: return "none"
    case .bool(let b): return b ? "true" : "false"
    case .int(let n): return String(n)
    case .float(let x): return number(x)
    case .string(let s): return s.text
    case .tensor(let t): return tensor(t)
    case .list(let list):
      var budget = listItems
      return self.list(list, depth: 0, budget: &budget)
    case .range(let r): return "\(r.start)\(r.closed ? "..." : "..<")\(r.end)"
    case .function(let f): return "fn \(f.name)(\(f.parameterNames.joined(separator: ", ")))"
    case .builtin(let b): return "builtin \(b.signature)"
    case .modelType(let m): return "model \(m.name)(\(m.parameterNames.joined(separator: ", ")))"
    case .object(let o): return objectSummary(o)
    case .boundMethod(let o, let f):
      return "\(o.type.name).\(f.name)(\(f.parameterNames.joined(separator: ", ")))"
    }
  }

  /// A shape-only tensor (made inside `analyze { }`) has no numbers to show: its shape, and
  /// the memory it would take.
  /// `tensor of shape [1, 2048, 50257] (shape only, 392.6 MiB if allocated)`.
  func shapeOnly(_ t: Tensor) -> String {
    let (bytes, overflow) = t.data.count.multipliedReportingOverflow(by: t.dtype.size)
    let size = overflow ? "more bytes than can be counted" : "\(ByteCount(bytes))"
    return
      "\(t.isParameter ? "param" : "tensor") of shape \(t.shape) (shape only, \(size) if allocated)"
  }

  /// One-line form used inside lists and messages.
  public func short(_ value: Value) -> String {
    switch value {
    case .string(let s): return "\"\(s.text)\""
    case .tensor(let t) where t.data.isShapeOnly: return shapeOnly(t)
    case .tensor(let t) where t.data.count == 1 && t.data.rank == 0:
      return number(t.data.scalarValue)
    case .tensor(let t) where t.data.count > 8: return "tensor of shape \(t.shape)"
    case .tensor(let t): return elements(t.data, compact: true)
    case .object(let o): return "\(o.type.name)(…)"
    case .list(let list):
      // A message quotes a list; a long one would bury the message (as for tensors above).
      var budget = 8
      return self.list(list, depth: 0, budget: &budget)
    default: return display(value)
    }
  }

  /// A list's items, within one budget of items and a depth limit for the whole value. Lists
  /// can share sublists: `a = [a, a]` forty times makes 40 lists but 2⁴⁰ paths through them,
  /// and printing every path would never finish; deep nesting would be slow and could exhaust
  /// the stack.
  private func list(_ list: ListBox, depth: Int, budget: inout Int) -> String {
    guard depth < listDepth else { return "[…]" }
    var parts = [String]()
    for item in list.items {
      guard budget > 0 else {
        parts.append("…")
        break
      }
      budget -= 1
      if case .list(let inner) = item {
        parts.append(self.list(inner, depth: depth + 1, budget: &budget))
      } else {
        parts.append(short(item))
      }
    }
    return "[" + parts.joined(separator: ", ") + "]"
  }

  /// `0.8814` for a scalar; otherwise
  /// `tensor([[1.0000, 2.0000],
  ///          [3.0000, 4.0000]], shape: [2, 2])`, with `, param` for parameters.
  public func tensor(_ t: Tensor) -> String {
    let data = t.data
    if data.isShapeOnly { return shapeOnly(t) }
    if data.rank == 0 {
      return number(data.scalarValue) + (t.isParameter ? " (param)" : "")
    }
    let body = elements(data, compact: false, indent: 7)
    let tail = "shape: \(data.shape)" + (t.isParameter ? ", param" : "") + ")"
    // The shape goes on a line of its own when it would push the last row past the width.
    let lastLine = body.split(separator: "\n").last?.count ?? 0
    let fits = (lastLine == body.count ? 7 : 0) + lastLine + 2 + tail.count <= lineWidth
    return "tensor(" + body + (fits ? ", " : ",\n       ") + tail
  }

  /// The positions shown along each axis of a tensor of `sizes`, and whether some are left
  /// out (`…`): a tensor of more than `threshold` elements keeps `edgeItems` at each end of
  /// its long axes. The text form and the notebook's tables summarise alike.
  public func shownPositions(_ sizes: [Int]) -> [(picks: [Int], elided: Bool)] {
    // Sizes, each counted as at least 1: `zeros(1000000000, 0)` has no elements but would
    // print a billion empty rows.
    let extent = sizes.reduce(1) {
      $0.multipliedReportingOverflow(by: Swift.max($1, 1)).partialValue
    }
    let summarise = extent > threshold || extent < 0
    return sizes.map { n in
      summarise && n > 2 * edgeItems
        ? (Array(0..<edgeItems) + Array((n - edgeItems)..<n), true) : (Array(0..<n), false)
    }
  }

  /// How the elements of `data` are written: one notation for the whole tensor (shown or
  /// not), since a column of 0.5000 beside 1.0000e-05 reads as two kinds of number.
  public func elementText(_ data: NDArray) -> (Double) -> String {
    let scientific = data.containsElement(where: needsScientific)
    return { number($0, scientific: scientific) }
  }

  /// The nested-bracket text of an array's elements. Only the elements shown are read and
  /// formatted: a summarised billion-element tensor costs as much to print as a small one.
  func elements(_ data: NDArray, compact: Bool, indent: Int = 0) -> String {
    let sizes = data.shape.sizes
    let shown = shownPositions(sizes)
    let written = elementText(data)
    var index = [Int](repeating: 0, count: sizes.count)
    func text() -> String { written(data.element(at: index)) }
    func widest(_ axis: Int) -> Int {
      if axis == sizes.count { return text().count }
      var most = 0
      for pick in shown[axis].picks {
        index[axis] = pick
        most = Swift.max(most, widest(axis + 1))
      }
      return most
    }
    let width = compact ? 0 : widest(0)

    /// The sub-array at `axis` (the current `index` before it); `after` columns follow its
    /// closing bracket on its last line (the brackets closing around it and a comma).
    func render(_ axis: Int, after: Int) -> String {
      if axis == sizes.count { return pad(text(), width) }
      let (picks, elided) = shown[axis]
      var parts = [String]()
      parts.reserveCapacity(picks.count + 1)
      for (position, pick) in picks.enumerated() {
        index[axis] = pick
        parts.append(render(axis + 1, after: position == picks.count - 1 ? after + 1 : 1))
      }
      if elided { parts.insert("…", at: edgeItems) }
      let depthLeft = sizes.count - axis - 1
      if compact { return "[" + parts.joined(separator: ", ") + "]" }
      if depthLeft == 0 {
        return "[" + wrapped(parts, startingAt: indent + axis + 1, closing: after + 1) + "]"
      }
      let separator =
        "," + String(repeating: "\n", count: depthLeft)
        + String(repeating: " ", count: indent + axis + 1)
      return "[" + parts.joined(separator: separator) + "]"
    }
    // The comma before the shape follows the last row.
    return render(0, after: 1)
  }

  /// A row's numbers joined by `, `, broken onto new lines (aligned under the first number)
  /// so that no line passes `lineWidth`; a break comes only after a comma. The last line is
  /// followed by `closing` columns (its brackets, and a comma unless the tensor ends there).
  private func wrapped(_ parts: [String], startingAt column: Int, closing: Int) -> String {
    let widest = parts.map(\.count).max() ?? 0
    /// How many numbers fit on a line followed by `trailing` columns: n numbers take
    /// n × widest + (n − 1) × 2 columns.
    func fitting(before trailing: Int) -> Int {
      Swift.max(1, (lineWidth - column - trailing + 2) / (widest + 2))
    }
    let perLine = fitting(before: 1)
    let onLastLine = fitting(before: closing)
    var lines: [ArraySlice<String>] = []
    var start = 0
    // Full lines while the rest would not fit on the last one; the overflow moves down.
    while parts.count - start > onLastLine {
      // At least one number stays for the last line (more than one remains here).
      let count = Swift.min(perLine, parts.count - start - 1)
      lines.append(parts[start..<(start + count)])
      start += count
    }
    lines.append(parts[start...])
    let margin = String(repeating: " ", count: column)
    return lines.map { $0.joined(separator: ", ") }.joined(separator: ",\n" + margin)
  }

  private func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
  }

  private func objectSummary(_ o: ModelInstance) -> String {
    let parts = o.fields.compactMap { (name, value) -> String? in
      switch value {
      case .tensor(let t) where t.isParameter: return "\(name): \(t.shape)"
      case .object(let child): return "\(name): \(child.type.name)"
      case .int, .float, .bool, .string: return "\(name): \(short(value))"
      default: return nil
      }
    }
    return "\(o.type.name)(" + parts.joined(separator: ", ") + ")"
  }
}
