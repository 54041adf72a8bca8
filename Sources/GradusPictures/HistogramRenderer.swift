#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Draws a histogram as one bar per bin, lowest values first, with each bin's range and count
/// and a line of summary statistics:
///
/// ```
/// [-0.50, -0.25)  ███▌          7
/// [-0.25, 0.00)   ██████████▏  21
/// ```
public enum HistogramRenderer {
  public static func render(_ histogram: Histogram, options: RenderOptions) -> String {
    var lines = Lines()
    if let title = histogram.title { lines.append(title: title, options: options) }
    guard let bins = Bins(histogram) else {
      lines.append("(nothing to count: no finite values)")
      return lines.text
    }
    let labels = bins.counts.indices.map { bins.rangeLabel($0) }
    let labelWidth = labels.map(\.count).max() ?? 0
    let countWidth = String(bins.counts.max() ?? 0).count
    let barWidth = Swift.max(4, options.width - labelWidth - countWidth - 3)
    let largest = Swift.max(1, bins.counts.max() ?? 1)
    for (index, count) in bins.counts.enumerated() {
      let length = Double(count) / Double(largest) * Double(barWidth)
      let bar = self.bar(length, unicode: options.unicode)
      lines.append(
        labels[index].padded(to: labelWidth) + " " + options.painted(bar, ColourMap.seriesColour(0))
          + String(repeating: " ", count: barWidth - bar.count + 1)
          + String(count).leftPadded(to: countWidth))
    }
    for line in wrapped(bins.summary, width: options.width) { lines.append(options.dim(line)) }
    return lines.text
  }

  /// Words separated by two spaces, on as few lines of `width` as they fit.
  static func wrapped(_ parts: [String], width: Int) -> [String] {
    var lines = [String]()
    for part in parts {
      if let last = lines.last, last.count + 2 + part.count <= width {
        lines[lines.count - 1] = last + "  " + part
      } else {
        lines.append(part)
      }
    }
    return lines
  }

  /// A bar `length` columns long: whole blocks then an eighth block for the rest (unicode), or
  /// `#` rounded to whole columns (ASCII). A nonzero count always shows at least a sliver.
  static func bar(_ length: Double, unicode: Bool) -> String {
    guard length > 0 else { return "" }
    guard unicode else { return String(repeating: "#", count: Swift.max(1, Int(length.rounded()))) }
    let eighths = Swift.max(1, Int((length * 8).rounded()))
    let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8]
    return String(repeating: "█", count: eighths / 8) + partial
  }
}

/// Finite values counted into equal-width bins over their range.
struct Bins {
  let low: Double
  let width: Double
  let counts: [Int]
  let finite: [Double]
  /// NaN and infinite values, left out of the bins.
  let nonFinite: Int

  /// Nil when no value is finite.
  init?(_ histogram: Histogram) {
    finite = histogram.values.filter(\.isFinite)
    nonFinite = histogram.values.count - finite.count
    guard var low = finite.min(), var high = finite.max() else { return nil }
    if high == low {
      // One distinct value: a bin of width one centred on it.
      (low, high) = (low - 0.5, high + 0.5)
    }
    let sturges = Int(ceil(log2(Double(finite.count)))) + 1
    let count = Swift.max(1, histogram.bins ?? Swift.min(30, Swift.max(5, sturges)))
    var counts = [Int](repeating: 0, count: count)
    let width = (high - low) / Double(count)
    for value in finite {
      let index = width > 0 && width.isFinite ? Int((value - low) / width) : 0
      counts[Swift.min(count - 1, Swift.max(0, index))] += 1
    }
    self.low = low
    self.width = width
    self.counts = counts
  }

  func edge(_ index: Int) -> Double { low + Double(index) * width }

  /// `[-0.50, -0.25)`; the last bin includes its upper edge: `[ 0.25,  0.50]`. Edges are
  /// padded to one width so that the bars start in one column.
  func rangeLabel(_ index: Int) -> String {
    let close = index == counts.count - 1 ? "]" : ")"
    let width = (0...counts.count).map { edgeText(edge($0)).count }.max() ?? 0
    let low = edgeText(edge(index)).leftPadded(to: width)
    return "[" + low + ", " + edgeText(edge(index + 1)).leftPadded(to: width) + close
  }

  func edgeText(_ value: Double) -> String {
    let largest = Swift.max(Swift.abs(low), Swift.abs(edge(counts.count)))
    if largest >= 1e5 || (width < 1e-4 && largest < 1e-2) { return NumberText.scientific(value, 2) }
    // One digit more than the bin width needs, so neighbouring edges differ.
    return NumberText.fixed(value, Swift.min(6, NumberText.decimals(forStep: width) + 1))
  }

  /// `n 1000`, `mean 0.0123`, `std 0.998`, `min -3.12`, `max 2.95`.
  var summary: [String] {
    let n = Double(finite.count)
    // Halved, so that values near ±1e308 do not overflow the sums.
    let mean = finite.reduce(0) { $0 + $1 / 2 } / n * 2
    let variance = finite.reduce(0) { $0 + ($1 / 2 - mean / 2) * ($1 / 2 - mean / 2) } / n * 4
    var parts = [
      "n \(finite.count)", "mean \(NumberText.compact(mean))",
      "std \(NumberText.compact(variance.squareRoot()))",
      "min \(NumberText.compact(finite.min()!))", "max \(NumberText.compact(finite.max()!))",
    ]
    if nonFinite > 0 { parts.append("(\(nonFinite) nan/inf left out)") }
    return parts
  }
}
