package dev.ferrite.http;

/**
 * The connection broke after it was made: reset, closed before the whole body arrived (a
 * {@code Content-Length} longer than the body), a protocol error, or a file that could not be
 * written. Not retried: the request may have had effects.
 *
 * @param url the URL as given
 * @param why a one-line description
 * @param cause the exception behind it, for logs (never null)
 * @param attempts how many times the request was sent
 */
public record TransferFailed(String url, String why, Throwable cause, int attempts)
    implements FetchFailure {
  @Override
  public String reason() {
    return why;
  }
}
