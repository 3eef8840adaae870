package dev.ferrite.http;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The whole response arrived, with a status below 400 (after redirects, which the default client
 * follows).
 *
 * <p>Where the body is depends on the request's {@link FetchRequest.Target}: in {@link #body()}
 * for {@code memory()}; in {@link #file()} for {@code file(path)} (written to a temporary name
 * beside it and renamed when complete, so the path never holds a partial body); nowhere for
 * {@code discard()}. {@link #bytes()} counts the body's bytes in every case.
 *
 * @param url the URL as given
 * @param uri the URI that answered (the last one, after redirects)
 * @param status the HTTP status code
 * @param headers the response headers
 * @param body the body for a {@code memory()} target; empty otherwise. Not copied: do not modify
 * @param file the file holding the body for a {@code file(path)} target; null otherwise
 * @param bytes the length of the body in bytes
 * @param attempts how many times the request was sent (more than 1 after retries)
 * @param elapsed from the first attempt's start to the end of the body
 */
public record Fetched(String url, URI uri, int status, HttpHeaders headers, byte[] body, Path file,
    long bytes, int attempts, Duration elapsed) implements FetchResult {
  /**
   * {@return the body decoded with the charset of the {@code Content-Type} header, UTF-8 if it
   * names none or one this JVM does not know}
   */
  public String text() {
    return new String(body, charset());
  }

  private Charset charset() {
    String type = headers.firstValue("Content-Type").orElse("");
    for (String part : type.split(";")) {
      String p = part.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
        String name = p.substring("charset=".length()).replace("\"", "").strip();
        try {
          return Charset.forName(name);
        } catch (IllegalArgumentException e) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  @Override
  public String toString() {
    return "Fetched[" + url + ", status " + status + ", " + bytes + " bytes"
        + (file != null ? " in " + file : "") + ", attempts " + attempts + "]";
  }
}
