import Foundation
import GradusPictures
import GradusRuntime
import Testing

/// `plot`, `heatmap`, `show_image`, `hist` and `graph`: values become pictures (data), bad
/// arguments become errors that point at them.
struct PictureBuiltinTests {
  static func pictures(_ text: String, sourceLocation: SourceLocation = #_sourceLocation)
    -> [Picture]
  {
    let run = RuntimeHarness.run(text)
    #expect(
      run.outcome.succeeded, "unexpected error:\n\(run.rendered)", sourceLocation: sourceLocation)
    return run.sink.pictures
  }

  @Test func plotTakesOneSeriesOrSeveral() {
    guard
      case .lineChart(let one)? = Self.pictures("plot([3, 2, 1], title: \"loss\", log: true)").first
    else {
      Issue.record("no chart")
      return
    }
    #expect(one.series == [[3, 2, 1]] && one.title == "loss" && one.logScale)
    let lists = Self.pictures(
      "a = []\nappend(a, 1.5)\nappend(a, 0.5)\nplot([a, [1, 2, 3]], labels: [\"a\", \"b\"])")
    guard case .lineChart(let two)? = lists.first else { return }
    #expect(two.series == [[1.5, 0.5], [1, 2, 3]] && two.labels == ["a", "b"])
    guard
      case .lineChart(let rows)? = Self.pictures("plot([[1, 2], [3, 4]], labels: \"only\")").first
    else { return }
    #expect(rows.series == [[1, 2], [3, 4]] && rows.labels == ["only"])
    guard case .lineChart(let range)? = Self.pictures("plot([0...2, [5, 6]])").first else { return }
    #expect(range.series == [[0, 1, 2], [5, 6]])
  }

  @Test func plotTakesXValuesBeforeTheSeries() {
    guard
      case .lineChart(let chart)? = Self.pictures(
        "xs = [0.5, 1, 1.5]\nplot(xs, [[1, 2, 3], [3, 2, 1]], labels: [\"up\", \"down\"])"
      ).first
    else {
      Issue.record("no chart")
      return
    }
    #expect(chart.x == [0.5, 1, 1.5] && chart.series == [[1, 2, 3], [3, 2, 1]])
    guard case .lineChart(let alone)? = Self.pictures("plot([4, 5])").first else { return }
    #expect(alone.x == nil)
    let (short, _) = RuntimeHarness.diagnostic("plot([1, 2], [5, 6, 7])")
    #expect(short?.message == "2 x values for a series of 3")
    let (many, _) = RuntimeHarness.diagnostic("plot([1], [2], [3])")
    #expect(many?.message == "`plot` takes 1 to 2 arguments, got 3")
  }

