import GradusAutograd
import GradusPictures
import GradusRuntime
import GradusTensor

/// A tensor as an HTML table, the `text/html` a notebook shows beside the `text/plain` form:
/// rows and columns with their indices, and a caption with the shape and dtype. A tensor of
/// rank 3 or more is a table per matrix (`[0, :, :]`, `[1, :, :]`, …). The numbers, and which
/// of them a large tensor leaves out (`…`), are the text form's (`ValueFormat`).
enum TensorTable {
  /// The table of `tensor`; nil for a scalar (its text is one number) and for a shape-only
  /// tensor (it has no numbers).
  static func html(_ tensor: Tensor, format: ValueFormat) -> String? {
    let data = tensor.data
    guard data.rank > 0, !data.isShapeOnly else { return nil }
    let sizes = data.shape.sizes
    let shown = format.shownPositions(sizes)
    let written = format.elementText(data)
    // A vector is one row; a matrix is its own table; higher ranks split into matrices.
    let matrixAxes = sizes.count == 1 ? [0] : [sizes.count - 2, sizes.count - 1]
    let leading = Array(shown.prefix(sizes.count - matrixAxes.count))
    var html = "<div class=\"gradus-tensor\">"
    html += "<p>" + caption(tensor, summarised: shown.contains { $0.elided }) + "</p>"
    for position in Self.positions(leading) {
      guard let position else {
        html += "<p>…</p>"
        continue
      }
      html += matrix(
        data, at: position, shown: Array(shown.suffix(matrixAxes.count)), text: written)
    }
    return html + "</div>"
  }

  /// `tensor · shape [2, 3] · float32`, with `param` for a parameter and a note when numbers
  /// are left out.
  private static func caption(_ tensor: Tensor, summarised: Bool) -> String {
    var parts = [
      tensor.isParameter ? "param" : "tensor", "shape \(tensor.shape)", tensor.dtype.rawValue,
    ]
    if summarised { parts.append("summarised: … stands for the numbers left out") }
    return escaped(parts.joined(separator: " · "))
  }

  /// Every combination of the shown positions of the leading axes, in order; nil where some
  /// are left out (one `…` per gap of the outermost axis that has one).
  static func positions(_ axes: [(picks: [Int], elided: Bool)]) -> [[Int]?] {
    guard let first = axes.first else { return [[]] }
    let inner = positions(Array(axes.dropFirst()))
    var result: [[Int]?] = []
    for (order, pick) in first.picks.enumerated() {
      if first.elided && order == first.picks.count / 2 { result.append(nil) }
      result += inner.map { $0.map { [pick] + $0 } }
    }
    return result
  }

  /// The table of the matrix (or vector) at the leading `position`.
  private static func matrix(
    _ data: NDArray, at position: [Int], shown: [(picks: [Int], elided: Bool)],
    text: (Double) -> String
  ) -> String {
    let isVector = shown.count == 1
    // A vector is a single row of its columns.
    let rows: [Int?] = isVector ? [0] : withGap(shown[0])
    let columns = withGap(shown[shown.count - 1])
    var html = "<table>"
    if !position.isEmpty {
      let label = (position.map(String.init) + [":", ":"]).joined(separator: ", ")
      html += "<caption>[" + escaped(label) + "]</caption>"
    }
    html += "<thead><tr>" + (isVector ? "" : "<th></th>")
    html += columns.map { "<th>" + ($0.map(String.init) ?? "…") + "</th>" }.joined()
    html += "</tr></thead><tbody>"
    for row in rows {
      html += "<tr>" + (isVector ? "" : "<th>" + (row.map(String.init) ?? "⋮") + "</th>")
      for column in columns {
        guard let row, let column else {
          html += "<td>" + (row == nil ? (column == nil ? "⋱" : "⋮") : "…") + "</td>"
          continue
        }
        let index = position + (isVector ? [column] : [row, column])
        html += "<td>" + escaped(text(data.element(at: index))) + "</td>"
      }
      html += "</tr>"
    }
    return html + "</tbody></table>"
  }

  /// The shown positions of an axis, with nil where the left-out ones would be.
  private static func withGap(_ axis: (picks: [Int], elided: Bool)) -> [Int?] {
    var result: [Int?] = axis.picks
    if axis.elided { result.insert(nil, at: axis.picks.count / 2) }
    return result
  }

  private static func escaped(_ text: String) -> String { XMLText.escaped(text) }
}
