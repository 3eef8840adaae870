package dev.ferrite.scope;

import java.util.Objects;

/**
 * A task threw; or, as a {@link JoinResult}, the scope's policy failed.
 *
 * <p>As a task's {@link Outcome}, {@code exception} is exactly what the task threw. As a
 * scope's {@link JoinResult} it is the {@link TaskFailedException} that {@link Scope#join()}
 * would throw: its cause is the failure that decided the outcome, and the other tasks' failures
 * are attached to it as suppressed exceptions.
 *
 * @param exception what was thrown
 * @param <T> the result type the task or scope would have had
 */
public record Failure<T>(Throwable exception) implements Outcome<T>, JoinResult<T> {
  /**
   * Creates the outcome.
   *
   * @throws NullPointerException if {@code exception} is null
   */
  public Failure {
    Objects.requireNonNull(exception, "exception");
  }
}
