import GradusAutograd
import GradusLanguage
import GradusPictures
import GradusTensor

/// The builtins that draw: each turns its arguments into a `Picture` (plain numbers and text)
/// and hands it to the output sink, which draws it for a terminal or a document.
extension Builtins {
  static let pictures: [Builtin] = [
    Builtin(
      "plot", "plot(xs?, values, labels: none, title: none, log: false)",
      "a line chart of values over their index, or over xs; several series from a list of lists (or the rows of a matrix)",
      example: "plot([[1, 4, 9], [1, 2, 3]], labels: [\"square\", \"linear\"])"
    ) { args in
      try args.expect(
        1, 2, names: ["labels", "title", "log"],
        signature: "plot(xs, values, labels: [\"a\", \"b\"], log: true)")
      let valuesAt = args.positional.count - 1
      let series = try args.interpreter.series(
        args.positional[valuesAt], at: args.span(of: valuesAt))
      let xs =
        valuesAt == 0
        ? nil
        : try args.interpreter.flatValues(
          args.positional[0], at: args.span(of: 0), what: "`plot`'s x values")
      if let xs, let mismatch = series.first(where: { $0.count != xs.count }) {
        throw args.interpreter.error(
          .shapeMismatch, "\(xs.count) x values for a series of \(mismatch.count)",
          at: args.span(of: 0), help: "give one x value per point of each series")
      }
      let labels = try args.strings("labels", single: true)
      if labels.count > series.count {
        throw args.interpreter.error(
          .invalidValue, "\(labels.count) labels for \(series.count) series",
          at: args.namedSpan("labels"))
      }
      let chart = LineChart(
        series: series, x: xs, labels: labels, title: try args.optionalString("title"),
        logScale: try args.bool(nil, "log", default: false))
      args.interpreter.output.picture(.lineChart(chart))
      return .none
    },
    Builtin(
      "heatmap", "heatmap(matrix, rows: none, cols: none, title: none, numbers: none)",
      "a matrix as shaded cells, with optional row and column labels (attention weights, masks)",
      example: "heatmap([[0.9, 0.1], [0.3, 0.7]], rows: [\"a\", \"b\"], cols: [\"a\", \"b\"])"
    ) { args in
      try args.expect(
        1, names: ["rows", "cols", "title", "numbers"],
        signature: "heatmap(matrix, rows: [...], cols: [...])")
      let data = try args.tensor(0, "matrix").data
      guard data.rank <= 2 else {
        throw args.interpreter.error(
          .shapeMismatch, "`heatmap` draws a matrix, not a tensor of shape \(data.shape)",
          at: args.span(of: 0),
          help: "pick one matrix, e.g. `heatmap(x[0])`")
      }
      let rows = data.rank == 2 ? data.shape[0] : 1
      let columns = data.rank == 0 ? 1 : data.shape[data.rank - 1]
      let rowLabels = try args.strings("rows", single: false)
      let columnLabels = try args.strings("cols", single: false)
      for (name, labels, count) in [("rows", rowLabels, rows), ("cols", columnLabels, columns)]
      where !labels.isEmpty && labels.count != count {
        throw args.interpreter.error(
          .shapeMismatch,
          "\(labels.count) labels in `\(name)` for \(count) \(name == "rows" ? "rows" : "columns")",
          at: args.namedSpan(name))
      }
      let numbers = try args.value(nil, "numbers").flatMap {
        $0.isNone ? nil : try args.bool(nil, "numbers", default: false)
      }
      let map = Heatmap(
        rows: rows, columns: columns, values: try args.engine { try data.checkedValues() },
        rowLabels: rowLabels,
        columnLabels: columnLabels,
        title: try args.optionalString("title"), showNumbers: numbers)
      args.interpreter.output.picture(.heatmap(map))
      return .none
    },
    Builtin(
      "show_image", "show_image(images, captions: none, title: none)",
      "draw images with values in [0, 1]: grayscale [H, W], RGB [3, H, W] or [H, W, 3]; a list or a batch side by side",
      example: "show_image([img, img[:, ::-1]], captions: [\"original\", \"flipped\"])"
    ) { args in
      try args.expect(
        1, names: ["captions", "title"], signature: "show_image([a, b], captions: [\"a\", \"b\"])")
      let captions = try args.strings("captions", single: true)
      let images = try args.interpreter.images(
        args.positional[0], captions: captions.count, at: args.span(of: 0))
      if captions.count > images.count {
        throw args.interpreter.error(
          .invalidValue,
          "\(captions.count) captions for \(images.count) image\(images.count == 1 ? "" : "s")",
          at: args.namedSpan("captions"))
      }
      let pixels = images.flatMap(\.pixels)
      if let low = pixels.min(), let high = pixels.max(), low < 0 || high > 1 {
        let format = args.interpreter.format
        args.interpreter.output.write(
          "note: values from \(format.number(low)) to \(format.number(high)) are drawn clipped to [0, 1]\n"
        )
      }
      let grid = ImageGrid(
        images: images, captions: captions, title: try args.optionalString("title"))
      args.interpreter.output.picture(.images(grid))
      return .none
    },
    Builtin(
      "hist", "hist(values, bins: none, title: none)",
      "a histogram of all the values of a tensor or list (weights, gradients)",
      example: "hist(randn(1000, seed: 0), bins: 20)"
    ) { args in
      try args.expect(1, names: ["bins", "title"], signature: "hist(values, bins: 20)")
      let values = try args.interpreter.allValues(args.positional[0], at: args.span(of: 0))
      let bins = try args.optionalInt(nil, "bins")
      if let bins, !(1...200).contains(bins) {
        throw args.interpreter.error(
          .invalidValue, "`bins` must be between 1 and 200, got \(bins)", at: args.namedSpan("bins")
        )
      }
      let histogram = Histogram(values: values, bins: bins, title: try args.optionalString("title"))
      args.interpreter.output.picture(.histogram(histogram))
      return .none
    },
    Builtin(
      "graph", "graph(x, dot: none)",
      "the computation graph behind a tensor: op, shape, value and gradient of every node; `dot:` writes Graphviz DOT",
      example: "graph(loss)"
    ) { args in
      try args.expect(1, names: ["dot"], signature: "graph(loss, dot: \"graph.dot\")")
      let root = try args.tensor(0)
      let graph = args.interpreter.computationGraph(
        root, name: args.interpreter.exprName(args.span(of: 0)))
      guard let path = try args.optionalString("dot") else {
        args.interpreter.output.picture(.graph(graph))
        return .none
      }
      let target = args.interpreter.filePath(path)
      if let problem = AtomicFile.write(Array(GraphRenderer.dot(graph).utf8), to: target) {
        throw args.interpreter.error(
          .fileError, "cannot write `\(path)`: \(problem)", at: args.namedSpan("dot"))
      }
      let count = graph.nodes.count
      args.interpreter.output.write(
        "wrote the graph (\(count) node\(count == 1 ? "" : "s")) to \(path)\n")
      return .none
    },
  ]
}

