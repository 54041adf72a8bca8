import Testing

@testable import GradusPictures

/// Properties every terminal picture keeps, whatever its data: it fits the width, plain modes
/// stay ASCII without escapes, and odd input (empty, NaN, huge) draws something readable.
struct RendererTests {
  static let widths = [40, 72, 120]

  /// The text without escape sequences: what the terminal shows.
  static func visible(_ text: String) -> String {
    var result = ""
    var inEscape = false
    for character in text {
      if character == "\u{1B}" {
        inEscape = true
      } else if inEscape {
        if character.isLetter { inEscape = false }
      } else {
        result.append(character)
      }
    }
    return result
  }

  @Test(arguments: Samples.all.map(\.name))
  func plainIsASCIIWithoutEscapes(sample: String) {
    for width in Self.widths {
      let text = TerminalPictureRenderer.render(
        Samples.picture(sample), options: RenderOptions(width: width, colour: .none, unicode: false)
      )
      #expect(
        text.unicodeScalars.allSatisfy { $0.isASCII && $0 != "\u{1B}" }, "\(sample) at \(width)")
      #expect(text.hasSuffix("\n\n"), "a blank line follows a picture")
    }
  }

  @Test(arguments: Samples.all.map(\.name))
  func fitsTheWidth(sample: String) {
    for width in Self.widths {
      for colour in [RenderOptions.Colour.none, .ansi256, .trueColor] {
        let options = RenderOptions(width: width, colour: colour, unicode: true)
        let text = TerminalPictureRenderer.render(Samples.picture(sample), options: options)
        if colour == .none { #expect(!text.contains("\u{1B}")) }
        for line in Self.visible(text).split(separator: "\n") {
          #expect(line.count <= width, "\(sample) at \(width): \(line.count) columns: \(line)")
        }
      }
    }
  }

  /// A title longer than the width goes on over several lines, broken at spaces (a Chinese
  /// title, two columns a character, by its width), instead of passing the edge.
  @Test func longTitlesWrapToTheWidth() {
    let english = "training loss (cross-entropy per predicted token) on the held-out digits"
    let chinese = "每个预测词元的交叉熵训练损失在留出的数字上，越低越好，对数刻度"
    for title in [english, chinese] {
      let pictures: [Picture] = [
        .lineChart(LineChart(series: [[1, 2, 3]], title: title, logScale: true)),
        .heatmap(Heatmap(rows: 1, columns: 2, values: [0, 1], title: title)),
        .histogram(Histogram(values: [1, 2, 3], title: title)),
        .images(
          ImageGrid(
            images: [PixelImage(width: 2, height: 2, channels: 1, pixels: [0, 1, 1, 0])],
            title: title)),
      ]
      for picture in pictures {
        for width in [40, 60] {
          let text = TerminalPictureRenderer.render(picture, options: .init(width: width))
          let lines = text.split(separator: "\n")
          for line in lines {
            #expect(DisplayWidth.of(line) <= width, "\(picture.summary) at \(width): \(line)")
          }
          let heading = lines.prefix { !$0.contains("┤") && !$0.contains("│") }
          #expect(heading.count >= 2, "\(picture.summary) at \(width): \(text)")
          #expect(heading.joined(separator: title == english ? " " : "").contains(title))
          #expect(!text.contains("(log\n"), "`(log scale)` stays one phrase: \(text)")
        }
      }
    }
  }

  static let oddPictures: [Picture] = [
    .lineChart(LineChart(series: [])),
    .lineChart(LineChart(series: [[]])),
    .lineChart(LineChart(series: [[.nan, .infinity]])),
    .lineChart(LineChart(series: [[-1, 0, -3]], logScale: true)),
    .lineChart(LineChart(series: [[5]])),
    .lineChart(LineChart(series: [[2, 2, 2, 2]])),
    .lineChart(LineChart(series: [[-1e308, 1e308]])),
    .lineChart(LineChart(series: [[1e-12, 3e-12, 2e-12]])),
    .lineChart(LineChart(series: Array(repeating: [1, 2, 3], count: 12), labels: ["only one"])),
    .heatmap(Heatmap(rows: 0, columns: 0, values: [])),
    .heatmap(Heatmap(rows: 1, columns: 1, values: [0.5])),
    .heatmap(Heatmap(rows: 2, columns: 2, values: [.nan, .nan, .nan, .nan])),
    .heatmap(Heatmap(rows: 2, columns: 2, values: [1e300, -1e300, 3, 4])),
    .heatmap(Heatmap(rows: 300, columns: 500, values: (0..<150_000).map { Double($0 % 7) })),
    .images(ImageGrid(images: [])),
    .images(ImageGrid(images: [PixelImage(width: 0, height: 0, channels: 1, pixels: [])])),
    .images(
      ImageGrid(images: [
        PixelImage(width: 400, height: 3, channels: 1, pixels: Array(repeating: 0.5, count: 1200))
      ])),
    .images(
      ImageGrid(
        images: [PixelImage(width: 1, height: 1, channels: 3, pixels: [.nan, 2, -1])],
        captions: [String(repeating: "long ", count: 30)])),
    .histogram(Histogram(values: [])),
    .histogram(Histogram(values: [.nan])),
    .histogram(Histogram(values: [3, 3, 3])),
    .histogram(Histogram(values: [-1e300, 1e300], bins: 3)),
    .graph(ComputationGraph(nodes: [])),
    .planeMap(
      PlaneMap(
        rows: 2, columns: 2, values: [.nan, .infinity, 1, 2], x: -1e300...1e300, y: 0...1e-300,
        shading: .levels([1]),
        paths: [
          PlaneMap.Path(xs: [.nan, 1e308, -1e308, 0], ys: [0, 1e308, .nan, -1e308], label: "")
        ],
        points: [PlaneMap.Point(x: .infinity, y: 0, classIndex: -3)])),
    .planeMap(
      PlaneMap(
        rows: 3, columns: 2, values: [0, 1, 2, 7, 0.5, -1], x: 0...1, y: 0...1,
        shading: .classes(40), title: String(repeating: "long ", count: 30))),
    .graph(ComputationGraph(nodes: [.init(name: "x", shape: [], value: "1")])),
  ]

  @Test func oddInputDrawsSomethingReadable() {
    for picture in Self.oddPictures {
      for options in [
        RenderOptions.plain, RenderOptions(width: 50, colour: .trueColor, unicode: true),
      ] {
        let text = TerminalPictureRenderer.render(picture, options: options)
        #expect(!text.isEmpty)
        for line in Self.visible(text).split(separator: "\n") {
          #expect(line.count <= max(options.width, 30), "\(picture.summary): \(line)")
        }
      }
    }
  }

  @Test func lineChartLegendNamesEverySeries() {
    let text = TerminalPictureRenderer.render(Samples.picture("line-two-log"), options: .plain)
    #expect(text.contains("* train"))
    #expect(text.contains("o validation"))
    #expect(text.hasPrefix("loss (log scale)\n"))
  }

  @Test func heatmapPrintsNumbersOfSmallMatricesOnly() {
    let small = TerminalPictureRenderer.render(.heatmap(Samples.mask), options: .plain)
    #expect(small.contains("-inf"))
    let large = TerminalPictureRenderer.render(
      .heatmap(Samples.waves(rows: 50, columns: 90)), options: .plain)
    #expect(large.contains("scale: -1 [ .:-=+*#%@] 1"))
    #expect(
      large.contains("each cell averages 2×2 values")
        || large.contains("each cell averages 2x2 values"))
    var forced = Samples.attention
    forced.showNumbers = false
    #expect(!TerminalPictureRenderer.render(.heatmap(forced), options: .plain).contains("0."))
  }

  @Test func sharedNodesAreDrawnOnceThenReferenced() {
    let text = TerminalPictureRenderer.render(.graph(Samples.sharedGraph), options: .plain)
    #expect(text.components(separatedBy: "w = param").count == 2)
    #expect(text.components(separatedBy: "(#1, shown above)").count == 3)
    #expect(text.contains("loss = mean  []  0.5000  grad 1.0000"))
  }

  @Test func longChainsStopAtTheLineLimit() {
    let count = 5_000
    let nodes = (0..<count).map { i in
      ComputationGraph.Node(
        op: i == count - 1 ? nil : "tanh", shape: [1], value: "0",
        inputs: i == count - 1 ? [] : [i + 1])
    }
    let text = GraphRenderer.tree(ComputationGraph(nodes: nodes), options: .plain)
    let lines = text.split(separator: "\n")
    #expect(lines.count <= GraphRenderer.maxLines + 1)
    #expect(text.contains("deeper operands not shown") || text.contains("the graph goes on"))
  }

  @Test func dotEscapesLabelsAndListsEveryEdge() {
    var graph = Samples.sharedGraph
    graph.nodes[5].name = "say \"hi\"\\"
    let dot = GraphRenderer.dot(graph)
    #expect(dot.hasPrefix("digraph gradus {\n"))
    #expect(dot.contains("n5 [label=\"say \\\"hi\\\"\\\\ = constant\\n[2]"))
    #expect(dot.components(separatedBy: " -> ").count - 1 == 7)
    #expect(dot.hasSuffix("}\n"))
  }
}
