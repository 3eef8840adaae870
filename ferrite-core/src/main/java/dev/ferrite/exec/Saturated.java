package dev.ferrite.exec;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The pool's intake had no room (with a zero-capacity intake: no worker was idle), so the task
 * was not accepted and is handed back. The pool is still open; try again later, run the task
 * elsewhere, or wait for room with {@link WorkerPool#submit(Callable)}.
 *
 * @param task the task that was not accepted
 * @param <T> the task's result type
 */
public record Saturated<T>(Callable<T> task) implements TrySubmitResult<T> {
  /**
   * Creates the outcome.
   *
   * @throws NullPointerException if {@code task} is null
   */
  public Saturated {
    Objects.requireNonNull(task, "task");
  }
}
