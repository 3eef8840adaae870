package dev.ferrite.scope;

/**
 * A task was cancelled (by its scope, before it could finish or before it started; whatever it
 * did after the cancellation is dropped); or, as a {@link JoinResult}, the scope itself was
 * cancelled before its policy completed ({@link Scope#cancel()}, its owner was interrupted, or
 * the task whose thread owns the scope was cancelled).
 *
 * @param <T> the result type the task or scope would have had
 */
public record Cancelled<T>() implements Outcome<T>, JoinResult<T> {
  private static final Cancelled<?> INSTANCE = new Cancelled<>();

  /** {@return the shared instance} */
  @SuppressWarnings("unchecked")
  public static <T> Cancelled<T> instance() {
    return (Cancelled<T>) INSTANCE;
  }
}
