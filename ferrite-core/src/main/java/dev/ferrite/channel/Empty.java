package dev.ferrite.channel;

/**
 * No message was ready (for a rendezvous channel: no sender was waiting), but the channel may
 * still deliver more.
 *
 * @param <T> the message type
 */
public record Empty<T>() implements TryRecvResult<T> {
  private static final Empty<?> INSTANCE = new Empty<>();

  /** {@return the shared instance} */
  @SuppressWarnings("unchecked")
  public static <T> Empty<T> instance() {
    return (Empty<T>) INSTANCE;
  }
}
