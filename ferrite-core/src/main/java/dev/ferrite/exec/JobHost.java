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
   * Lets the calling thread, if it is a worker of this pool, run other tasks while it waits for
   * {@code job}. Called by a waiter after its fast checks, before it spins or parks.
   *
   * @return the job's state once done, or its last state on timeout; -1 if the calling thread
   *     is not a helping worker of this pool (the caller then waits as usual)
   * @throws InterruptedException if the worker is interrupted while it waits
   */
  default int helpAwait(PoolJob<?> job, boolean timed, long deadline)
      throws InterruptedException {
    return -1;
  }
}