  @Test func heatmapKeepsLabelsAndChecksTheirCount() {
    let found = Self.pictures(
      "heatmap([[1, 2, 3], [4, 5, 6]], rows: [\"a\", \"b\"], cols: [1, 2, 3], numbers: false)")
    guard case .heatmap(let map)? = found.first else {
      Issue.record("no heatmap")
      return
    }
    #expect(map.rows == 2 && map.columns == 3 && map.values == [1, 2, 3, 4, 5, 6])
    #expect(
      map.rowLabels == ["a", "b"] && map.columnLabels == ["1", "2", "3"] && map.showNumbers == false
    )
    let (diagnostic, _) = RuntimeHarness.diagnostic("heatmap([[1, 2], [3, 4]], rows: [\"a\"])")
    #expect(diagnostic?.message == "1 labels in `rows` for 2 rows")
    let (cube, _) = RuntimeHarness.diagnostic("heatmap(zeros(2, 2, 2))")
    #expect(cube?.message == "`heatmap` draws a matrix, not a tensor of shape [2, 2, 2]")
  }

  @Test(arguments: [
    ("rand(4, 5)", [(5, 4, 1)]),
    ("rand(3, 4, 5)", [(5, 4, 3)]),
    ("rand(4, 5, 3)", [(5, 4, 3)]),
    ("rand(1, 4, 5)", [(5, 4, 1)]),
    ("[rand(4, 5), rand(4, 5)]", [(5, 4, 1), (5, 4, 1)]),
    ("rand(2, 3, 4, 5)", [(5, 4, 3), (5, 4, 3)]),
  ])
  func imagesComeInMostLayouts(expression: String, sizes: [(Int, Int, Int)]) {
    guard case .images(let grid)? = Self.pictures("show_image(\(expression))").first else {
      Issue.record("no images")
      return
    }
    #expect(
      grid.images.map { [$0.width, $0.height, $0.channels] } == sizes.map { [$0.0, $0.1, $0.2] })
  }

  @Test func channelsFirstImagesAreInterleaved() {
    let found = Self.pictures("show_image([[[1, 0]], [[0, 1]], [[0.5, 0.5]]])")
    guard case .images(let grid)? = found.first else { return }
    #expect(grid.images[0].pixels == [1, 0, 0.5, 0, 1, 0.5])
  }

  @Test func threeCaptionsMakeThreeGrayscaleImages() {
    guard
      case .images(let grid)? = Self.pictures(
        "show_image(rand(3, 4, 4), captions: [\"a\", \"b\", \"c\"])"
      ).first
    else {
      return
    }
    #expect(grid.images.count == 3 && grid.captions == ["a", "b", "c"])
  }

  @Test func valuesOutsideTheUnitRangeAreReported() {
    let run = RuntimeHarness.run("show_image([[-1, 0.5], [2, 1]])")
    #expect(run.output == "note: values from -1.0000 to 2.0000 are drawn clipped to [0, 1]\n")
    let (diagnostic, _) = RuntimeHarness.diagnostic("show_image(rand(2, 2, 2, 2, 2))")
    #expect(diagnostic?.message == "an image of shape [2, 2, 2, 2] cannot be drawn")
  }

  @Test func histCountsTensorsListsAndModels() {
    guard case .histogram(let h)? = Self.pictures("hist(randn(50, seed: 1), bins: 7)").first else {
      return
    }
    #expect(h.values.count == 50 && h.bins == 7)
    guard case .histogram(let model)? = Self.pictures("hist(Linear(3, 2))").first else { return }
    #expect(model.values.count == 8)
    let (diagnostic, _) = RuntimeHarness.diagnostic("hist([1, 2], bins: 0)")
    #expect(diagnostic?.message == "`bins` must be between 1 and 200, got 0")
  }

  @Test func graphNamesNodesAndSharesThem() {
    let found = Self.pictures(
      "w = param([1.0, 2.0])\nloss = sum(w * w)\nbackward(loss)\ngraph(loss)")
    guard case .graph(let graph)? = found.first else {
      Issue.record("no graph")
      return
    }
    #expect(graph.nodes.map(\.kind) == ["sum", "mul", "param"])
    #expect(
      graph.nodes[0].name == "loss" && graph.nodes[0].value == "5.0000"
        && graph.nodes[0].grad == "1.0000")
    #expect(graph.nodes[1].inputs == [2, 2])
    #expect(graph.nodes[2].name == "w" && graph.nodes[2].grad == "[2.0000, 4.0000]")
  }

  @Test func graphWritesDOTToAFile() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gradus-\(UUID().uuidString).dot"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let run = RuntimeHarness.run("x = param(3.0)\ny = x * x\ngraph(y, dot: \"\(path)\")")
    #expect(run.outcome.succeeded)
    #expect(run.sink.pictures.isEmpty)
    #expect(run.output == "wrote the graph (2 nodes) to \(path)\n")
    let dot = try String(contentsOfFile: path, encoding: .utf8)
    #expect(dot.hasPrefix("digraph gradus {") && dot.contains("n1 -> n0;"))
    let (diagnostic, _) = RuntimeHarness.diagnostic(
      "graph(param(1.0), dot: \"/nonexistent-dir/g.dot\")")
    #expect(diagnostic?.message.hasPrefix("cannot write `/nonexistent-dir/g.dot`") == true)
  }

  @Test func wrongArgumentsPointAtThem() {
    let (unknown, _) = RuntimeHarness.diagnostic("plot([1, 2], lables: [\"a\"])")
    #expect(unknown?.message == "`plot` has no argument named `lables`")
    let (labels, _) = RuntimeHarness.diagnostic("plot([1, 2], labels: [\"a\", \"b\"])")
    #expect(labels?.message == "2 labels for 1 series")
    let (graph, _) = RuntimeHarness.diagnostic("graph(\"loss\")")
    #expect(graph != nil)
  }
}
