import GradusLanguage
import GradusPictures
import GradusRuntime
import GradusTensor
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Replays every input the fuzzer ever crashed on (scripts/fuzz.sh copies them into
/// FuzzRegressions/), parsing and running each under the fuzzer's caps. A regression crashes
/// or hangs this test instead of passing.
@Suite struct FuzzRegressionTests {
  static let directory: String = {
    let here = #filePath
    return String(here[..<here.lastIndex(of: "/")!]) + "/FuzzRegressions"
  }()

  static var inputs: [String] {
    guard let dir = opendir(directory) else { return [] }
    defer { closedir(dir) }
    var names = [String]()
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) {
        String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name.hasSuffix(".grad") { names.append(name) }
    }
    return names.sorted()
  }

  final class Discard: OutputSink {
    func write(_ text: String) {}
    func show(_ value: Value, formatted: String) {}
    func picture(_ picture: Picture) {}
  }

  /// Runs one program under the fuzzer's caps on the evaluator's big stack.
  static func replay(_ text: String) throws {
    let source = SourceFile(name: "<regression>", text: text)
    _ = Parser.parse(source)
    var failure: (any Error)?
    LargeStack.run {
      do {
        try MemoryLimit.withMaxBytes(16 << 20) {
          let interpreter = try Interpreter(output: Discard())
          interpreter.maxSteps = 20_000
          interpreter.maxCallDepth = 64
          _ = Pipeline.run(source, in: interpreter)
        }
      } catch {
        failure = error
      }
    }
    if let failure { throw failure }
  }

  @Test func corpusIsPresent() {
    #expect(
      FuzzRegressionTests.inputs.count >= 1, "FuzzRegressions/ must hold at least the seed cases")
  }

  @Test(arguments: FuzzRegressionTests.inputs)
  func replaysWithoutCrashing(_ name: String) throws {
    let path = FuzzRegressionTests.directory + "/" + name
    guard let bytes = FileBytes.read(path) else {
      Issue.record("cannot read \(path)")
      return
    }
    try FuzzRegressionTests.replay(String(decoding: bytes, as: UTF8.self))
  }
}
