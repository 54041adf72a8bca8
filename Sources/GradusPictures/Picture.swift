/// A picture a program asked for (`plot`, `heatmap`, `show_image`, `hist`, `graph`, `contour`,
/// `regions`), as data: the terminal draws it with characters (`TerminalPictureRenderer`), the
/// exporter as SVG (`SVGPictureRenderer`). Pictures hold plain numbers and strings only, so this layer knows
/// nothing of tensors and every rendering is a pure function of the picture.
public enum Picture: Sendable, Equatable {
  /// One or more series of y values drawn as lines.
  case lineChart(LineChart)
  /// A matrix as shaded cells.
  case heatmap(Heatmap)
  /// Small images side by side.
  case images(ImageGrid)
  /// How values are distributed.
  case histogram(Histogram)
  /// The operations that produced a value.
  case graph(ComputationGraph)
  /// Values over a rectangle of the plane, with paths and points on top.
  case planeMap(PlaneMap)

  /// A short description, for alternative text and figure captions.
  public var summary: String {
    switch self {
    case .lineChart(let chart):
      let count = chart.series.count
      return chart.title ?? (count == 1 ? "line chart" : "line chart of \(count) series")
    case .heatmap(let map): return map.title ?? "heatmap \(map.rows)×\(map.columns)"
    case .images(let grid):
      return grid.title ?? (grid.images.count == 1 ? "image" : "\(grid.images.count) images")
    case .histogram(let histogram):
      return histogram.title ?? "histogram of \(histogram.values.count) values"
    case .graph(let graph): return "computation graph of \(graph.nodes.first?.name ?? "a value")"
    case .planeMap(let map):
      if let title = map.title { return title }
      if case .classes = map.shading { return "class regions" }
      return "level sets"
    }
  }
}

/// Series of y values over their index (0, 1, 2, …) or over shared x values, with optional
/// labels.
public struct LineChart: Sendable, Equatable {
  public var series: [[Double]]
  /// The x value of each point (the same for every series); nil plots over the index.
  public var x: [Double]?
  public var labels: [String]
  public var title: String?
  /// Plot log₁₀(y); values ≤ 0 are left out.
  public var logScale: Bool

  public init(
    series: [[Double]], x: [Double]? = nil, labels: [String] = [], title: String? = nil,
    logScale: Bool = false
  ) {
    self.series = series
    self.x = x
    self.labels = labels
    self.title = title
    self.logScale = logScale
  }

  /// The label of series `index`: the given one, or `series N` when several are unlabelled.
  public func label(_ index: Int) -> String {
    index < labels.count ? labels[index] : "series \(index + 1)"
  }

  /// Whether a legend says which line is which.
  public var hasLegend: Bool { !labels.isEmpty || series.count > 1 }
}

/// A matrix of numbers, row-major, with optional row and column labels (tokens, positions).
/// Non-finite values (a mask's `-inf`) are drawn as masked cells.
public struct Heatmap: Sendable, Equatable {
  public let rows: Int
  public let columns: Int
  public let values: [Double]
  public var rowLabels: [String]
  public var columnLabels: [String]
  public var title: String?
  /// Print each cell's number: nil decides by size (small matrices show them).
  public var showNumbers: Bool?

  /// `values` holds `rows × columns` numbers, row after row.
  public init(
    rows: Int, columns: Int, values: [Double], rowLabels: [String] = [],
    columnLabels: [String] = [], title: String? = nil, showNumbers: Bool? = nil
  ) {
    precondition(rows >= 0 && columns >= 0 && values.count == rows * columns, "heatmap size")
    self.rows = rows
    self.columns = columns
    self.values = values
    self.rowLabels = rowLabels
    self.columnLabels = columnLabels
    self.title = title
    self.showNumbers = showNumbers
  }

  public subscript(row: Int, column: Int) -> Double { values[row * columns + column] }

  /// The smallest and largest finite values (0, 0 when there are none).
  public var range: (low: Double, high: Double) {
    let finite = values.filter(\.isFinite)
    return (finite.min() ?? 0, finite.max() ?? 0)
  }
}

/// A grayscale or RGB image with values in [0, 1] (others are clamped when drawn).
public struct PixelImage: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// 1 (grayscale) or 3 (RGB).
  public let channels: Int
  /// Row after row, each pixel's channels together (the [H, W, C] layout).
  public let pixels: [Double]

  public init(width: Int, height: Int, channels: Int, pixels: [Double]) {
    precondition(channels == 1 || channels == 3, "an image has 1 or 3 channels")
    precondition(
      width >= 0 && height >= 0 && pixels.count == width * height * channels, "image size")
    self.width = width
    self.height = height
    self.channels = channels
    self.pixels = pixels
  }

  /// The pixel's colour, each channel clamped to [0, 1] (NaN as 0).
  public func colour(x: Int, y: Int) -> RGB {
    let base = (y * width + x) * channels
    if channels == 1 { return RGB(gray: pixels[base]) }
    return RGB(red: pixels[base], green: pixels[base + 1], blue: pixels[base + 2])
  }
}

/// Images drawn side by side, each with an optional caption.
public struct ImageGrid: Sendable, Equatable {
  public var images: [PixelImage]
  public var captions: [String]
  public var title: String?

  public init(images: [PixelImage], captions: [String] = [], title: String? = nil) {
    self.images = images
    self.captions = captions
    self.title = title
  }

  public func caption(_ index: Int) -> String { index < captions.count ? captions[index] : "" }
}

/// Values counted into equal-width bins.
public struct Histogram: Sendable, Equatable {
  public var values: [Double]
  /// Number of bins; nil picks one from the count (Sturges' rule, 5 to 30).
  public var bins: Int?
  public var title: String?

  public init(values: [Double], bins: Int? = nil, title: String? = nil) {
    self.values = values
    self.bins = bins
    self.title = title
  }
}

/// The computation graph behind a value, flattened: node 0 is the value itself, and each node
/// lists the nodes it was computed from. The producer (the runtime) formats values and
/// gradients, so pictures need not know about tensors.
public struct ComputationGraph: Sendable, Equatable {
  public struct Node: Sendable, Equatable {
    /// The variable name it was assigned to, if any.
    public var name: String?
    /// The operation that made it; nil for a leaf (a constant or a parameter).
    public var op: String?
    public var shape: [Int]
    /// The value as short text (`0.3012`, `mean 0.12`).
    public var value: String
    /// The gradient as short text, when a backward pass reached the node.
    public var grad: String?
    public var isParameter: Bool
    /// Indices of the operands in `nodes`.
    public var inputs: [Int]
    /// Operands left out because the graph was cut at `ComputationGraph`'s node limit.
    public var omittedInputs: Int

    public init(
      name: String? = nil, op: String? = nil, shape: [Int] = [], value: String = "",
      grad: String? = nil, isParameter: Bool = false, inputs: [Int] = [], omittedInputs: Int = 0
    ) {
      self.name = name
      self.op = op
      self.shape = shape
      self.value = value
      self.grad = grad
      self.isParameter = isParameter
      self.inputs = inputs
      self.omittedInputs = omittedInputs
    }

    /// `constant`, `param` or the op's name.
    public var kind: String { op ?? (isParameter ? "param" : "constant") }

    /// `[2, 3]`
    public var shapeText: String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
  }

  public var nodes: [Node]

  public init(nodes: [Node]) { self.nodes = nodes }

  /// How many times each node is used as an operand (shared nodes are used more than once).
  public var useCounts: [Int] {
    var counts = [Int](repeating: 0, count: nodes.count)
    for node in nodes { for input in node.inputs where input < nodes.count { counts[input] += 1 } }
    return counts
  }
}
