package dev.ferrite.http;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One request of a batch: a URL, a method (GET unless told otherwise), extra headers, and where
 * the body goes. Immutable; the {@code with...} methods return copies.
 *
 * <pre>{@code
 * FetchRequest page = FetchRequest.get("https://example.org/");            // body in memory
 * FetchRequest iso = FetchRequest.get(isoUrl).to(Target.file(Path.of("x.iso")));
 * FetchRequest ping = FetchRequest.get(healthUrl).to(Target.discard());     // count bytes only
 * }</pre>
 *
 * <p>Only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are retried.
 *
 * @param url the URL, as given (parsed when the batch starts; an unparsable one ends as
 *     {@link InvalidUrl})
 * @param method the HTTP method, upper case
 * @param headers extra request headers as name, value pairs (an even number of strings)
 * @param requestBody the request body (empty for none)
 * @param target where the response body goes
 */
public record FetchRequest(String url, String method, List<String> headers, byte[] requestBody,
    Target target) {
  private static final Set<String> IDEMPOTENT =
      Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

  /**
   * Checks and copies the arguments.
   *
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if {@code headers} has an odd number of elements or the
   *     method is blank
   */
  public FetchRequest {
    Objects.requireNonNull(url, "url");
    method = Objects.requireNonNull(method, "method").strip().toUpperCase(Locale.ROOT);
    if (method.isEmpty()) {
      throw new IllegalArgumentException("blank method");
    }
    headers = List.copyOf(headers);
    if (headers.size() % 2 != 0) {
      throw new IllegalArgumentException("headers must be name, value pairs: " + headers);
    }
    Objects.requireNonNull(requestBody, "requestBody");
    Objects.requireNonNull(target, "target");
  }

  /**
   * {@return a GET of {@code url} with its body kept in memory}
   *
   * @param url the URL (checked when the batch starts)
   * @throws NullPointerException if {@code url} is null
   */
  public static FetchRequest get(String url) {
    return new FetchRequest(url, "GET", List.of(), new byte[0], Target.memory());
  }

  /**
   * {@return GETs of each URL, bodies in memory, in order}
   *
   * @param urls the URLs
   * @throws NullPointerException if {@code urls} or a URL is null
   */
  public static List<FetchRequest> getAll(List<String> urls) {
    List<FetchRequest> out = new ArrayList<>(urls.size());
    for (String u : urls) {
      out.add(get(u));
    }
    return out;
  }

  /**
   * {@return this request with its body going to {@code target}}
   *
   * @param target where the body goes
   */
  public FetchRequest to(Target target) {
    return new FetchRequest(url, method, headers, requestBody, target);
  }

  /**
   * {@return this request with the header {@code name: value} added}
   *
   * @param name the header's name
   * @param value its value
   */
  public FetchRequest withHeader(String name, String value) {
    List<String> h = new ArrayList<>(headers);
    h.add(Objects.requireNonNull(name, "name"));
    h.add(Objects.requireNonNull(value, "value"));
    return new FetchRequest(url, method, h, requestBody, target);
  }

  /**
   * {@return this request with another method and request body}
   *
   * @param method the method, e.g. {@code "POST"} (only idempotent ones are retried)
   * @param body the request body, copied (empty for none)
   */
  public FetchRequest withMethod(String method, byte[] body) {
    return new FetchRequest(url, method, headers, body.clone(), target);
  }

  /** {@return whether a failed attempt of this request may be repeated (RFC 9110, 9.2.2)} */
  public boolean idempotent() {
    return IDEMPOTENT.contains(method);
  }

  /** Where a response body goes. */
  public sealed interface Target {
    /** {@return keep the body in memory ({@link Fetched#body()})} */
    static Target memory() {
      return Memory.INSTANCE;
    }

    /** {@return count the body's bytes and drop them} */
    static Target discard() {
      return Discard.INSTANCE;
    }

    /**
     * {@return write the body to {@code path}: to a temporary file beside it first, renamed to
     * {@code path} (replacing an existing file) only when the whole body has arrived; the
     * temporary file is deleted on any failure. The directory must exist.}
     *
     * @param path the file to write
     */
    static Target file(Path path) {
      return new File(path);
    }
  }

  /** The body is kept in memory. */
  record Memory() implements Target {
    static final Memory INSTANCE = new Memory();
  }

  /** The body is counted and dropped. */
  record Discard() implements Target {
    static final Discard INSTANCE = new Discard();
  }

  /**
   * The body goes to a file.
   *
   * @param path the file
   */
  record File(Path path) implements Target {
    File {
      Objects.requireNonNull(path, "path");
    }
  }
}
