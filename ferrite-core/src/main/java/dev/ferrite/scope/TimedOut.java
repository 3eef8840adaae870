package dev.ferrite.scope;

/**
 * The scope's deadline ({@link Scope.Builder#timeout}) passed before its policy completed: every
 * task still running was cancelled at the deadline.
 *
 * @param <R> the result type the scope would have had
 */
public record TimedOut<R>() implements JoinResult<R> {
  private static final TimedOut<?> INSTANCE = new TimedOut<>();

  /** {@return the shared instance} */
  @SuppressWarnings("unchecked")
  public static <R> TimedOut<R> instance() {
    return (TimedOut<R>) INSTANCE;
  }
}
