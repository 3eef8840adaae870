package dev.ferrite.channel;

/**
 * The message was accepted: it will be delivered to exactly one receiver, unless every receiver
 * closes before taking it.
 *
 * @param <T> the message type
 */
public record Sent<T>() implements TrySendResult<T>, SendTimeoutResult<T> {
  private static final Sent<?> INSTANCE = new Sent<>();

  /** {@return the shared instance} */
  @SuppressWarnings("unchecked")
  public static <T> Sent<T> instance() {
    return (Sent<T>) INSTANCE;
  }
}
