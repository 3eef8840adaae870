package dev.ferrite.http;

/**
 * The host name did not resolve. Not retried: a name that does not resolve now rarely does a
 * moment later.
 *
 * @param url the URL as given
 * @param host the host name that did not resolve
 * @param attempts how many times the request was sent
 */
public record UnknownHost(String url, String host, int attempts) implements FetchFailure {
  @Override
  public String reason() {
    return "unknown host " + host;
  }
}
