import GradusAutograd
import GradusRuntime
import GradusTensor
import Testing

@testable import GradusKernel

@Suite struct TensorTableTests {
  static func tensor(_ values: [Double], _ shape: [Int]) throws -> Tensor {
    Tensor(try NDArray(values, shape: Shape(shape)))
  }

  static func table(_ values: [Double], _ shape: [Int]) throws -> String {
    try #require(TensorTable.html(try tensor(values, shape), format: ValueFormat()))
  }

  /// The texts of the table's cells (`<td>`), in order.
  static func cells(_ html: String) -> [String] {
    html.split(separator: "<td>").dropFirst().map { String($0.prefix { $0 != "<" }) }
  }

  @Test func aMatrixHasIndexedRowsAndColumnsAndACaption() throws {
    #expect(
      try Self.table([1, 2, 3, 4], [2, 2])
        == "<div class=\"gradus-tensor\"><p>tensor · shape [2, 2] · float32</p><table>"
        + "<thead><tr><th></th><th>0</th><th>1</th></tr></thead><tbody>"
        + "<tr><th>0</th><td>1.0000</td><td>2.0000</td></tr>"
        + "<tr><th>1</th><td>3.0000</td><td>4.0000</td></tr></tbody></table></div>")
  }

  @Test func aVectorIsOneRow() throws {
    let html = try Self.table([0.5, -2], [2])
    #expect(html.contains("<thead><tr><th>0</th><th>1</th></tr></thead>"))
    #expect(html.contains("<tbody><tr><td>0.5000</td><td>-2.0000</td></tr></tbody>"))
  }

  @Test func higherRanksAreOneTablePerMatrix() throws {
    let html = try Self.table((0..<8).map(Double.init), [2, 2, 2])
    #expect(html.contains("<caption>[0, :, :]</caption>"))
    #expect(html.contains("<caption>[1, :, :]</caption>"))
    #expect(Self.cells(html) == (0..<8).map { "\($0).0000" })
  }

  @Test func aLargeTensorIsSummarisedAsItsTextIs() throws {
    let t = try Self.tensor((0..<2000).map(Double.init), [40, 50])
    let html = try #require(TensorTable.html(t, format: ValueFormat()))
    let text = ValueFormat().tensor(t)
    let numbers = Self.cells(html).filter { !["…", "⋮", "⋱"].contains($0) }
    // Three rows and columns at each end, as the text form shows them.
    #expect(numbers.count == 36)
    #expect(numbers.allSatisfy { text.contains($0) })
    #expect(numbers.first == "0.0000" && numbers.last == "1999.0000")
    #expect(!html.contains("<td>150.0000</td>"))
    #expect(html.contains("<th>⋮</th>") && html.contains("<th>…</th>"))
    #expect(html.contains("summarised"))
  }

  @Test func leadingAxesAreSummarisedToo() throws {
    let html = try Self.table((0..<2000).map(Double.init), [20, 10, 10])
    let captions = html.split(separator: "<caption>").dropFirst().map { $0.prefix { $0 != "<" } }
    #expect(
      captions == ["[0, :, :]", "[1, :, :]", "[2, :, :]", "[17, :, :]", "[18, :, :]", "[19, :, :]"])
    #expect(html.contains("</table><p>…</p><table>"))
  }

  @Test func oneNotationForTheWholeTensor() throws {
    #expect(Self.cells(try Self.table([0.5, 0.00001], [2])) == ["5.0000e-01", "1.0000e-05"])
  }

  @Test func scalarsAndShapeOnlyTensorsHaveNoTable() throws {
    #expect(TensorTable.html(Tensor(NDArray(scalar: 2)), format: ValueFormat()) == nil)
    let shapeOnly = Tensor(try NDArray.shapeOnly(Shape([3, 4])))
    #expect(TensorTable.html(shapeOnly, format: ValueFormat()) == nil)
  }

  @Test func theTableFollowsTheSessionsDecimals() throws {
    var format = ValueFormat()
    format.decimals = 2
    let html = try #require(TensorTable.html(try Self.tensor([1, 2], [2]), format: format))
    #expect(Self.cells(html) == ["1.00", "2.00"])
  }
}