extension Arguments {
  /// A named list of strings (numbers are written out); with `single`, one string is a list
  /// of one. Empty when not given.
  func strings(_ name: String, single: Bool) throws -> [String] {
    guard let value = named(name), !value.isNone else { return [] }
    if single, case .string(let text) = value { return [text.text] }
    // A list literal of numbers is a tensor: `cols: [1, 2, 3]` labels columns 1, 2, 3.
    if case .tensor(let t) = value, t.data.rank == 1 {
      return try interpreter.engine(namedSpan(name)) { try t.data.checkedValues() }.map { x in
        x == x.rounded() && Swift.abs(x) < 1e15 ? String(Int(x)) : interpreter.format.number(x)
      }
    }
    guard case .list(let list) = value else {
      throw interpreter.error(
        .typeMismatch, "`\(name)` must be a list of strings, got \(value.kindWithArticle)",
        at: namedSpan(name))
    }
    return list.items.map { item in
      if case .string(let text) = item { return text.text }
      return interpreter.format.short(item)
    }
  }

  func optionalString(_ name: String) throws -> String? {
    guard let value = named(name), !value.isNone else { return nil }
    return try string(nil, name)
  }
}

extension Interpreter {
  /// The variable a call's argument names (`graph(loss)` → `loss`), if it is one.
  fileprivate func exprName(_ span: Span) -> String? {
    let text = source.text(of: span)
    let isName =
      !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
      && !(text.first?.isNumber ?? true)
    return isName ? text : nil
  }

  /// Series for `plot`: numbers make one series; a list of lists or tensors, several; a
  /// matrix, one per row.
  fileprivate func series(_ value: Value, at span: Span) throws -> [[Double]] {
    if case .list(let list) = value, list.items.contains(where: isSequence) {
      return try list.items.map { try flatValues($0, at: span, what: "a series of `plot`") }
    }
    let data = try asTensor(value, at: span, what: "`plot`'s values").data
    let values = try engine(span) { try data.checkedValues() }
    guard data.rank == 2 else { return [values] }
    let width = data.shape[1]
    return (0..<data.shape[0]).map { Array(values[($0 * width)..<(($0 + 1) * width)]) }
  }

  private func isSequence(_ value: Value) -> Bool {
    switch value {
    case .list, .range: return true
    case .tensor(let t): return t.data.rank >= 1
    default: return false
    }
  }

  /// Every number of a value, flattened.
  fileprivate func flatValues(_ value: Value, at span: Span, what: String) throws -> [Double] {
    if case .range(let range) = value { return (0..<range.count).map { Double(range.element($0)) } }
    let data = try asTensor(value, at: span, what: what).data
    return try engine(span) { try data.checkedValues() }
  }

