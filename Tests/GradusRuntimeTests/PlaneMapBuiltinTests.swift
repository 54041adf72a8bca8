import GradusPictures
import GradusRuntime
import Testing

/// `contour` and `regions` turn a grid of values into a `PlaneMap` with paths or points; `chars`
/// splits a string for a character tokenizer. Bad arguments are errors that point at them.
struct PlaneMapBuiltinTests {
  static func map(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> PlaneMap? {
    guard
      case .planeMap(let map)? = PictureBuiltinTests.pictures(text, sourceLocation: sourceLocation)
        .first
    else {
      Issue.record("no plane map", sourceLocation: sourceLocation)
      return nil
    }
    return map
  }

  @Test func contourKeepsTheGridLevelsAndPaths() {
    guard
      let map = Self.map(
        """
        xs = linspace(-1, 1, 3)
        ys = reshape(linspace(0, 2, 2), -1, 1)
        contour(xs ^ 2 + ys, x: [-1, 1], y: [0, 2], levels: [0.5, 2], paths: [[[-1, 0], [0, 1]]], labels: "p", title: "t")
        """)
    else { return }
    #expect(map.rows == 2 && map.columns == 3)
    #expect(map.values == [1, 0, 1, 3, 2, 3])
    #expect(map.shading == .levels([0.5, 2]) && map.title == "t")
    #expect(map.paths == [PlaneMap.Path(xs: [-1, 0], ys: [0, 1], label: "p")])
    guard let counted = Self.map("contour([[0, 1], [2, 3]], x: [0, 1], y: [0, 1], levels: 2)")
    else { return }
    #expect(counted.shading == .levels([1, 2]))
  }

  @Test func regionsTakeClassesAndLabelledPoints() {
    guard
      let map = Self.map(
        "regions([[0, 1], [2, 1]], x: [0, 1], y: [0, 1], points: [[0.5, 0.5], [0.2, 0.9]], labels: [1, 3])"
      )
    else { return }
    #expect(map.shading == .classes(4))
    #expect(map.points.map(\.classIndex) == [1, 3] && abs(map.points[1].y - 0.9) < 1e-6)
  }

  @Test(arguments: [
    ("contour([1, 2], x: [0, 1], y: [0, 1])", "a grid of values"),
    ("contour([[1, 2], [3, 4]], y: [0, 1])", "needs `x: [low, high]`"),
    ("contour([[1, 2], [3, 4]], x: [1, 0], y: [0, 1])", "low < high"),
    ("contour([[1, 2], [3, 4]], x: [0, 1], y: [0, 1], levels: [2, 1])", "ascending"),
    ("contour([[1, 2], [3, 4]], x: [0, 1], y: [0, 1], levels: 0)", "between 1 and 30"),
    ("contour([[1, 2], [3, 4]], x: [0, 1], y: [0, 1], paths: [[1, 2, 3]])", "shape [n, 2]"),
    ("contour([[1, 2], [3, 4]], x: [0, 1], y: [0, 1], labels: [\"a\"])", "there are none"),
    ("regions([[0, 0.5], [1, 1]], x: [0, 1], y: [0, 1])", "a class 0, 1, 2"),
    (
      "regions([[0, 1], [1, 1]], x: [0, 1], y: [0, 1], points: [[0, 0]], labels: [1, 0])",
      "one class"
    ),
    ("chars(3)", "splits a string"),
  ])
  func badArgumentsAreErrors(source: String, message: String) {
    let (diagnostic, _) = RuntimeHarness.diagnostic(source)
    #expect(
      diagnostic?.message.contains(message) ?? false,
      "\(source): \(diagnostic?.message ?? "no error")")
  }

  @Test func charsSplitsIntoCharacters() {
    let run = RuntimeHarness.run("print(chars(\"梯度 ab\"), len(chars(\"\")))")
    #expect(run.outcome.succeeded)
    #expect(run.sink.text == "[\"梯\", \"度\", \" \", \"a\", \"b\"] 0\n")
  }
}
