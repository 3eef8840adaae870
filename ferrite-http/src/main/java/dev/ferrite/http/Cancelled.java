package dev.ferrite.http;

/**
 * The batch was cancelled ({@link FetchBatch#cancel()}, {@link FetchBatch#close()}, an interrupt
 * of a thread waiting in {@link FetchBatch#await()}, or the {@link Fetcher} was closed) before this
 * URL's outcome was decided. A request in flight was aborted and its connection closed.
 *
 * @param url the URL as given
 * @param attempts how many times the request was sent
 */
public record Cancelled(String url, int attempts) implements FetchFailure {
  @Override
  public String reason() {
    return "cancelled";
  }
}
