package dev.ferrite.scope;

/**
 * Thrown by {@link Scope#join()} when the scope's deadline ({@link Scope.Builder#timeout})
 * passed before its policy completed; every task still running was cancelled at the deadline and
 * has stopped. Failures of tasks that had failed before the deadline are attached as
 * {@linkplain #getSuppressed() suppressed} exceptions. {@link Scope#await()} reports the same
 * outcome as the value {@link TimedOut}.
 *
 * <p>Unchecked, like {@link java.util.concurrent.CancellationException}, which
 * {@link Scope#join()} throws for a cancelled scope.
 */
public final class ScopeTimedOutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the detail message
   */
  public ScopeTimedOutException(String message) {
    super(message);
  }
}
