package dev.ferrite.exec;

import java.util.Objects;

/**
 * The pool accepted the task: it will run exactly once unless cancelled or abandoned by a forced
 * shutdown, and {@code job} tells how it ended.
 *
 * @param job the handle of the accepted task
 * @param <T> the task's result type
 */
public record Submitted<T>(Job<T> job) implements TrySubmitResult<T> {
  /**
   * Creates the outcome.
   *
   * @throws NullPointerException if {@code job} is null
   */
  public Submitted {
    Objects.requireNonNull(job, "job");
  }
}
