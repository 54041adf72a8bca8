#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A fixed set of worker threads that run the blocks of one job together with the thread that
/// asks for it.
///
/// A job is `count` blocks, numbered from 0, and a body that does one block. The blocks are
/// dealt out in advance (static partitioning): with `p` participants, participant `i` (the caller
/// is participant 0, the workers 1, 2, …) runs the consecutive blocks
/// `i·count/p ..< (i+1)·count/p`, and nothing is stolen or rebalanced. Which thread runs a block
/// therefore never changes what the block computes; a caller that wants the same bits for any
/// number of threads only has to make the blocks themselves independent of that number, and
/// combine per-block results in block order afterwards (see `Parallelism`).
///
/// One job at a time: a job asked for while another runs (a second session, or a block that
/// itself asks for a parallel loop) runs all its blocks on its own thread instead of waiting.
///
/// Workers are ordinary threads that sleep on a condition variable between jobs. They have none
/// of a session's per-thread state (memory budget, interrupt flag), so a block must not
/// allocate tensors or poll `EngineInterrupt` itself: the caller allocates first, and passes
/// what the blocks need to read.
public final class ThreadPool: @unchecked Sendable {
  /// One job: its blocks, how many threads share them, and the body that runs one block.
  private final class Job {
    let count: Int
    let participants: Int
    let body: (Int) -> Void

    init(count: Int, participants: Int, body: @escaping (Int) -> Void) {
      self.count = count
      self.participants = participants
      self.body = body
    }

    /// Participant `index`'s share of the blocks, in order.
    func runShare(_ index: Int) {
      let first = index * count / participants
      let end = (index + 1) * count / participants
      for block in first..<end { body(block) }
    }
  }

  // Everything below the submit lock is guarded by `mutex`.
  private let submitLock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  /// Signalled when a job is posted (workers wait on it) and when the pool stops.
  private let jobPosted = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
  /// Signalled by the last worker to finish its share (the caller waits on it).
  private let sharesDone = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
  private var job: Job?
  /// Counts posted jobs, so that a worker tells a new job from the one it just finished.
  private var generation = 0
  private var unfinishedShares = 0
  private var workerCount = 0
  private var stopping = false

  public init() {
    pthread_mutex_init(submitLock, nil)
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(jobPosted, nil)
    pthread_cond_init(sharesDone, nil)
  }

  /// Runs `body(block)` for every block in `0..<count`, spread over `threads` threads (this one
  /// included), and returns when all have run. With one thread, one block, or the pool busy,
  /// the blocks run here, in order.
  public func forEachBlock(_ count: Int, threads: Int, _ body: (Int) -> Void) {
    let wanted = Swift.min(threads, count)
    guard wanted > 1, pthread_mutex_trylock(submitLock) == 0 else {
      for block in 0..<count { body(block) }
      return
    }
    defer { pthread_mutex_unlock(submitLock) }
    startWorkers(upTo: wanted - 1)
    // Fewer when a thread could not be started: every participant must exist to finish.
    let participants = Swift.min(wanted, workerCount + 1)
    withoutActuallyEscaping(body) { body in
      let job = Job(count: count, participants: participants, body: body)
      pthread_mutex_lock(mutex)
      self.job = job
      generation += 1
      unfinishedShares = participants - 1
      pthread_cond_broadcast(jobPosted)
      pthread_mutex_unlock(mutex)
      job.runShare(0)
      pthread_mutex_lock(mutex)
      while unfinishedShares > 0 { pthread_cond_wait(sharesDone, mutex) }
      // The last reference besides `job`: the body must not outlive this call.
      self.job = nil
      pthread_mutex_unlock(mutex)
    }
  }

  /// Stops the workers once they finish what they are doing (a pool made for a test).
  public func stop() {
    pthread_mutex_lock(mutex)
    stopping = true
    pthread_cond_broadcast(jobPosted)
    pthread_mutex_unlock(mutex)
  }

  /// Starts workers until there are `count` (they are never ended: idle, they only sleep).
  private func startWorkers(upTo count: Int) {
    while workerCount < count {
      workerCount += 1
      let context = Unmanaged.passRetained(WorkerContext(pool: self, index: workerCount))
      var thread = pthread_t()
      let started = pthread_create(
        &thread, nil,
        { raw in
          let context = Unmanaged<WorkerContext>.fromOpaque(raw!).takeRetainedValue()
          context.pool.work(as: context.index)
          return nil
        }, context.toOpaque())
      if started != 0 {
        context.release()
        workerCount -= 1
        return
      }
      pthread_detach(thread)
    }
  }

  private final class WorkerContext {
    let pool: ThreadPool
    let index: Int
    init(pool: ThreadPool, index: Int) {
      self.pool = pool
      self.index = index
    }
  }

  /// A worker's life: wait for a job, run its share if it has one, report, wait again.
  private func work(as index: Int) {
    var seen = 0
    pthread_mutex_lock(mutex)
    while true {
      while generation == seen && !stopping { pthread_cond_wait(jobPosted, mutex) }
      if stopping { break }
      seen = generation
      guard let participants = job?.participants, index < participants else { continue }
      pthread_mutex_unlock(mutex)
      runShare(index)
      pthread_mutex_lock(mutex)
      unfinishedShares -= 1
      if unfinishedShares == 0 { pthread_cond_signal(sharesDone) }
    }
    pthread_mutex_unlock(mutex)
  }

  /// Runs this worker's share of the current job. A function of its own, so that the worker's
  /// reference to the job (and its body) ends before the worker reports the share done.
  private func runShare(_ index: Int) {
    pthread_mutex_lock(mutex)
    let job = self.job
    pthread_mutex_unlock(mutex)
    job?.runShare(index)
  }
}
