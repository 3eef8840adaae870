package dev.ferrite.http;

/**
 * The URL is not an absolute {@code http} or {@code https} URL with a host; it was never sent.
 *
 * @param url the URL as given
 * @param why what is wrong with it
 */
public record InvalidUrl(String url, String why) implements FetchFailure {
  @Override
  public int attempts() {
    return 0;
  }

  @Override
  public String reason() {
    return "invalid URL: " + why;
  }
}
