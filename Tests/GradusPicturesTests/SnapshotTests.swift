import Foundation
import GradusPictures
import Testing

/// Every terminal renderer, drawn at fixed widths in each mode, compared with a golden file in
/// `Snapshots/` (`line-single.plain.txt`, …). `RECORD=1 swift test` writes the goldens anew;
/// review the diff before committing it.
struct SnapshotTests {
  static let modes: [(name: String, options: RenderOptions)] = [
    ("plain", RenderOptions(width: 64, colour: .none, unicode: false)),
    ("unicode", RenderOptions(width: 64, colour: .none, unicode: true)),
    ("ansi256", RenderOptions(width: 64, colour: .ansi256, unicode: true)),
    ("truecolor", RenderOptions(width: 64, colour: .trueColor, unicode: true)),
  ]

  static let directory = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()
    .appendingPathComponent("Snapshots")

  static var recording: Bool { ProcessInfo.processInfo.environment["RECORD"] == "1" }

  @Test(arguments: Samples.all.map(\.name))
  func matchesGolden(sample: String) throws {
    for mode in Self.modes {
      let drawn = TerminalPictureRenderer.drawing(Samples.picture(sample), options: mode.options)
      let file = Self.directory.appendingPathComponent("\(sample).\(mode.name).txt")
      if Self.recording {
        try FileManager.default.createDirectory(
          at: Self.directory, withIntermediateDirectories: true)
        try drawn.write(to: file, atomically: true, encoding: .utf8)
        continue
      }
      guard let golden = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("no snapshot \(file.lastPathComponent); record it with RECORD=1 swift test")
        continue
      }
      #expect(
        drawn == golden,
        "\(file.lastPathComponent) differs:\n\(Self.firstDifference(drawn, golden))")
    }
  }

  /// The first line that differs, to read in a test log (escapes made visible).
  static func firstDifference(_ drawn: String, _ golden: String) -> String {
    let a = drawn.split(separator: "\n", omittingEmptySubsequences: false)
    let b = golden.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(a.count, b.count) {
      let left = i < a.count ? String(a[i]) : "<none>"
      let right = i < b.count ? String(b[i]) : "<none>"
      if left != right {
        let visible = { (s: String) in s.replacingOccurrences(of: "\u{1B}", with: "␛") }
        return "line \(i + 1)\n  drawn:  \(visible(left))\n  golden: \(visible(right))"
      }
    }
    return "(same lines)"
  }
}
