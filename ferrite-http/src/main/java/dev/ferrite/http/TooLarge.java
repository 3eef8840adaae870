package dev.ferrite.http;

/**
 * The body is larger than {@link Fetcher.Builder#maxBodyBytes}: either its {@code Content-Length}
 * said so (nothing was read) or more bytes arrived than the limit (whatever the headers claimed).
 * The request was aborted, its connection closed, and a partial file deleted.
 *
 * @param url the URL as given
 * @param limit the limit in bytes
 * @param seen the declared length, or the bytes received when the limit was crossed
 * @param attempts how many times the request was sent
 */
public record TooLarge(String url, long limit, long seen, int attempts) implements FetchFailure {
  @Override
  public String reason() {
    return "too large: more than " + limit + " bytes";
  }
}
