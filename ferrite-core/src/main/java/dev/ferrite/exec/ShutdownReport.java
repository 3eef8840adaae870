package dev.ferrite.exec;

import java.util.List;

/**
 * What {@link WorkerPool#shutdown(java.time.Duration)} did: the jobs it abandoned and the pool's
 * final (or, if {@code terminated} is false, latest) tally.
 *
 * <p>Once the pool has terminated, every job it ever accepted is counted exactly once:
 * {@code accepted == completed + failed + cancelled}. Abandoned jobs are among the cancelled.
 *
 * @param abandoned the jobs that were still queued when the grace period ran out, in intake
 *     order; each is cancelled and never started. {@link Job#task()} gives back their tasks
 * @param completed jobs whose task returned normally
 * @param failed jobs whose task threw
 * @param cancelled jobs cancelled, by anyone, before they completed; includes {@code abandoned}
 *     and the running jobs the shutdown cancelled
 * @param forced true if the grace period ran out and the pool was stopped by force (queued jobs
 *     abandoned, running ones cancelled and interrupted); false if it drained in time
 * @param terminated true if every worker had exited when the report was made; if false, some
 *     task is ignoring its interrupt, and {@link WorkerPool#join()} waits for it
 */
public record ShutdownReport(
    List<Job<?>> abandoned,
    long completed,
    long failed,
    long cancelled,
    boolean forced,
    boolean terminated) {

  /**
   * Creates a report, copying {@code abandoned}.
   *
   * @throws NullPointerException if {@code abandoned} is or holds null
   */
  public ShutdownReport {
    abandoned = List.copyOf(abandoned);
  }

  /** {@return the tasks of the {@link #abandoned} jobs, as they were given to the pool} */
  public List<Object> abandonedTasks() {
    return abandoned.stream().map(Job::task).toList();
  }
}
