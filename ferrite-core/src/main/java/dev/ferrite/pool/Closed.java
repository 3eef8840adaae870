package dev.ferrite.pool;

/**
 * The pool has been shut down (before the call, or while the caller waited); the caller holds
 * nothing.
 *
 * @param <T> the resource type
 */
public record Closed<T>() implements AcquireResult<T>, TryAcquireResult<T> {
  private static final Closed<?> INSTANCE = new Closed<>();

  /** {@return the shared instance} */
  @SuppressWarnings("unchecked")
  public static <T> Closed<T> instance() {
    return (Closed<T>) INSTANCE;
  }
}
