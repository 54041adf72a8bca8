#if canImport(Glibc)
  import Glibc
#endif

/// Starts a child process as a person at a shell would: SIGINT at its default action and no
/// signal blocked. A child inherits ignored and blocked signals (a test run started in the
/// background ignores SIGINT, test threads block signals), and neither `sh` nor Foundation's
/// `Process` can undo that; the tests that stop `gradus` with Ctrl-C start it through here.
public enum ChildProcess {
  public struct SpawnFailure: Error, CustomStringConvertible {
    public let status: Int32
    public var description: String { "posix_spawn failed: \(status)" }
  }

  /// Starts `path` with `arguments`, the environment `environment` (`NAME=value` strings; nil
  /// for this process's), the file actions `files` adds (the child's standard streams), and in
  /// a session of its own when `newSession` (a terminal it then opens becomes its controlling
  /// terminal). Returns the child's process id.
  public static func spawn(
    _ path: String, _ arguments: [String], environment: [String]? = nil,
    newSession: Bool = false, files: (inout posix_spawn_file_actions_t) -> Void
  ) throws -> pid_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGINT)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    posix_spawnattr_setsigmask(&attributes, &unblocked)
    // POSIX_SPAWN_SETSID is glibc's 0x80; the macro is not imported.
    let session: Int32 = newSession ? 0x80 : 0
    posix_spawnattr_setflags(
      &attributes, Int16(session | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    files(&actions)
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { $0.map { strdup($0) } + [nil] }
    defer { (argv + (envp ?? [])).forEach { free($0) } }
    var child: pid_t = 0
    let status =
      envp.map { posix_spawn(&child, path, &actions, &attributes, argv, $0) }
      ?? posix_spawn(&child, path, &actions, &attributes, argv, environ)
    guard status == 0 else { throw SpawnFailure(status: status) }
    return child
  }
}
