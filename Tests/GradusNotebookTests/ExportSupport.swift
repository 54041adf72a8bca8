import Foundation
import GradusLanguage
import GradusNotebook
import GradusRuntime

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Lesson sources for the notebook and export tests.
enum ExportFixtures {
  /// Prose, code, printed text, a shown value and one picture of each kind.
  static let pictures = """
    #' # Pictures & numbers
    #'
    #' Each kind of picture, once. A [link](https://example.org/?a=1&b=2) and `x < y`.
    #'
    #' ---
    losses = []
    w = param(3.0)
    for step in 1...20 {
      loss = (w - 1) ^ 2
      backward(loss)
      w = w - 0.1 * grad(w)
      zero_grad(w)
      append(losses, loss)
    }
    print("final loss", losses[19])
    plot(losses, title: "loss")
    #' ## Attention
    heatmap(softmax(randn(4, 4), axis: -1), rows: ["a", "b", "c", "d"], cols: ["a", "b", "c", "d"])
    x = randn(3)
    x
    #' An image, a histogram and a graph.
    show_image([rand(6, 6, seed: 1), rand(6, 6, seed: 2)], captions: ["one", "two"])
    hist(randn(200))
    y = sum(w * w + w)
    backward(y)
    graph(y)
    """

  static let pictureCount = 5

  /// The second code cell fails; the third is not run.
  static let failing = """
    #' # Broken
    a = [1.0, 2.0]
    print("before")
    #' The next cell fails.
    b = a @ [[1.0, 2.0, 3.0]]
    #' This one never runs.
    print("after")
    """

  static func notebook(_ text: String, name: String = "pictures.grad", seed: UInt64 = 0) throws
    -> Notebook
  {
    var result: Result<Notebook, NotebookError>?
    // The evaluator expects its large stack, as under `gradus run`.
    LargeStack.run {
      result = Result { () throws(NotebookError) in
        try Notebook.run(SourceFile(name: name, text: text), seed: seed, version: "9.9.9-test")
      }
    }
    return try result!.get()
  }

  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gradus-export-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

/// Parses XML and counts its elements; nil with the parser's message when it is not
/// well-formed.
final class XMLCheck: NSObject, XMLParserDelegate {
  private(set) var counts: [String: Int] = [:]

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    counts[name, default: 0] += 1
  }

  static func parse(_ xml: String) -> Result<[String: Int], XMLFailure> {
    let parser = XMLParser(data: Data(xml.utf8))
    let check = XMLCheck()
    parser.delegate = check
    guard parser.parse() else {
      let line = parser.lineNumber
      let text = xml.split(separator: "\n", omittingEmptySubsequences: false)
      let context = line > 0 && line <= text.count ? String(text[line - 1]) : ""
      return .failure(
        XMLFailure(
          description: "line \(line): \(parser.parserError.map { "\($0)" } ?? "?")\n\(context)"))
    }
    return .success(check.counts)
  }
}

struct XMLFailure: Error, CustomStringConvertible {
  let description: String
}