  /// All values for `hist`: a tensor, a list of numbers, a list of tensors (`params(net)`), or
  /// a model (all its parameters).
  fileprivate func allValues(_ value: Value, at span: Span) throws -> [Double] {
    if case .object = value {
      return try parameters(in: value, at: span).flatMap { parameter in
        try engine(span) { try parameter.1.data.checkedValues() }
      }
    }
    if case .list(let list) = value, list.items.contains(where: isSequence) {
      return try list.items.flatMap {
        try flatValues($0, at: span, what: "an item of `hist`'s list")
      }
    }
    return try flatValues(value, at: span, what: "`hist`'s values")
  }
}

extension Interpreter {
  /// Images for `show_image`: one image, a list of them, or a batch. A list literal of
  /// equal-sized images is a tensor [N, H, W] or [N, C, H, W]; [3, H, W] is read as one RGB
  /// image unless three captions say it is three images.
  fileprivate func images(_ value: Value, captions: Int, at span: Span) throws -> [PixelImage] {
    var arrays = [NDArray]()
    if case .list(let list) = value {
      arrays = try list.items.map { try asTensor($0, at: span, what: "an image").data }
    } else {
      let data = try asTensor(value, at: span, what: "`show_image`'s image").data
      let sizes = data.shape.sizes
      let single =
        sizes.count < 3
        || (sizes.count == 3
          && (sizes[0] == 1 || sizes[2] == 1 || sizes[2] == 3 || (sizes[0] == 3 && captions != 3)))
      if single || sizes[0] > 64 {
        arrays = [data]
      } else {
        arrays = try (0..<sizes[0]).map { n in try engine(span) { try data.sliced([.index(n)]) } }
      }
    }
    guard !arrays.isEmpty, arrays.count <= 64 else {
      throw error(.invalidValue, "`show_image` draws 1 to 64 images, got \(arrays.count)", at: span)
    }
    return try arrays.map { try image($0, at: span) }
  }

  /// One image from [H, W], [C, H, W] or [H, W, C] with C = 1 or 3, as [H, W, C] values.
  private func image(_ data: NDArray, at span: Span) throws -> PixelImage {
    let sizes = data.shape.sizes
    let values = try engine(span) { try data.checkedValues() }
    switch sizes.count {
    case 2 where sizes[0] <= 4096 && sizes[1] <= 4096:
      return PixelImage(width: sizes[1], height: sizes[0], channels: 1, pixels: values)
    case 3 where (sizes[0] == 1 || sizes[0] == 3) && sizes[1] <= 4096 && sizes[2] <= 4096:
      // Channels first (PyTorch's layout): interleave them.
      let (channels, height, width) = (sizes[0], sizes[1], sizes[2])
      var pixels = [Double](repeating: 0, count: values.count)
      for c in 0..<channels {
        for i in 0..<(height * width) { pixels[i * channels + c] = values[c * height * width + i] }
      }
      return PixelImage(width: width, height: height, channels: channels, pixels: pixels)
    case 3 where (sizes[2] == 1 || sizes[2] == 3) && sizes[0] <= 4096 && sizes[1] <= 4096:
      return PixelImage(width: sizes[1], height: sizes[0], channels: sizes[2], pixels: values)
    default:
      throw error(
        .shapeMismatch, "an image of shape \(data.shape) cannot be drawn", at: span,
        help:
          "give grayscale [H, W], RGB [3, H, W] or [H, W, 3] (at most 4096 pixels a side), or a batch [N, C, H, W]"
      )
    }
  }

  /// The graph behind `root`, breadth first (the nodes nearest the value first), cut after
  /// `limit` nodes so that a long training loop's graph stays drawable.
  fileprivate func computationGraph(_ root: Tensor, name: String?, limit: Int = 400)
    -> ComputationGraph
  {
    var index = [ObjectIdentifier(root): 0]
    var order = [root]
    var nodes = [ComputationGraph.Node]()
    var next = 0
    while next < order.count {
      let tensor = order[next]
      var node = ComputationGraph.Node(
        name: tensor.label ?? (next == 0 ? name : nil), op: tensor.op?.name,
        shape: tensor.shape.sizes,
        value: summary(tensor.data), grad: tensor.grad.map(summary), isParameter: tensor.isParameter
      )
      for input in tensor.inputs {
        let id = ObjectIdentifier(input.tensor)
        if let known = index[id] {
          node.inputs.append(known)
        } else if order.count < limit {
          index[id] = order.count
          node.inputs.append(order.count)
          order.append(input.tensor)
        } else {
          node.omittedInputs += 1
        }
      }
      nodes.append(node)
      next += 1
    }
    return ComputationGraph(nodes: nodes)
  }

  /// A value in a few characters: the numbers when there are at most four, else their mean.
  private func summary(_ data: NDArray) -> String {
    if data.isShapeOnly { return "shape only" }
    if data.rank == 0 { return format.number(data.scalarValue) }
    if data.count <= 4 { return format.short(.tensor(Tensor(data))) }
    var sum = 0.0
    data.forEachElement { sum += $0 }
    return "mean " + format.number(sum / Double(data.count))
  }
}
