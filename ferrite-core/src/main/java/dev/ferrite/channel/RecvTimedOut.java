package dev.ferrite.channel;

/**
 * The timeout elapsed before a message arrived.
 *
 * @param <T> the message type
 */
public record RecvTimedOut<T>() implements RecvTimeoutResult<T> {
  private static final RecvTimedOut<?> INSTANCE = new RecvTimedOut<>();

  /** {@return the shared instance} */
  @SuppressWarnings("unchecked")
  public static <T> RecvTimedOut<T> instance() {
    return (RecvTimedOut<T>) INSTANCE;
  }
}
