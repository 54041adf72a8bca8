import Foundation
import GradusNotebook
import Testing

/// Opens an exported page in a real browser (headless Chromium): it must load without console
/// errors, parse into one SVG per picture, and not render blank. CI installs Debian's
/// `chromium`; without it these tests are skipped.
@Suite(
  .serialized,
  Chromium.installed)
struct BrowserTests {
  static func exportedPage() throws -> URL {
    let directory = try ExportFixtures.temporaryDirectory()
    let page = directory.appendingPathComponent("pictures.html")
    let html = HTMLExporter.render(try ExportFixtures.notebook(ExportFixtures.pictures))
    try html.write(to: page, atomically: true, encoding: .utf8)
    return page
  }

  @Test func thePageLoadsWithoutConsoleErrorsAndIsNotBlank() throws {
    let page = try Self.exportedPage()
    let shot = page.deletingLastPathComponent().appendingPathComponent("page.png")
    let run = try Chromium.screenshot(page, to: shot)
    #expect(run.consoleMessages.isEmpty, "console: \(run.consoleMessages)")
    let png = try PNGInfo(Data(contentsOf: shot))
    #expect(png.width == Chromium.windowWidth && png.height == Chromium.windowHeight)

    // A blank page of the same size compresses to almost nothing; the export must not.
    let blank = page.deletingLastPathComponent().appendingPathComponent("blank.html")
    try "<!DOCTYPE html><html><body></body></html>".write(
      to: blank, atomically: true, encoding: .utf8)
    let blankShot = page.deletingLastPathComponent().appendingPathComponent("blank.png")
    _ = try Chromium.screenshot(blank, to: blankShot)
    let blankSize = try Data(contentsOf: blankShot).count
    #expect(
      png.byteCount > 4 * blankSize, "screenshot \(png.byteCount) bytes, blank page \(blankSize)")
  }

  @Test func theBrowserParsesOneSVGPerPicture() throws {
    let dom = try Chromium.dumpDOM(try Self.exportedPage())
    #expect(ExportTests.count("<svg", in: dom) == ExportFixtures.pictureCount)
    #expect(!dom.contains("parsererror"))
    #expect(dom.contains("Exported by Gradus 9.9.9-test"))
  }

  /// Checks the checker: a page with a failing script must be caught, or the test above
  /// could pass for the wrong reason.
  @Test func consoleErrorsAreDetected() throws {
    let directory = try ExportFixtures.temporaryDirectory()
    let page = directory.appendingPathComponent("broken.html")
    try
      "<!DOCTYPE html><html><body><p>x</p><script>console.error('boom'); missing();</script></body></html>"
      .write(to: page, atomically: true, encoding: .utf8)
    let run = try Chromium.screenshot(page, to: directory.appendingPathComponent("broken.png"))
    #expect(run.consoleMessages.contains { $0.contains("boom") })
  }
}

/// Headless Chromium, run as a process with a time limit.
enum Chromium {
  static let path: String? = [
    "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
  ]
  .first { FileManager.default.isExecutableFile(atPath: $0) }
  /// Skips a suite where there is no Chromium.
  static let installed = ConditionTrait.enabled(
    if: path != nil, "chromium is not installed (apt-get install chromium)")
  /// JavaScript for a checking script: `glyph(text, font)` draws the text on a canvas and
  /// returns the picture as a data URL. A missing glyph is drawn as the same box for every
  /// character, so a character whose picture equals an unassigned code point's has none.
  static let glyphFunction = """
    const glyph = (text, font) => {
      const canvas = document.createElement('canvas');
      canvas.width = 40;
      canvas.height = 40;
      const context = canvas.getContext('2d');
      context.font = '32px ' + font;
      context.fillText(text, 2, 34);
      return canvas.toDataURL();
    };
    """
  static let windowWidth = 1000
  static let windowHeight = 2400

  struct Run {
    let status: Int32
    let output: String
    let log: String
    /// Lines the page wrote to its console (`console.error`, uncaught exceptions).
    var consoleMessages: [String] {
      log.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") }
    }
  }

  static func screenshot(_ page: URL, to png: URL) throws -> Run {
    let run = try self.run([
      "--enable-logging=stderr", "--v=0", "--screenshot=\(png.path)",
      "--window-size=\(windowWidth),\(windowHeight)", page.absoluteString,
    ])
    guard FileManager.default.fileExists(atPath: png.path) else {
      throw ChromiumFailure(
        description: "no screenshot (status \(run.status)):\n\(run.log.suffix(2000))")
    }
    return run
  }

  static func dumpDOM(_ page: URL) throws -> String {
    try run(["--dump-dom", page.absoluteString]).output
  }

  /// Opens `html` as the file `name` with `script` added at the end of its body; the script
  /// writes what it measured as JSON into `<pre id="check">`, decoded here. Returns the page
  /// and the check, nil (with an issue recorded) when the script wrote nothing.
  static func check<Check: Decodable>(
    _ html: String, named name: String, script: String, as _: Check.Type
  ) throws -> (page: URL, check: Check?) {
    let directory = try ExportFixtures.temporaryDirectory()
    let page = directory.appendingPathComponent(name)
    try html.replacingOccurrences(of: "</body>", with: script + "</body>")
      .write(to: page, atomically: true, encoding: .utf8)
    let dom = try run(["--dump-dom", "--virtual-time-budget=3000", page.absoluteString]).output
    guard let start = dom.range(of: "<pre id=\"check\">"),
      let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex)
    else {
      Issue.record("the checking script wrote nothing:\n\(dom.suffix(500))")
      return (page, nil)
    }
    let json = String(dom[start.upperBound..<end.lowerBound])
      .replacingOccurrences(of: "&amp;", with: "&")
    return (page, try JSONDecoder().decode(Check.self, from: Data(json.utf8)))
  }

  /// Runs Chromium with a fresh profile; output goes through files, so a large DOM cannot
  /// fill a pipe and stall it.
  static func run(_ arguments: [String], timeout: Double = 90) throws -> Run {
    let directory = try ExportFixtures.temporaryDirectory()
    let stdout = directory.appendingPathComponent("stdout")
    let stderr = directory.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path!)
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    process.arguments =
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
        "--disable-extensions",
        "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
      ] + arguments
    process.standardOutput = try FileHandle(forWritingTo: stdout)
    process.standardError = try FileHandle(forWritingTo: stderr)
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
      process.terminate()
      throw ChromiumFailure(description: "chromium did not finish within \(Int(timeout)) s")
    }
    return Run(
      status: process.terminationStatus,
      output: (try? String(contentsOf: stdout, encoding: .utf8)) ?? "",
      log: (try? String(contentsOf: stderr, encoding: .utf8)) ?? "")
  }
}

struct ChromiumFailure: Error, CustomStringConvertible {
  let description: String
}

/// The size of a PNG from its header: enough to know a screenshot is an image of the window.
struct PNGInfo {
  let width: Int
  let height: Int
  let byteCount: Int

  init(_ data: Data) throws {
    let bytes = [UInt8](data)
    let signature: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
    guard bytes.count > 24, Array(bytes[0..<8]) == signature,
      Array(bytes[12..<16]) == Array("IHDR".utf8)
    else {
      throw ChromiumFailure(description: "the screenshot is not a PNG")
    }
    func int(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
    width = int(16)
    height = int(20)
    byteCount = bytes.count
  }
}
