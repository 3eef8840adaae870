package dev.ferrite.cli.tour;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferrite.http.FetchFailure;
import dev.ferrite.http.FetchResult;
import dev.ferrite.http.Fetched;
import dev.ferrite.http.Fetcher;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The article's async fan-out ({@code concurrent_download} with {@code join_all}): 100 URLs of a
 * loopback HTTP server fetched with at most 8 in flight; the server counts how many it serves at
 * once.
 */
final class FanOutSection implements TourSection {
  static final int URLS = 100;
  static final int LIMIT = 8;

  @Override
  public String name() {
    return "fan-out";
  }

  @Override
  public String title() {
    return "fetch " + URLS + " URLs concurrently, at most " + LIMIT
        + " in flight; results in input order";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger highest = new AtomicInteger();
    ExecutorService executor = Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("tour-fanout-server-", 0).factory());
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    server.setExecutor(executor);
    server.createContext("/", ex -> serve(ex, now, highest));
    server.start();
    try (executor) {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < URLS; i++) {
        urls.add(base + (i % 25 == 7 ? "/missing/" + i
            : i % 25 == 19 ? "/error/" + i : "/page/" + i + "?size=" + size(i)));
      }
      out.printf("  server on %s: /page/N?size=S answers S bytes after 1-4 ms;"
          + " /missing/N 404, /error/N 500%n", base.substring("http://".length()));
      List<FetchResult> results;
      int peak;
      long ms;
      try (Fetcher fetcher = Fetcher.builder().maxConcurrency(LIMIT).maxPerHost(LIMIT)
          .timeout(Duration.ofSeconds(10)).build()) {
        long start = System.nanoTime();
        results = fetcher.fetchAll(urls);
        ms = (System.nanoTime() - start) / 1_000_000;
        peak = fetcher.peakConcurrency();
      }
      int ok = 0;
      long bytes = 0;
      boolean inOrder = true;
      Map<String, Integer> why = new TreeMap<>();
      for (int i = 0; i < results.size(); i++) {
        FetchResult r = results.get(i);
        inOrder &= r.url().equals(urls.get(i));
        switch (r) {
          case Fetched f -> {
            ok++;
            bytes += f.bytes();
            inOrder &= f.bytes() == size(i);
          }
          case FetchFailure f -> why.merge(f.reason(), 1, Integer::sum);
        }
      }
      out.printf("  fetched %d URLs in %d ms, at most %d at once (join_all with a bound)%n",
          results.size(), ms, LIMIT);
      StringBuilder failures = new StringBuilder();
      why.forEach((k, v) -> failures.append(failures.isEmpty() ? "" : ", ").append(k)
          .append(" x").append(v));
      out.printf("  succeeded: %d, failed: %d (%s)%n", ok, results.size() - ok, failures);
      out.printf("  bytes: %,d%n", bytes);
      out.printf("  results in input order: %s%n", inOrder ? "yes" : "NO");
      out.printf("  highest concurrency the server saw: %d (fetcher's own count: %d, limit %d)%n",
          highest.get(), peak, LIMIT);
      out.printf("fan-out: %s%n", inOrder && highest.get() <= LIMIT && peak <= LIMIT
          ? "bounded" : "WRONG");
    } finally {
      server.stop(0);
    }
  }

  /** {@return the size of page {@code i}: 100 bytes to 20 KB, varying} */
  static int size(int i) {
    return 100 + (i * 7919) % 20_000;
  }

  private static void serve(HttpExchange ex, AtomicInteger now, AtomicInteger highest)
      throws IOException {
    int n = now.incrementAndGet();
    highest.accumulateAndGet(n, Math::max);
    boolean counted = true;
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String query = ex.getRequestURI().getQuery();
      int status = path.startsWith("/missing/") ? 404 : path.startsWith("/error/") ? 500 : 200;
      byte[] body;
      if (status == 200) {
        int size = Integer.parseInt(query.substring("size=".length()));
        body = new byte[size];
        for (int i = 0; i < size; i++) {
          body[i] = (byte) ('a' + i % 26);
        }
        Thread.sleep(1 + size % 4); // the page takes its time, so requests overlap
      } else {
        body = ("status " + status).getBytes();
      }
      // Counted as served once its response starts: the client can only start its next
      // request after this one's last byte, so the count never includes one request twice.
      now.decrementAndGet();
      counted = false;
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (counted) {
        now.decrementAndGet();
      }
    }
  }
}
