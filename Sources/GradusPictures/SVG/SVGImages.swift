/// Images as SVG: one square per pixel (runs of equal pixels merged), captions below.
enum SVGImages {
  /// Images are shrunk to at most this many pixels a side; the notebook is not a photo viewer.
  static let maxSide = 128
  static let gap = 16.0

  static func render(_ grid: ImageGrid) -> String {
    let titleHeight = grid.title == nil ? 8.0 : 30.0
    let shrunk = grid.images.map { image in
      ImageGridRenderer.Shrunk(
        image, factor: Swift.max(1, (Swift.max(image.width, image.height) + maxSide - 1) / maxSide))
    }
    let largest = shrunk.map { Swift.max($0.width, $0.height) }.max() ?? 1
    // Small images are enlarged so that an 8×8 digit is still visible: about 140 px a side.
    let pixel = Swift.max(1, Swift.min(16, (140 / Double(Swift.max(1, largest))).rounded(.down)))
    let hasCaptions = grid.captions.contains { !$0.isEmpty }
    var slots = [Double]()
    for (index, image) in shrunk.enumerated() {
      let captionWidth = SVGCanvas.textWidth(
        grid.caption(index).truncated(to: 32, unicode: true), size: 11)
      slots.append(Swift.max(Double(image.width) * pixel, captionWidth, 24))
    }
    let width = 8 + slots.reduce(0, +) + gap * Double(Swift.max(0, slots.count - 1)) + 8
    let tallest = shrunk.map { Double($0.height) * pixel }.max() ?? 0
    var canvas = SVGCanvas(
      width: Swift.max(width, 120), height: titleHeight + tallest + (hasCaptions ? 26 : 8))
    if let title = grid.title { canvas.text(title, x: 8, y: 20, size: 13, bold: true) }
    var x = 8.0
    for (index, image) in shrunk.enumerated() {
      let left = x + (slots[index] - Double(image.width) * pixel) / 2
      for row in 0..<image.height {
        var column = 0
        while column < image.width {
          let colour = image.colour(column, row)
          var end = column + 1
          while end < image.width && image.colour(end, row).hex == colour.hex { end += 1 }
          canvas.rect(
            x: left + Double(column) * pixel, y: titleHeight + Double(row) * pixel,
            width: Double(end - column) * pixel, height: pixel, fill: colour.hex)
          column = end
        }
      }
      canvas.text(
        grid.caption(index).truncated(to: 32, unicode: true), x: x + slots[index] / 2,
        y: titleHeight + tallest + 18,
        anchor: .middle)
      x += slots[index] + gap
    }
    return canvas.document(title: Picture.images(grid).summary, crisp: true)
  }
}
