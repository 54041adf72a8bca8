#if canImport(Glibc)
  import Glibc
#endif

/// An advisory lock for a read-change-write of a state file (lesson or exercise progress),
/// so that two readers open at once (two terminals, or `gradus lesson` beside the REPL's
/// `:lesson`) take turns instead of one overwriting what the other just wrote. The lock is
/// `flock` on a companion file (`lessons.lock`): the state file itself is replaced by a rename
/// on every write, so a lock on it would be on a file that is no longer there.
enum StateFileLock {
  /// Runs `body` holding the exclusive lock of `path`. When the lock file cannot be opened
  /// (a read-only folder), `body` runs anyway: the write then says what went wrong.
  static func withLock<T>(of path: String, _ body: () -> T) -> T {
    StateDirectory.makeDirectory(parentOf: path)
    let fd = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { return body() }
    defer { close(fd) }
    while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
    defer { flock(fd, LOCK_UN) }
    return body()
  }
}
