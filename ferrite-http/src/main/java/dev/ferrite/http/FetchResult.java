package dev.ferrite.http;

/**
 * How fetching one URL ended: {@link Fetched} (a response with a status below 400 and its whole
 * body), or one of the {@link FetchFailure} records. A {@code switch} over it is exhaustive:
 *
 * <pre>{@code
 * switch (result) {
 *   case Fetched f -> save(f.uri(), f.body());
 *   case HttpError e -> log.warn(e.url() + ": HTTP " + e.status());
 *   case TimedOut t -> retryLater(t.url());
 *   case FetchFailure other -> log.warn(other.url() + ": " + other.reason());
 * }
 * }</pre>
 */
public sealed interface FetchResult permits Fetched, FetchFailure {
  /** {@return the URL exactly as the caller gave it} */
  String url();

  /**
   * {@return how many times the request was sent (0 when it never was: an invalid URL, or a
   * request cancelled or timed out while it waited for a slot)}
   */
  int attempts();

  /** {@return true for {@link Fetched}} */
  default boolean isSuccess() {
    return this instanceof Fetched;
  }
}
