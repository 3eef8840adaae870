package dev.ferrite.exec;

/**
 * What a {@link PoolJob} needs from the pool that made it: where to count outcomes it decides
 * outside the pool's workers, and, for pools whose workers must not block idle, a way to help
 * while one of their workers waits for a job.
 */
interface JobHost {
  /** Counts a job that a thread other than a worker completed through {@link Job#run()}. */
  void countExternal(PoolJob<?> job, int outcome);

  /** Counts a job cancelled before it completed. */
  void countCancelled();

  /**
   * Lets the pool take the first part of a wait for {@code job}: a worker of a work-stealing pool
   * runs other tasks meanwhile; a waiter for a job still queued behind a backlog naps instead of
   * asking to be woken. Called by a waiter after its fast checks, before it spins or parks.
   *
   * @return the job's state once done, or its last state when the deadline passed; -1 if the
   *     wait is not over (the caller then waits as usual)
   * @throws InterruptedException if the thread is interrupted while the pool waits for it
   */
  default int poolAwait(PoolJob<?> job, boolean timed, long deadline)
      throws InterruptedException {
    return -1;
  }
}
