package dev.ferrite.http;

/**
 * No connection could be made (refused, unreachable), on every attempt: connection failures of
 * idempotent requests are retried.
 *
 * @param url the URL as given
 * @param why what the connection attempt reported, e.g. {@code "connection refused"}
 * @param attempts how many times the request was sent
 */
public record ConnectFailed(String url, String why, int attempts) implements FetchFailure {
  @Override
  public String reason() {
    return why;
  }
}
