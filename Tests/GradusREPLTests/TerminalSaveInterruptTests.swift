import Foundation
import GradusTensor
import Testing

/// Ctrl-C in a terminal while `save` writes a large file again and again: the save in progress
/// finishes (Ctrl-C only raises the interrupt flag), the loop stops, no temporary file is left,
/// the target is the old file or a complete new one, and the session goes on with its names.
@Suite(
  "REPL: Ctrl-C during a save",
  .enabled(
    if: Support.gradusBinary != nil, "the gradus binary is not built: run `swift build` first"))
struct TerminalSaveInterruptTests {
  static let oldContents = Array("the previous file\n".utf8)

  @Test(arguments: [0.5, 1.5] as [Double])
  func theSessionSurvivesCtrlCDuringASave(delay: Double) throws {
    let state = Support.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: state) }
    let folder = state.appendingPathComponent("saves")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let target = folder.appendingPathComponent("net.safetensors")
    try Data(Self.oldContents).write(to: target)

    let terminal = try Support.launchGradus(state: state)
    try #require(terminal.wait(for: "In [1]: "), "no first prompt:\n\(terminal.transcript)")
    terminal.type("model Big() {\r fc = Linear(1500, 1500)\r}\r")
    #expect(terminal.wait(for: "In [2]: "), "\(terminal.transcript)")
    terminal.type("net = Big()\r")
    #expect(terminal.wait(for: "In [3]: "), "\(terminal.transcript)")
    terminal.type("for i in 0..<300 { save(net, \"\(target.path)\") }\r")
    Thread.sleep(forTimeInterval: delay)
    terminal.type("\u{3}")
    #expect(terminal.wait(for: "In [4]: ", timeout: 10), "\(terminal.transcript)")
    terminal.type("count_params(net)\r")
    #expect(terminal.wait(for: "Out[4]: 2251500"), "\(terminal.transcript)")
    terminal.type(":quit\r")
    #expect(terminal.exitStatus() == 0)

    let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(left == ["net.safetensors"], "a temporary file is left: \(left)")
    let bytes = Array(try Data(contentsOf: target))
    if bytes != Self.oldContents {
      let shapes = try SafeTensors.decode(bytes).tensors.map(\.1.shape.sizes)
      #expect(Set(shapes) == [[1500], [1500, 1500]])
    }
  }
}
