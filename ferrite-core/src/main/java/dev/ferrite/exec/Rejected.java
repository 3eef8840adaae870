package dev.ferrite.exec;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The pool's intake is closed ({@link WorkerPool#closeIntake()}, a shutdown, or {@code close}),
 * so the task was not accepted and is handed back. The pool will never accept a task again.
 *
 * @param task the task that was not accepted
 * @param <T> the task's result type
 */
public record Rejected<T>(Callable<T> task) implements TrySubmitResult<T> {
  /**
   * Creates the outcome.
   *
   * @throws NullPointerException if {@code task} is null
   */
  public Rejected {
    Objects.requireNonNull(task, "task");
  }
}
