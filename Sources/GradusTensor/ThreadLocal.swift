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
  private let key: pthread_key_t
  private let make: @Sendable () -> Value

  public init(_ make: @escaping @Sendable () -> Value) {
    var key = pthread_key_t()
    let status = pthread_key_create(&key) { pointer in
      if let pointer { Unmanaged<AnyObject>.fromOpaque(pointer).release() }
    }
    precondition(status == 0, "pthread_key_create failed")
    self.key = key
    self.make = make
  }

  /// This thread's value.
  @inline(__always)
  public var value: Value {
    if let raw = pthread_getspecific(key) {
      return Unmanaged<AnyObject>.fromOpaque(raw).takeUnretainedValue() as! Value
    }
    let fresh = make()
    pthread_setspecific(key, Unmanaged.passRetained(fresh as AnyObject).toOpaque())
    return fresh
  }
}
