package dev.ferrite.http;

/**
 * Observes a batch's {@link FetchEvent}s, e.g. to draw a progress bar.
 *
 * <p>Events arrive on the HTTP client's threads, the fetcher's timer thread and the thread that
 * cancels, possibly on several at once: an implementation must be thread-safe and quick (it runs
 * on the paths that move bytes). Exceptions it throws are ignored. For one URL, {@code Started}
 * precedes the events of that attempt, and {@code Finished} comes once; a {@code BytesReceived}
 * of an attempt that a deadline or a cancellation is aborting at that very moment may still
 * arrive after its {@code Finished}.
 *
 * <p>Memory consistency effects: actions that led to an event (e.g. writing the bytes of a piece
 * of a file) <i>happen-before</i> the listener is called with it.
 */
@FunctionalInterface
public interface FetchListener {
  /** A listener that ignores every event. */
  FetchListener NONE = e -> {};

  /**
   * Called for each event.
   *
   * @param event what happened
   */
  void on(FetchEvent event);
}
