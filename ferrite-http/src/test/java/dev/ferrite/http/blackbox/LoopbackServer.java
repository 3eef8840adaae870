package dev.ferrite.http.blackbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server for the tests, on the JDK's {@code com.sun.net.httpserver}, handling each
 * exchange on a virtual thread. Paths:
 * <ul>
 *   <li>{@code /bytes/N[?delay=MS]} &mdash; N bytes of {@link #pattern} after MS milliseconds;
 *   <li>{@code /hold/N} &mdash; N bytes once {@link #release()} was called;
 *   <li>{@code /status/S} &mdash; status S, a short body;
 *   <li>{@code /chunked/N} &mdash; N bytes without a Content-Length;
 *   <li>{@code /flaky/KEY?status=S&times=T&after=RA} &mdash; status S (with
 *       {@code Retry-After: RA} when given) the first T times for KEY, then 200.
 * </ul>
 * It measures concurrency: an exchange counts from its arrival until just before its response is
 * written, so a client that starts its next request only after a complete response can never be
 * counted twice. {@code shared} counts over several servers.
 */
final class LoopbackServer implements AutoCloseable {
  final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger current = new AtomicInteger();
  private final AtomicInteger max = new AtomicInteger();
  private final AtomicInteger shared;
  private final AtomicInteger sharedMax;
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  final AtomicInteger holding = new AtomicInteger();
  private final Map<String, AtomicInteger> flaky = new ConcurrentHashMap<>();

  LoopbackServer() throws IOException {
    this(new AtomicInteger(), new AtomicInteger());
  }

  LoopbackServer(AtomicInteger shared, AtomicInteger sharedMax) throws IOException {
    this.shared = shared;
    this.sharedMax = sharedMax;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  int maxConcurrency() {
    return max.get();
  }

  int requests() {
    return requests.get();
  }

  void release() {
    release.countDown();
  }

  /** {@return byte i of every generated body} */
  static byte pattern(int i) {
    return (byte) ('a' + i % 26);
  }

  static byte[] body(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = pattern(i);
    }
    return b;
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    int now = current.incrementAndGet();
    max.accumulateAndGet(now, Math::max);
    int s = shared.incrementAndGet();
    sharedMax.accumulateAndGet(s, Math::max);
    boolean counted = true;
    try (InputStream in = ex.getRequestBody(); ex) {
      in.readAllBytes();
      String[] parts = ex.getRequestURI().getPath().split("/");
      String query = ex.getRequestURI().getQuery();
      Map<String, String> q = new ConcurrentHashMap<>();
      if (query != null) {
        for (String kv : query.split("&")) {
          int eq = kv.indexOf('=');
          q.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
      String kind = parts.length > 1 ? parts[1] : "";
      int status = 200;
      byte[] out = new byte[0];
      boolean chunked = false;
      switch (kind) {
        case "bytes" -> {
          int delay = Integer.parseInt(q.getOrDefault("delay", "0"));
          if (delay > 0) {
            Thread.sleep(delay); // the workload: a server that takes its time
          }
          out = body(Integer.parseInt(parts[2]));
        }
        case "hold" -> {
          holding.incrementAndGet();
          release.await(30, TimeUnit.SECONDS);
          out = body(Integer.parseInt(parts[2]));
        }
        case "chunked" -> {
          out = body(Integer.parseInt(parts[2]));
          chunked = true;
        }
        case "status" -> {
          status = Integer.parseInt(parts[2]);
          out = ("status " + status).getBytes();
        }
        case "flaky" -> {
          int seen = flaky.computeIfAbsent(parts[2], k -> new AtomicInteger()).getAndIncrement();
          if (seen < Integer.parseInt(q.getOrDefault("times", "1"))) {
            status = Integer.parseInt(q.getOrDefault("status", "503"));
            if (q.containsKey("after")) {
              ex.getResponseHeaders().add("Retry-After", q.get("after").replace("_", " "));
            }
          }
          out = ("attempt " + (seen + 1)).getBytes();
        }
        default -> status = 404;
      }
      counted = false;
      current.decrementAndGet();
      shared.decrementAndGet();
      ex.sendResponseHeaders(status, chunked ? 0 : out.length == 0 ? -1 : out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (counted) {
        current.decrementAndGet();
        shared.decrementAndGet();
      }
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
