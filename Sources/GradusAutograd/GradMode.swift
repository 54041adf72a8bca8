import GradusTensor
import Synchronization

/// Per-thread autograd settings: whether operations record a graph, and who is listening.
final class AutogradState {
  // Read by every operation; unchecked for the reason given on `Tensor`. Per thread, so no
  // two accesses can overlap.
  @exclusivity(unchecked) var noGradDepth = 0
  @exclusivity(unchecked) var listener: (any AutogradListener)?
}

/// What a listener hears about one backward step: the chain rule applied to one input of one
/// operation, `gradient = local derivative × upstream` (for elementwise operations `local`
/// holds the derivative's values; for others it is nil and `formula` says what was done).
public struct BackwardStep {
  public let op: Op
  public let output: Tensor
  public let input: Tensor
  public let inputIndex: Int
  public let upstream: NDArray
  public let local: NDArray?
  public let formula: String
  public let gradient: NDArray
}

/// Receives each forward operation and each backward step, so the language can print the
/// computation as it happens. The engine itself never prints.
public protocol AutogradListener: AnyObject {
  func forward(op: Op, inputs: [Tensor], output: Tensor)
  func backward(_ step: BackwardStep)
}

/// Switches for recording and observing the graph on the current thread.
public enum Autograd {
  static let state = ThreadLocal { AutogradState() }

  /// Numbers backward passes, process-wide so that a graph moved to another thread never sees
  /// a number it was marked with before (see `Tensor.graphPass`).
  private static let passes = Atomic<Int>(0)

  /// A number no backward pass has used.
  static func newPass() -> Int { passes.add(1, ordering: .relaxed).newValue }

  /// False inside `withNoGrad`: operations then record no graph (parameter updates).
  public static var isRecording: Bool { state.value.noGradDepth == 0 }

  /// Runs `body` without recording a graph.
  public static func withNoGrad<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
    let s = state.value
    s.noGradDepth += 1
    defer { s.noGradDepth -= 1 }
    return try body()
  }

  /// Runs `body` with `listener` observing every operation and backward step.
  public static func withListener<R, E: Error>(
    _ listener: any AutogradListener, _ body: () throws(E) -> R
  ) throws(E) -> R {
    let s = state.value
    let saved = s.listener
    s.listener = listener
    defer { s.listener = saved }
    return try body()
  }

  /// The listener currently installed on this thread, if any.
  public static var listener: (any AutogradListener)? { state.value.listener }
}
