package dev.ferrite.pool;

/**
 * The timeout elapsed before a resource became available; the caller holds nothing.
 *
 * @param <T> the resource type
 */
public record TimedOut<T>() implements AcquireResult<T> {
  private static final TimedOut<?> INSTANCE = new TimedOut<>();

  /** {@return the shared instance} */
  @SuppressWarnings("unchecked")
  public static <T> TimedOut<T> instance() {
    return (TimedOut<T>) INSTANCE;
  }
}
