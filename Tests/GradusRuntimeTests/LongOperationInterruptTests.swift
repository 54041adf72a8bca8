import Foundation
import GradusLanguage
import GradusRuntime
import Synchronization
import Testing

/// Ctrl-C during one long matrix product or convolution returns at once (the engine polls the
/// flag between blocks of rows or images), the result is discarded and every name is intact.
@Suite("interrupt: one long operation", .serialized)
struct LongOperationInterruptTests {
  /// Runs `setup`, then `cell` on the same interpreter with the flag raised 200 ms into it;
  /// returns the outcome, the seconds from the raise to the end, and the interpreter.
  static func interrupt(_ cell: String, after setup: String) -> (
    Pipeline.Outcome, Double, Interpreter
  ) {
    let flag = InterruptFlag()
    let first = RuntimeHarness.run(setup, interrupt: flag)
    #expect(first.outcome.succeeded, "\(first.rendered)")
    let raisedAt = Mutex<ContinuousClock.Instant?>(nil)
    var outcome: Pipeline.Outcome = .success
    LargeStack.run {
      DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(200)) {
        raisedAt.withLock { $0 = .now }
        flag.raise()
      }
      outcome = Pipeline.run(SourceFile(name: "cell", text: cell), in: first.interpreter)
    }
    let ended = ContinuousClock.now
    let raised = raisedAt.withLock { $0 } ?? ended
    let seconds =
      Double((ended - raised).components.attoseconds) / 1e18
      + Double((ended - raised).components.seconds)
    return (outcome, seconds, first.interpreter)
  }

  /// 6144 × 6144 times 6144 × 6144: 232 billion multiply-adds, seconds of one BLAS call.
  @Test func aLongMatrixProductStopsAtOnce() {
    let (outcome, seconds, interpreter) = Self.interrupt(
      "c = a @ b", after: "a = ones(6144, 6144)\nb = ones(6144, 6144)\nc = 7")
    guard case .interrupted = outcome else {
      Issue.record("not interrupted: \(outcome.rendered(style: .plain))")
      return
    }
    #expect(seconds < 1, "returned \(seconds) s after the interrupt")
    #expect(interpreter.value(of: "c").map { "\($0)" } == "\(Value.int(7))")
    guard case .tensor(let a)? = interpreter.value(of: "a") else {
      Issue.record("a is gone")
      return
    }
    #expect(a.shape.sizes == [6144, 6144])
    #expect(!interpreter.interrupt.isRaised)
  }

  /// A convolution stops between two blocks of images (of the unfolding, then of the products).
  /// 64 images of 32 × 128 × 128 through 64 kernels of 5 × 5: 54 billion multiply-adds, about
  /// a second on two threads, so that the flag raised at 200 ms finds it running.
  @Test func aLongConvolutionStopsAtOnce() {
    let (outcome, seconds, interpreter) = Self.interrupt(
      "y = conv2d(x, k, padding: 2)",
      after: "x = ones(64, 32, 128, 128)\nk = ones(64, 32, 5, 5)\ny = 1")
    guard case .interrupted = outcome else {
      Issue.record("not interrupted: \(outcome.rendered(style: .plain))")
      return
    }
    #expect(seconds < 1, "returned \(seconds) s after the interrupt")
    #expect(interpreter.value(of: "y").map { "\($0)" } == "\(Value.int(1))")
  }
}
