package dev.ferrite.actor;

/**
 * The mailbox was full and its {@link Overflow} policy refused the message: {@link
 * Overflow#FAIL_FAST} or {@link Overflow#DROP_NEWEST}, a {@link Overflow#BLOCK} sender
 * interrupted while it waited for room, or an asked question evicted by {@link
 * Overflow#DROP_OLDEST}.
 *
 * @param <R> the reply type, when the outcome of an ask
 */
public record Rejected<R>() implements TellResult, AskResult<R> {
  private static final Rejected<?> INSTANCE = new Rejected<>();

  /** {@return the shared instance} */
  @SuppressWarnings("unchecked")
  public static <R> Rejected<R> instance() {
    return (Rejected<R>) INSTANCE;
  }
}
