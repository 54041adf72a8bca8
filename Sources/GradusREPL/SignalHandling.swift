import GradusRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// The flag Ctrl-C raises. It is the one global of the REPL: a C signal handler can capture no
/// context, so it must reach the flag through a global. `InterruptFlag` is an atomic, so the
/// handler stays async-signal-safe.
let interruptFlag = InterruptFlag()

/// SIGINT handling: the handler only raises `interruptFlag`; the evaluator polls it between
/// operations and loop iterations, and the line editor polls it while waiting for a key.
public enum SignalHandling {
  /// The flag the handler raises, for a front end that gives it to its session.
  public static var flag: InterruptFlag { interruptFlag }

  /// Installs the handler. `SA_RESTART` keeps blocking reads and writes from failing with
  /// `EINTR` (without it a Ctrl-C during a read can leave a reader spinning); the line editor
  /// waits in `poll`, which a signal always interrupts, so it still notices Ctrl-C at once.
  public static func installInterruptHandler() {
    // Touch the global before the handler can run, so its lazy initialisation never happens
    // inside a signal handler.
    interruptFlag.clear()
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in interruptFlag.raise() }
    action.sa_flags = SA_RESTART
    sigemptyset(&action.sa_mask)
    sigaction(SIGINT, &action, nil)
  }
}
