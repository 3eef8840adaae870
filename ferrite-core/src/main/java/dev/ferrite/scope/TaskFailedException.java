package dev.ferrite.scope;

/**
 * Thrown when a task failed: by {@link Task#join()} for that task, and by {@link Scope#join()}
 * when the scope's policy failed (the first failure under fail-fast; every task failed under
 * first-success).
 *
 * <p>The {@linkplain #getCause() cause} is what the task threw (for a first-success scope in which
 * no task was spawned, a {@link java.util.NoSuchElementException}). When thrown by
 * {@link Scope#join()}, the failures of the scope's other tasks are attached as
 * {@linkplain #getSuppressed() suppressed} exceptions, in spawn order; tasks that were cancelled
 * do not count as failed, so what they threw when interrupted is not attached.
 *
 * <p>Unchecked: a wrapper whose cause may be any exception, checked or not, like
 * {@link java.util.concurrent.CompletionException}. The scope's own stack trace (where it was
 * joined) is this exception's; the task's is the cause's.
 */
public final class TaskFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the detail message
   * @param cause what the task threw
   */
  public TaskFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
