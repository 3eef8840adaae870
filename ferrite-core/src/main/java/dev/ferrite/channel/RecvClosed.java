package dev.ferrite.channel;

/**
 * The channel is closed and drained: every sender has closed (or every receiver has) and no
 * buffered message is left. Every later receive sees this outcome again at once.
 *
 * @param <T> the message type
 */
public record RecvClosed<T>() implements TryRecvResult<T>, RecvTimeoutResult<T> {
  private static final RecvClosed<?> INSTANCE = new RecvClosed<>();

  /** {@return the shared instance} */
  @SuppressWarnings("unchecked")
  public static <T> RecvClosed<T> instance() {
    return (RecvClosed<T>) INSTANCE;
  }
}
