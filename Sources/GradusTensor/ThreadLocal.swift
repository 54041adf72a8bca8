#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One object per thread, created on first use and released when the thread ends.
///
/// The engine keeps per-thread settings (allocation limit, grad mode, listeners) here rather than
/// in globals: tests run in parallel on several threads, and each evaluator owns one thread.
public final class ThreadLocal<Value: AnyObject>: Sendable {
  @usableFromInline let key: pthread_key_t
  @usableFromInline let make: @Sendable () -> Value

  public init(_ make: @escaping @Sendable () -> Value) {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { pointer in
      if let pointer { Unmanaged<AnyObject>.fromOpaque(pointer).release() }
    }
    precondition(status == 0, "pthread_key_create failed")
    self.key = key
    self.make = make
  }

  /// This thread's value. Inlinable, so that other modules (autograd reads its state on every
  /// operation) get a specialised lookup rather than the generic one.
  @inlinable
  public var value: Value {
    if let raw = pthread_getspecific(key) {
      // Only `makeValue` stores under this key, always a `Value`: no dynamic cast needed.
      return Unmanaged<Value>.fromOpaque(raw).takeUnretainedValue()
    }
    return makeValue()
  }

  /// The first access on a thread.
  @usableFromInline
  func makeValue() -> Value {
    let fresh = make()
    pthread_setspecific(key, Unmanaged.passRetained(fresh).toOpaque())
    return fresh
  }
}
