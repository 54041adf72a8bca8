/// A computation graph as SVG: the value at the top, each operand one layer below the deepest
/// node that uses it, boxes joined by lines. Shared nodes are drawn once with several lines.
enum SVGGraph {
  /// Bigger graphs are cut (nodes nearest the value are kept): a picture of a thousand boxes
  /// teaches nothing.
  static let maxNodes = 60
  static let fontSize = 10.0
  static let lineHeight = 13.0
  static let layerGap = 36.0
  static let boxGap = 14.0

  static func render(_ graph: ComputationGraph) -> String {
    let count = Swift.min(graph.nodes.count, maxNodes)
    guard count > 0 else {
      var canvas = SVGCanvas(width: 200, height: 40)
      canvas.text("empty graph", x: 8, y: 24, fill: SVGCanvas.axis)
      return canvas.document(title: "empty graph")
    }
    let layers = SVGGraph.layers(graph, count: count)
    let texts = (0..<count).map { lines(graph.nodes[$0]) }
    let boxWidths = texts.map { lines in
      (lines.map { SVGCanvas.textWidth($0, size: fontSize) }.max() ?? 0) + 12
    }
    let boxHeight = 4 * lineHeight + 8
    let rowWidths = layers.map { layer in
      layer.map { boxWidths[$0] }.reduce(0, +) + boxGap * Double(Swift.max(0, layer.count - 1))
    }
    let width = (rowWidths.max() ?? 0) + 16
    let cut = graph.nodes.count - count
    var canvas = SVGCanvas(
      width: width, height: Double(layers.count) * (boxHeight + layerGap) + (cut > 0 ? 20 : 0))
    // Centre each layer; remember every box's position for the edges.
    var frames = [Int: (x: Double, y: Double)]()
    for (depth, layer) in layers.enumerated() {
      var x = (width - rowWidths[depth]) / 2
      let y = 8 + Double(depth) * (boxHeight + layerGap)
      for index in layer {
        frames[index] = (x, y)
        x += boxWidths[index] + boxGap
      }
    }
    for index in 0..<count {
      guard let consumer = frames[index] else { continue }
      for input in graph.nodes[index].inputs where input < count {
        guard let operand = frames[input] else { continue }
        canvas.line(
          x1: consumer.x + boxWidths[index] / 2, y1: consumer.y + boxHeight,
          x2: operand.x + boxWidths[input] / 2, y2: operand.y, stroke: "#999999")
      }
    }
    for index in 0..<count {
      guard let frame = frames[index] else { continue }
      let node = graph.nodes[index]
      let fill = node.op != nil ? "#e8f4fb" : node.isParameter ? "#ffe4c4" : "#f2f2f2"
      canvas.rect(
        x: frame.x, y: frame.y, width: boxWidths[index], height: boxHeight, fill: fill,
        stroke: "#7a7a7a", radius: 4)
      for (line, text) in texts[index].enumerated() {
        canvas.text(
          text, x: frame.x + 6, y: frame.y + 4 + lineHeight * Double(line + 1) - 3, size: fontSize,
          bold: line == 0)
      }
    }
    if cut > 0 {
      canvas.text(
        "… \(cut) more nodes not drawn", x: 8, y: canvas.height - 6, size: 10, fill: SVGCanvas.axis)
    }
    return canvas.document(title: Picture.graph(graph).summary)
  }

  /// `name = op`, shape, value, gradient: the lines inside a node's box.
  static func lines(_ node: ComputationGraph.Node) -> [String] {
    var lines = [(node.name.map { $0 + " = " } ?? "") + node.kind, node.shapeText]
    if !node.value.isEmpty { lines.append("value " + String(node.value.prefix(40))) }
    if let grad = node.grad { lines.append("grad " + String(grad.prefix(40))) }
    return lines
  }

  /// Nodes grouped by their longest distance from the value (node 0), so every line points
  /// down; within a layer, in the order the graph lists them.
  static func layers(_ graph: ComputationGraph, count: Int) -> [[Int]] {
    // Kahn's order over the kept nodes: a node's depth is final once all its users are done.
    var pending = [Int](repeating: 0, count: count)
    for index in 0..<count {
      for input in graph.nodes[index].inputs where input < count { pending[input] += 1 }
    }
    var depth = [Int](repeating: 0, count: count)
    var ready = (0..<count).filter { pending[$0] == 0 }
    var done = [Bool](repeating: false, count: count)
    while let index = ready.popLast() {
      done[index] = true
      for input in graph.nodes[index].inputs where input < count {
        depth[input] = Swift.max(depth[input], depth[index] + 1)
        pending[input] -= 1
        if pending[input] == 0 { ready.append(input) }
      }
    }
    var layers = [[Int]](repeating: [], count: (depth.max() ?? 0) + 1)
    for index in 0..<count where done[index] { layers[depth[index]].append(index) }
    return layers.filter { !$0.isEmpty }
  }
}
