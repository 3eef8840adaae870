package dev.ferrite.scope;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The scope already runs {@link Scope.Builder#maxConcurrency maxConcurrency} tasks, so the task
 * was not taken and is handed back. Try again once a task has finished, or wait for a free slot
 * with {@link Scope#spawn}.
 *
 * @param task the task that was not taken
 * @param <T> the task's result type
 */
public record AtCapacity<T>(Callable<? extends T> task) implements TrySpawnResult<T> {
  /**
   * Creates the outcome.
   *
   * @throws NullPointerException if {@code task} is null
   */
  public AtCapacity {
    Objects.requireNonNull(task, "task");
  }
}
