package dev.ferrite.http;

import java.time.Duration;

/**
 * A deadline passed before the whole body arrived: the per-request deadline (which covers
 * connecting, the headers and the body, for one attempt), or the deadline of the whole batch.
 * The request was aborted and its connection closed.
 *
 * @param url the URL as given
 * @param after the deadline that passed ({@link Fetcher.Builder#timeout} or
 *     {@link Fetcher.Builder#batchTimeout})
 * @param wholeBatch true when it was the batch's deadline
 * @param attempts how many times the request was sent (0 if it never got a slot)
 */
public record TimedOut(String url, Duration after, boolean wholeBatch, int attempts)
    implements FetchFailure {
  @Override
  public String reason() {
    return (wholeBatch ? "batch timed out after " : "timed out after ") + Fetcher.format(after);
  }
}
