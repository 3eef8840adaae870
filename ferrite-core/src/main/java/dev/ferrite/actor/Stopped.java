package dev.ferrite.actor;

/**
 * The actor has stopped (or stopped before it handled the question): the message went to the
 * dead letters.
 *
 * @param <R> the reply type, when the outcome of an ask
 */
public record Stopped<R>() implements TellResult, AskResult<R> {
  private static final Stopped<?> INSTANCE = new Stopped<>();

  /** {@return the shared instance} */
  @SuppressWarnings("unchecked")
  public static <R> Stopped<R> instance() {
    return (Stopped<R>) INSTANCE;
  }
}
