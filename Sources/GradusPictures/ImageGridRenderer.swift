/// Draws small images side by side with captions. In colour, each character is two pixels
/// stacked: `▀` with the upper pixel as its colour and the lower as its background. Without
/// colour each pixel is two shade characters (` .:-=+*#%@`), so the image keeps its proportions.
public enum ImageGridRenderer {
  /// Space between images.
  static let gap = 2
  /// Taller images are shrunk so that a picture stays on one screen.
  static let maxHeight = 48

  public static func render(_ grid: ImageGrid, options: RenderOptions) -> String {
    var lines = Lines()
    if let title = grid.title { lines.append(title: title, options: options) }
    let halfBlocks = options.colour != .none && options.unicode
    let tiles = grid.images.indices.map { index in
      Tile(
        grid.images[index], caption: grid.caption(index), halfBlocks: halfBlocks, options: options)
    }
    for row in pack(tiles, width: options.width) {
      let height = row.map(\.lines.count).max() ?? 0
      for line in 0..<height {
        let parts = row.map { tile in
          // Centred over a caption wider than the image.
          let left = (tile.slot - tile.columns) / 2
          guard line < tile.lines.count else { return String(repeating: " ", count: tile.slot) }
          return String(repeating: " ", count: left) + tile.lines[line]
            + String(repeating: " ", count: tile.slot - tile.columns - left)
        }
        lines.append(parts.joined(separator: String(repeating: " ", count: gap)))
      }
      if row.contains(where: { !$0.caption.isEmpty }) {
        let captions = row.map {
          $0.caption.truncated(to: $0.slot, unicode: options.unicode).centred(in: $0.slot)
        }
        lines.append(captions.joined(separator: String(repeating: " ", count: gap)))
      }
    }
    return lines.text
  }

  /// Tiles in rows that fit the width (at least one per row).
  static func pack(_ tiles: [Tile], width: Int) -> [[Tile]] {
    var rows = [[Tile]]()
    var used = 0
    for tile in tiles {
      if rows.isEmpty || used + gap + tile.slot > width {
        rows.append([tile])
        used = tile.slot
      } else {
        rows[rows.count - 1].append(tile)
        used += gap + tile.slot
      }
    }
    return rows
  }

  /// One image drawn as lines of text, and the caption under it.
  struct Tile {
    let lines: [String]
    /// Columns the image takes.
    let columns: Int
    /// Columns of its slot: the image, or its caption if wider (up to 24).
    let slot: Int
    let caption: String

    init(_ image: PixelImage, caption: String, halfBlocks: Bool, options: RenderOptions) {
      self.caption = caption
      let pixelColumns = halfBlocks ? 1 : 2
      let shrink = Swift.max(
        1, (image.width * pixelColumns + options.width - 1) / Swift.max(1, options.width),
        (image.height + ImageGridRenderer.maxHeight - 1) / ImageGridRenderer.maxHeight)
      let small = Shrunk(image, factor: shrink)
      if small.width == 0 || small.height == 0 {
        lines = ["(empty image)"]
        columns = lines[0].count
      } else {
        lines = halfBlocks ? Tile.halfBlockLines(small, options) : Tile.shadeLines(small, options)
        columns = small.width * pixelColumns
      }
      slot = Swift.max(columns, Swift.min(24, caption.count))
    }

    static func halfBlockLines(_ image: Shrunk, _ options: RenderOptions) -> [String] {
      stride(from: 0, to: image.height, by: 2).map { y in
        var line = ""
        for x in 0..<image.width {
          line += options.foreground(image.colour(x, y))
          line += y + 1 < image.height ? options.background(image.colour(x, y + 1)) : "\u{1B}[49m"
          line += "▀"
        }
        return line + RenderOptions.reset
      }
    }

    static func shadeLines(_ image: Shrunk, _ options: RenderOptions) -> [String] {
      (0..<image.height).map { y in
        String(
          (0..<image.width).flatMap { x in
            Array(repeating: options.shade(image.colour(x, y).luminance), count: 2)
          })
      }
    }
  }

  /// An image averaged over `factor × factor` blocks of pixels.
  struct Shrunk {
    let width: Int
    let height: Int
    private let colours: [RGB]

    init(_ image: PixelImage, factor: Int) {
      width = (image.width + factor - 1) / factor
      height = (image.height + factor - 1) / factor
      var colours = [RGB]()
      colours.reserveCapacity(width * height)
      for y in 0..<height {
        for x in 0..<width {
          guard factor > 1 else {
            colours.append(image.colour(x: x, y: y))
            continue
          }
          var (red, green, blue, count) = (0.0, 0.0, 0.0, 0.0)
          for yy in (y * factor)..<Swift.min(image.height, (y + 1) * factor) {
            for xx in (x * factor)..<Swift.min(image.width, (x + 1) * factor) {
              let c = image.colour(x: xx, y: yy)
              (red, green, blue, count) = (red + c.red, green + c.green, blue + c.blue, count + 1)
            }
          }
          colours.append(RGB(red: red / count, green: green / count, blue: blue / count))
        }
      }
      self.colours = colours
    }

    func colour(_ x: Int, _ y: Int) -> RGB { colours[y * width + x] }
  }
}
