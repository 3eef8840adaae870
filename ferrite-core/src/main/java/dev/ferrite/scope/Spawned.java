package dev.ferrite.scope;

import java.util.Objects;

/**
 * The scope took the task. If the scope was already done (cancelled, failed, timed out, or won
 * by a first success), the task never runs and its outcome is {@link Cancelled} at once.
 *
 * @param task the handle of the task
 * @param <T> the task's result type
 */
public record Spawned<T>(Task<T> task) implements TrySpawnResult<T> {
  /**
   * Creates the outcome.
   *
   * @throws NullPointerException if {@code task} is null
   */
  public Spawned {
    Objects.requireNonNull(task, "task");
  }
}
