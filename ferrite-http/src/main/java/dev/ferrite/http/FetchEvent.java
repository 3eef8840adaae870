package dev.ferrite.http;

import java.net.URI;
import java.time.Duration;

/**
 * What happens to the URLs of a batch, for a {@link FetchListener}: each URL gets zero or more
 * {@link Started} (one per attempt), {@link BytesReceived} and {@link Retrying} events, and
 * exactly one {@link Finished}. {@code index} is the URL's position in the batch.
 */
public sealed interface FetchEvent {
  /** {@return the position of the URL in the batch} */
  int index();

  /**
   * An attempt was sent: the URL holds a global and a per-host slot.
   *
   * @param index the URL's position
   * @param uri the parsed URI
   * @param attempt 1 for the first attempt, 2 for the first retry, ...
   */
  record Started(int index, URI uri, int attempt) implements FetchEvent {}

  /**
   * A piece of the body arrived (of the response being kept; the bodies of error responses are
   * not reported).
   *
   * @param index the URL's position
   * @param bytes the bytes in this piece
   * @param total the bytes of this attempt's body so far
   */
  record BytesReceived(int index, long bytes, long total) implements FetchEvent {}

  /**
   * An attempt failed in a way that is retried; its slots are free while it waits.
   *
   * @param index the URL's position
   * @param failure why the attempt failed
   * @param delay how long it waits before the next attempt (back-off or {@code Retry-After})
   */
  record Retrying(int index, FetchFailure failure, Duration delay) implements FetchEvent {}

  /**
   * The URL's outcome is decided; the last event for it (see {@link FetchListener} for the one
   * exception).
   *
   * @param index the URL's position
   * @param result the outcome, also at this index in {@link FetchBatch#await()}
   */
  record Finished(int index, FetchResult result) implements FetchEvent {}
}
