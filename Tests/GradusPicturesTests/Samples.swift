import GradusPictures

/// Pictures with fixed, made-up data (plain arithmetic, no libm, so every platform draws the
/// same characters), one for each kind of picture and each case a renderer treats differently.
enum Samples {
  static let all: [(name: String, picture: Picture)] = [
    ("line-single", .lineChart(LineChart(series: [decay(60, rate: 0.08)], title: "loss"))),
    (
      "line-two-log",
      .lineChart(
        LineChart(
          series: [decay(120, rate: 0.05), decay(120, rate: 0.03).map { $0 * 1.5 + 0.05 }],
          labels: ["train", "validation"], title: "loss", logScale: true))
    ),
    ("line-gaps", .lineChart(LineChart(series: [[1, 2, 3, -1, .nan, 4, 2, .infinity, 0.5]]))),
    ("heatmap-attention", .heatmap(attention)),
    ("heatmap-mask", .heatmap(mask)),
    ("heatmap-large", .heatmap(waves(rows: 50, columns: 90))),
    ("images", .images(images)),
    ("histogram", .histogram(Histogram(values: bell(400), title: "weights"))),
    ("histogram-bins", .histogram(Histogram(values: [0, 0, 1, 1, 1, 2, .nan, 5], bins: 5))),
    ("graph-shared", .graph(sharedGraph)),
    ("plane-levels", .planeMap(bowl)),
    ("plane-regions", .planeMap(halves)),
  ]

  static func picture(_ name: String) -> Picture { all.first { $0.name == name }!.picture }

  /// 1 / (1 + rate·i)², a loss-like curve from 1 down.
  static func decay(_ count: Int, rate: Double) -> [Double] {
    (0..<count).map { i in
      let d = 1 + rate * Double(i)
      return 1 / (d * d)
    }
  }

  /// Row-normalised weights of a causal attention over five tokens.
  static let attention: Heatmap = {
    var values = [Double]()
    for row in 0..<5 {
      let raw = (0..<5).map { column in column <= row ? Double((row * 7 + column * 3) % 5 + 1) : 0 }
      let total = raw.reduce(0, +)
      values += raw.map { $0 / total }
    }
    let tokens = ["the", "cat", "sat", "on", "mat"]
    return Heatmap(
      rows: 5, columns: 5, values: values, rowLabels: tokens, columnLabels: tokens,
      title: "attention")
  }()

  /// A causal mask: 0 on and below the diagonal, -inf above.
  static let mask = Heatmap(
    rows: 6, columns: 6, values: (0..<36).map { $0 % 6 <= $0 / 6 ? 0 : -.infinity }, title: "mask")

  /// Triangle waves of falling frequency, like a positional encoding, in [-1, 1].
  static func waves(rows: Int, columns: Int) -> Heatmap {
    var values = [Double]()
    for row in 0..<rows {
      for column in 0..<columns {
        let period = Double(4 + column * 2)
        let phase = (Double(row) / period).truncatingRemainder(dividingBy: 1)
        values.append(4 * Swift.abs(phase - 0.5) - 1)
      }
    }
    return Heatmap(rows: rows, columns: columns, values: values, title: "waves")
  }

  /// A ring (grayscale), its mirror image, and an RGB gradient.
  static let images: ImageGrid = {
    var ring = [Double]()
    for y in 0..<10 {
      for x in 0..<10 {
        let d = Double((x - 5) * (x - 5) + (y - 4) * (y - 4))
        ring.append(d < 9 ? 1 - d / 9 : (x + y) % 4 == 0 ? 0.4 : 0)
      }
    }
    var mirrored = [Double]()
    for y in 0..<10 { for x in 0..<10 { mirrored.append(ring[y * 10 + 9 - x]) } }
    var gradient = [Double]()
    for y in 0..<7 { for x in 0..<7 { gradient += [Double(x) / 6, Double(y) / 6, 0.5] } }
    return ImageGrid(
      images: [
        PixelImage(width: 10, height: 10, channels: 1, pixels: ring),
        PixelImage(width: 10, height: 10, channels: 1, pixels: mirrored),
        PixelImage(width: 7, height: 7, channels: 3, pixels: gradient),
      ],
      captions: ["original", "flipped", "rgb"])
  }()

  /// Sums of four pseudo-random uniforms (a linear congruential generator): roughly normal.
  static func bell(_ count: Int) -> [Double] {
    var state: UInt64 = 12345
    func uniform() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53)
    }
    return (0..<count).map { _ in (uniform() + uniform() + uniform() + uniform() - 2) / 2 }
  }

  /// loss = mean((w·w + w) - y): `w` is used three times.
  static let sharedGraph = ComputationGraph(nodes: [
    .init(name: "loss", op: "mean", shape: [], value: "0.5000", grad: "1.0000", inputs: [1]),
    .init(
      op: "sub", shape: [2], value: "[1.0000, 0.0000]", grad: "[0.5000, 0.5000]", inputs: [2, 5]),
    .init(
      op: "add", shape: [2], value: "[2.0000, 6.0000]", grad: "[0.5000, 0.5000]", inputs: [3, 4]),
    .init(
      op: "mul", shape: [2], value: "[1.0000, 4.0000]", grad: "[0.5000, 0.5000]", inputs: [4, 4]),
    .init(
      name: "w", shape: [2], value: "[1.0000, 2.0000]", grad: "[1.5000, 2.5000]", isParameter: true),
    .init(name: "y", shape: [2], value: "[1.0000, 6.0000]"),
  ])

  /// The bowl x² + 4y² over [−2, 2] × [−1, 1] on a 21 × 41 grid, with a path zigzagging down.
  static let bowl: PlaneMap = {
    var values = [Double]()
    for row in 0..<21 {
      for column in 0..<41 {
        let x = -2 + Double(column) * 0.1
        let y = -1 + Double(row) * 0.1
        values.append(x * x + 4 * y * y)
      }
    }
    let path = PlaneMap.Path(
      xs: [-1.75, -1.5, -1, -0.5, 0], ys: [-0.75, 0.5, -0.25, 0.125, 0], label: "steps")
    return PlaneMap(
      rows: 21, columns: 41, values: values, x: -2...2, y: -1...1,
      shading: .levels([0.25, 1, 2, 4]), paths: [path], title: "bowl")
  }()

  /// Class 1 above the line y = x, class 0 below, with two points of each class.
  static let halves: PlaneMap = {
    var values = [Double]()
    for row in 0..<11 {
      for column in 0..<11 { values.append(row > column ? 1 : 0) }
    }
    let points = [(0.5, -0.5, 0), (0.75, 0.25, 0), (-0.5, 0.5, 1), (-0.75, 0.9, 1)].map {
      PlaneMap.Point(x: $0.0, y: $0.1, classIndex: $0.2)
    }
    return PlaneMap(
      rows: 11, columns: 11, values: values, x: -1...1, y: -1...1, shading: .classes(2),
      points: points)
  }()
}
