package dev.ferrite.http;

import java.net.http.HttpHeaders;

/**
 * The server answered with a status of 400 or above; for 429 and 503 (retried for idempotent
 * requests), on the last attempt. The body is not kept.
 *
 * @param url the URL as given
 * @param status the HTTP status code of the last response
 * @param headers its headers
 * @param attempts how many times the request was sent
 */
public record HttpError(String url, int status, HttpHeaders headers, int attempts)
    implements FetchFailure {
  @Override
  public String reason() {
    return "HTTP " + status;
  }
}
