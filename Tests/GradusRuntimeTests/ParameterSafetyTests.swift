import Foundation
import GradusLanguage
import GradusPictures
import GradusTensor
import Testing

@testable import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// No parameter is left half-updated (QUALITY.md §3 and §7): `load` validates the whole file
/// before it writes any parameter, and Ctrl-C during an optimizer step stops between parameter
/// updates, never inside one.
@Suite("Parameters: never half-updated")
struct ParameterSafetyTests {
  /// A safetensors file for `Reliability.netSource` holding 7s, except that the last tensor
  /// written (`fc2.b`, the last parameter the model lists, so a loader that wrote as it checked
  /// would have written the others already) has the given header entry and data.
  static func fileWithABadLastTensor(_ entry: String, data: [UInt8]) -> [UInt8] {
    let good = Reliability.floatBytes(Array(repeating: 7, count: 12 + 4 + 8))
    let header =
      #"{"fc1.W":{"dtype":"F32","shape":[3,4],"data_offsets":[0,48]},"#
      + #""fc1.b":{"dtype":"F32","shape":[4],"data_offsets":[48,64]},"#
      + #""fc2.W":{"dtype":"F32","shape":[4,2],"data_offsets":[64,96]},"fc2.b":"# + entry + "}"
    return Reliability.file(header, data: good + data)
  }

