package dev.ferrite.actor;

/**
 * No reply arrived within the ask's timeout (the time spent waiting for room in a full {@link
 * Overflow#BLOCK} mailbox counts). The question may still be handled later; its reply is then
 * dropped.
 *
 * @param <R> the reply type
 */
public record TimedOut<R>() implements AskResult<R> {
  private static final TimedOut<?> INSTANCE = new TimedOut<>();

  /** {@return the shared instance} */
  @SuppressWarnings("unchecked")
  public static <R> TimedOut<R> instance() {
    return (TimedOut<R>) INSTANCE;
  }
}
