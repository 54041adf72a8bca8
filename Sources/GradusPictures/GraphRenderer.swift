/// Draws a computation graph as an indented tree, the value on top and its operands below,
/// each node with its operation, shape, value and gradient:
///
/// ```
/// loss = mean  []  0.5000  ∇ 1.0000
/// └─ mul  [2]  [0.5, 0.5]  ∇ [0.5, 0.5]
///    ├─ w = param  [2]  [1, 1]  ∇ [0.25, 0.25]  (#1)
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
      lines.append(options.dim("… (the graph goes on; showing the first \(maxLines) lines)"))
    }
    return lines.text
  }

  /// One node's description: `name = op  [shape]  value  ∇ grad`.
  static func describe(_ node: ComputationGraph.Node, options: RenderOptions) -> String {
    let kindColour = node.op != nil ? RGB(hex: 0x17becf) : node.isParameter ? RGB(hex: 0xff7f0e) : RGB(hex: 0x8c8c8c)
    var text = (node.name.map { $0 + " = " } ?? "") + options.painted(node.kind, kindColour)
    text += "  " + node.shapeText
    if !node.value.isEmpty { text += "  " + node.value }
    if let grad = node.grad { text += "  " + options.dim(options.unicode ? "∇" : "grad") + " " + grad }
    return text
  }

  /// The state of drawing the tree: lines so far and the numbers given to shared nodes.
  struct TreeWalk {
    let graph: ComputationGraph
    let options: RenderOptions
    let shared: [Bool]
    var lines: [String] = []
    var truncated = false
    /// The reference number of each shared node already drawn.
    var numbers: [Int: Int] = [:]

    init(graph: ComputationGraph, options: RenderOptions) {
      self.graph = graph
      self.options = options
      shared = graph.useCounts.map { $0 > 1 }
    }

    var branches: (middle: String, last: String, through: String) {
      options.unicode ? ("├─ ", "└─ ", "│  ") : ("|- ", "`- ", "|  ")
    }

    mutating func emit(_ line: String) -> Bool {
      guard lines.count < GraphRenderer.maxLines else {
        truncated = true
        return false
      }
      lines.append(line)
      return true
    }

    mutating func visit(_ index: Int, prefix: String, branch: String, depth: Int) {
      let node = graph.nodes[index]
      if let number = numbers[index] {
        let name = node.name ?? node.kind
        _ = emit(prefix + branch + name + "  " + options.dim("(#\(number), shown above)"))
        return
      }
      var line = prefix + branch + GraphRenderer.describe(node, options: options)
      if shared[index] {
        let number = numbers.count + 1
        numbers[index] = number
        line += "  " + options.dim("(#\(number))")
      }
      guard emit(line) else { return }
      let childPrefix = prefix + (branch.isEmpty ? "" : branch == branches.last ? "   " : branches.through)
      let extra = node.omittedInputs > 0 ? 1 : 0
      if depth >= GraphRenderer.maxDepth && !node.inputs.isEmpty {
        _ = emit(childPrefix + branches.last + options.dim("… (\(node.inputs.count) operands deeper than \(GraphRenderer.maxDepth) levels)"))
        return
      }
      for (position, input) in node.inputs.enumerated() where input < graph.nodes.count {
        let last = position == node.inputs.count - 1 && extra == 0
        visit(input, prefix: childPrefix, branch: last ? branches.last : branches.middle, depth: depth + 1)
        if truncated { return }
      }
      if extra > 0 {
        _ = emit(childPrefix + branches.last + options.dim("… \(node.omittedInputs) more (the graph was cut)"))
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
      for input in node.inputs where input < graph.nodes.count { text += "  n\(input) -> n\(index);\n" }
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