  static let badLastTensors: [(label: String, entry: String, data: [UInt8])] = [
    (
      "wrong shape", #"{"dtype":"F32","shape":[3],"data_offsets":[96,108]}"#,
      Reliability.floatBytes([7, 7, 7])
    ),
    (
      "unknown dtype", #"{"dtype":"I32","shape":[2],"data_offsets":[96,104]}"#,
      Reliability.floatBytes([7, 7])
    ),
    (
      "data cut short", #"{"dtype":"F32","shape":[2],"data_offsets":[96,104]}"#,
      Reliability.floatBytes([7])
    ),
    (
      "offsets past the end", #"{"dtype":"F32","shape":[2],"data_offsets":[96,200]}"#,
      Reliability.floatBytes([7, 7])
    ),
    (
      "byte count not the element count", #"{"dtype":"F32","shape":[2],"data_offsets":[96,100]}"#,
      Reliability.floatBytes([7])
    ),
    ("not an object", #""fc2.b""#, []),
  ]

  @Test func aFileWithOneBadTensorChangesNothing() {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let results = Reliability.withSession { session in
      session.run(Reliability.netSource)
      return Self.badLastTensors.map { bad in
        let path = directory + "/bad.safetensors"
        Reliability.write(Self.fileWithABadLastTensor(bad.entry, data: bad.data), to: path)
        let before = session.snapshot()
        let diagnostic = session.run("load(net, \(Reliability.literal(path)))")
        return (bad.label, diagnostic, before, session.snapshot())
      }
    }
    for (label, diagnostic, before, after) in results {
      #expect(diagnostic != nil, "\(label): loaded")
      #expect(before == after, "\(label): parameters changed")
      #expect(before.count == 4)
    }
  }

  /// The control: the same file with a good last tensor loads every parameter.
  @Test func theSameFileWithAGoodLastTensorLoads() {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let path = directory + "/good.safetensors"
    Reliability.write(
      Self.fileWithABadLastTensor(
        #"{"dtype":"F32","shape":[2],"data_offsets":[96,104]}"#,
        data: Reliability.floatBytes([7, 7])), to: path)
    let run = RuntimeHarness.run(
      Reliability.netSource + "\nload(net, \(Reliability.literal(path)))")
    #expect(run.outcome.succeeded, "\(run.rendered)")
    let seven = UInt64(Float(7).bitPattern)
    let net = Reliability.snapshot(run.interpreter.value(of: "net"))
    #expect(net.count == 4 && net.values.allSatisfy { $0.bits.allSatisfy { $0 == seven } })
  }

  /// Ctrl-C at varying moments of a loop of optimizer steps: every parameter has had the same
  /// number of whole steps in each of its elements. With zeroed parameters, gradients of ones
  /// and lr 0.5, each step subtracts exactly 0.5, so a parameter stopped in the middle of an
  /// update would hold two different values. Parameters earlier in the step's order may have
  /// had one step more than later ones: the step stops between parameters.
  @Test(arguments: [0, 300, 700, 1_500, 2_900])
  func ctrlCDuringAnOptimizerStepLeavesWholeParameters(delayMicroseconds: Int) {
    let source = """
      model Wide() {
        fc1 = Linear(256, 256)
        fc2 = Linear(256, 256)
        fc3 = Linear(256, 4)
      }
      net = Wide()
      for p in params(net) {
        p *= 0
      }
      loss = 0
      for p in params(net) {
        loss = loss + sum(p)
      }
      backward(loss)
      opt = SGD(net, lr: 0.5)
      while true {
        opt.step()
        print("step")
      }
      """
    let sink = CountingSink()
    let flag = InterruptFlag()
    // Raised only once a whole step has run, so that every case tests something.
    let raiser = Thread {
      let deadline = Date().addingTimeInterval(30)
      while sink.count == 0 && Date() < deadline { usleep(200) }
      usleep(UInt32(delayMicroseconds))
      flag.raise()
    }
    var outcome: Pipeline.Outcome?
    var net: Value?
    LargeStack.run {
      guard let interpreter = try? Interpreter(output: sink, interrupt: flag) else { return }
      raiser.start()
      outcome = Pipeline.run(SourceFile(name: "test.grad", text: source), in: interpreter)
      net = interpreter.value(of: "net")
    }
    guard case .interrupted? = outcome else {
      Issue.record("not interrupted: \(String(describing: outcome))")
      return
    }
    let snapshot = Reliability.snapshot(net)
    let order = ["fc1.W", "fc1.b", "fc2.W", "fc2.b", "fc3.W", "fc3.b"]
    let steps = order.map { name -> Int? in
      // Floats, not bits: zeroing leaves -0 where a value was negative.
      let values = Set((snapshot[name]?.bits ?? []).map { Float(bitPattern: UInt32($0)) })
      return values.count == 1 ? Int(-values.first! / 0.5) : nil
    }
    #expect(!steps.contains(nil), "a parameter holds mixed values: \(steps)")
    let counts = steps.compactMap { $0 }
    #expect(counts.first ?? 0 > 0, "no whole step ran: \(counts)")
    #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 == $1 || $0 == $1 + 1 }, "\(counts)")
  }

  /// Counts what a program prints; read from another thread.
  final class CountingSink: OutputSink, @unchecked Sendable {
    private let lock = NSLock()
    private var printed = 0
    var count: Int { lock.withLock { printed } }
    func write(_ text: String) { lock.withLock { printed += 1 } }
    func show(_ value: Value, formatted: String) {}
    func picture(_ picture: Picture) {}
  }

  /// `load` on a FIFO: opening one blocks until something writes to it, so it is refused
  /// before it is opened, at once and with the message any unreadable path gets. A watchdog
  /// writes nothing and closes the FIFO after 3 s, so a regression fails instead of hanging.
  @Test func loadingFromAFIFOIsRefusedAtOnce() throws {
    let directory = Reliability.scratchDirectory()
    defer { Reliability.remove(directory: directory) }
    let fifo = directory + "/net.safetensors"
    try #require(mkfifo(fifo, 0o600) == 0)
    let done = DispatchSemaphore(value: 0)
    let watchdog = Thread {
      guard done.wait(timeout: .now() + 3) == .timedOut else { return }
      let fd = open(fifo, O_RDWR | O_NONBLOCK)
      if fd >= 0 { close(fd) }
    }
    watchdog.start()
    let (elapsed, diagnostic) = Reliability.withSession { session in
      session.run(Reliability.netSource)
      let started = Date()
      let diagnostic = session.run("load(net, \(Reliability.literal(fifo)))")
      return (Date().timeIntervalSince(started), diagnostic)
    }
    done.signal()
    #expect(elapsed < 1, "load took \(elapsed) s")
    #expect(diagnostic?.id == .fileError)
    #expect(diagnostic?.message == "cannot read `\(fifo)`")
    #expect(diagnostic?.help == "it is not a regular file (a device, pipe or socket)")
  }
}
