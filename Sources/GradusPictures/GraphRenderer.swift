/// Draws a computation graph as an indented tree, the value on top and its operands below,
/// each node with its operation, shape, value and gradient:
///
/// ```
/// loss = mean  []  0.5000  ∇ 1.0000
/// └─ mul  [2]  [0.5, 0.5]  ∇ [0.5, 0.5]
///    ├─ (#1) w = param  [2]  [1, 1]  ∇ [0.25, 0.25]
///    └─ w  (#1, shown above)
/// ```
/// A node used more than once (shared) is drawn once and numbered; later uses refer to it.
/// Also writes the graph in Graphviz's DOT language.
public enum GraphRenderer {
  /// A training loop's graph can have thousands of nodes; the tree stops after this many lines.
  public static let maxLines = 150
  /// Deeper operands are summarised (an unrolled RNN is a very deep chain).
  public static let maxDepth = 48

  public static func tree(_ graph: ComputationGraph, options: RenderOptions) -> String {
    var lines = Lines()
    guard !graph.nodes.isEmpty else {
      lines.append("(empty graph)")
      return lines.text
    }
    var walk = TreeWalk(graph: graph, options: options)
    walk.visit(0, prefix: "", branch: "", depth: 0)
    for line in walk.lines { lines.append(line) }
    if walk.truncated {
      lines.append(options.dim("(the graph goes on; showing the first \(maxLines) lines)"))
    }
    return lines.text
  }

  /// Text in one of the tree's styles.
  struct Segment {
    enum Style { case plain, op, parameter, constant, dim }
    var text: String
    var style: Style
  }

  /// One node's description: `name = op  [shape]  value  ∇ grad`.
  static func describe(_ node: ComputationGraph.Node, options: RenderOptions) -> [Segment] {
    let style: Segment.Style = node.op != nil ? .op : node.isParameter ? .parameter : .constant
    var segments = [
      Segment(text: node.name.map { $0 + " = " } ?? "", style: .plain),
      Segment(text: node.kind, style: style),
    ]
    segments.append(
      Segment(
        text: "  " + node.shapeText + (node.value.isEmpty ? "" : "  " + node.value), style: .plain))
    if let grad = node.grad {
      segments.append(Segment(text: "  " + (options.unicode ? "∇" : "grad"), style: .dim))
      segments.append(Segment(text: " " + grad, style: .plain))
    }
    return segments
  }

  /// The segments cut to `width` columns (ending in `…` when cut), then painted.
  static func fitted(_ segments: [Segment], width: Int, options: RenderOptions) -> String {
    var left = width
    var result = ""
    for segment in segments where left > 0 {
      let text =
        segment.text.count > left
        ? segment.text.truncated(to: left, unicode: options.unicode) : segment.text
      left -= text.count
      switch segment.style {
      case .plain: result += text
      case .op: result += options.painted(text, RGB(hex: 0x17becf))
      case .parameter: result += options.painted(text, RGB(hex: 0xff7f0e))
      case .constant: result += options.painted(text, RGB(hex: 0x8c8c8c))
      case .dim: result += options.dim(text)
      }
      if text.count < segment.text.count { break }
    }
    return result
  }

  /// The state of drawing the tree: lines so far and the numbers given to shared nodes.
  struct TreeWalk {
    let graph: ComputationGraph
    let options: RenderOptions
    let shared: [Bool]
    /// Each level indents by three columns; deeper levels are summarised before the
    /// indentation alone fills the line.
    let maxDepth: Int
    var lines: [String] = []
    var truncated = false
    /// The reference number of each shared node already drawn.
    var numbers: [Int: Int] = [:]

    init(graph: ComputationGraph, options: RenderOptions) {
      self.graph = graph
      self.options = options
      shared = graph.useCounts.map { $0 > 1 }
      maxDepth = Swift.max(1, Swift.min(GraphRenderer.maxDepth, (options.width - 30) / 3))
    }

    var branches: (middle: String, last: String, through: String) {
      options.unicode ? ("├─ ", "└─ ", "│  ") : ("|- ", "`- ", "|  ")
    }

    /// Adds a line unless the limit is reached; false when it was.
    mutating func emit(_ indent: String, _ segments: [Segment]) -> Bool {
      guard lines.count < GraphRenderer.maxLines else {
        truncated = true
        return false
      }
      lines.append(
        indent
          + GraphRenderer.fitted(segments, width: options.width - indent.count, options: options))
      return true
    }

    mutating func visit(_ index: Int, prefix: String, branch: String, depth: Int) {
      let node = graph.nodes[index]
      if let number = numbers[index] {
        _ = emit(
          prefix + branch,
          [
            Segment(text: (node.name ?? node.kind) + "  ", style: .plain),
            Segment(text: "(#\(number), shown above)", style: .dim),
          ])
        return
      }
      var segments = GraphRenderer.describe(node, options: options)
      if shared[index] {
        let number = numbers.count + 1
        numbers[index] = number
        // The reference goes first, so that cutting a long line keeps it.
        segments.insert(Segment(text: "(#\(number)) ", style: .dim), at: 0)
      }
      guard emit(prefix + branch, segments) else { return }
      let childPrefix =
        prefix + (branch.isEmpty ? "" : branch == branches.last ? "   " : branches.through)
      let extra = node.omittedInputs > 0 ? 1 : 0
      if depth >= maxDepth && !node.inputs.isEmpty {
        _ = emit(
          childPrefix + branches.last, [Segment(text: "(deeper operands not shown)", style: .dim)])
        return
      }
      for (position, input) in node.inputs.enumerated() where input < graph.nodes.count {
        let last = position == node.inputs.count - 1 && extra == 0
        visit(
          input, prefix: childPrefix, branch: last ? branches.last : branches.middle,
          depth: depth + 1)
        if truncated { return }
      }
      if extra > 0 {
        _ = emit(
          childPrefix + branches.last,
          [Segment(text: "(\(node.omittedInputs) more: the graph was cut)", style: .dim)])
      }
    }
  }

  /// The graph in Graphviz's DOT language, drawn bottom-up: parameters and inputs at the
  /// bottom, the value at the top (`dot -Tsvg graph.dot > graph.svg`).
  public static func dot(_ graph: ComputationGraph) -> String {
    var text = "digraph gradus {\n  rankdir=BT;\n"
    text += "  node [shape=box, fontname=\"monospace\", fontsize=10];\n"
    for (index, node) in graph.nodes.enumerated() {
      var label = (node.name.map { $0 + " = " } ?? "") + node.kind + "\n" + node.shapeText
      if !node.value.isEmpty { label += "\nvalue " + node.value }
      if let grad = node.grad { label += "\ngrad " + grad }
      var attributes = "label=\"\(dotEscaped(label))\""
      if node.op == nil {
        attributes += node.isParameter ? ", style=filled, fillcolor=\"#ffe4c4\"" : ", style=rounded"
      }
      text += "  n\(index) [\(attributes)];\n"
    }
    for (index, node) in graph.nodes.enumerated() {
      for input in node.inputs where input < graph.nodes.count {
        text += "  n\(input) -> n\(index);\n"
      }
    }
    return text + "}\n"
  }

  /// A DOT string's contents: quotes and backslashes escaped, newlines as `\n`.
  static func dotEscaped(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      default: result.append(character)
      }
    }
    return result
  }
}
