import GradusLanguage
import GradusPictures
import GradusRuntime
import GradusTensor

#if canImport(Glibc)
  import Glibc
#endif

// Two fuzz targets share this binary: GRADUS_FUZZ=parse (the default) parses; GRADUS_FUZZ=eval
// parses and runs with caps on steps, call depth and tensor memory, so that only crashes (not
// slow or huge programs) are findings. Built with `-sanitize=fuzzer -DFUZZING` (scripts/fuzz.sh)
// it is a libFuzzer driver; built normally it replays the files named on its command line.

final class DiscardingSink: OutputSink {
  func write(_ text: String) {}
  func show(_ value: Value, formatted: String) {}
  func picture(_ picture: Picture) {}
}

let mode = getenv("GRADUS_FUZZ").map { String(cString: $0) }
let evaluate = mode == "eval"

/// `GRADUS_FUZZ=dict` prints a libFuzzer dictionary of every builtin's name and call, and of
/// the numbers that reach size and overflow checks, generated from the builtin table so that a
/// new builtin is fuzzed without editing a list (scripts/fuzz.sh adds it to gradus.dict).
func printDictionary() {
  let hostile = [
    "0", "-1", "9223372036854775807", "-9223372036854775808", "4611686018427387904",
    "4294967296", "1e19", "-1e19", "1e300", "sqrt(-1.0)", "(1e308 * 10.0)", "zeros(0)",
    "zeros(2, 0)", "padding: ", "stride: ", "axis: ", "seed: ", "keep: true", "dtype: \"float64\"",
  ]
  for name in Interpreter.builtins.map(\.name).sorted() {
    print("\"\(name)\"")
    print("\"\(name)(\"")
  }
  for token in hostile {
    let escaped = token.split(separator: "\"", omittingEmptySubsequences: false)
    print("\"" + escaped.joined(separator: "\\\"") + "\"")
  }
}
if mode == "dict" {
  printDictionary()
  exit(0)
}

func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data else { return 0 }
  // Invalid UTF-8 is rejected by the CLI before parsing; the parser sees repaired text here.
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  let source = SourceFile(name: "<fuzz>", text: text)
  if !evaluate {
    _ = Parser.parse(source)
    return 0
  }
  MemoryLimit.maxBytes = 16 << 20
  guard let interpreter = try? Interpreter(output: DiscardingSink()) else { return 0 }
  interpreter.maxSteps = 20_000
  interpreter.maxCallDepth = 64
  _ = Pipeline.run(source, in: interpreter)
  return 0
}

#if FUZZING
  @_silgen_name("LLVMFuzzerRunDriver")
  func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
  ) -> Int32

  // Programs may write files (`save`, `graph(dot:)`): relative paths land in a scratch
  // directory, not the repository (scripts/fuzz.sh passes absolute paths to libFuzzer).
  if let directory = getenv("GRADUS_FUZZ_DIR") {
    chdir(directory)
  } else {
    var scratch = Array("/tmp/gradus-fuzz-XXXXXX".utf8CString)
    if let made = mkdtemp(&scratch) { chdir(made) }
  }
  var argc = CommandLine.argc
  var argv = CommandLine.unsafeArgv
  exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
#else
  for path in CommandLine.arguments.dropFirst() {
    guard let bytes = FileBytes.read(path) else { continue }
    _ = bytes.withUnsafeBufferPointer { fuzzOne($0.baseAddress, $0.count) }
  }
#endif
