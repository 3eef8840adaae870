package dev.ferrite.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * White-box: a batch keeps its exchanges until it ends, so a decided exchange must let go of its
 * attempt, which reaches the HTTP client's whole exchange (response, connection state, timer).
 * Kept, a batch of 10,000 small requests held about 50 MB until its end, and the collector's
 * young pauses grew to 300 ms copying it (found with {@code FetchBench}, K = 256).
 */
class ExchangeRetentionTest {
  @Test
  void decidedExchangesNoLongerReferenceTheirAttempts() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext("/", ex -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      int status = ex.getRequestURI().getPath().equals("/missing") ? 404 : 200;
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    try (Fetcher f = Fetcher.builder().maxConcurrency(4).build()) {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      List<FetchRequest> requests = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        requests.add(FetchRequest.get(base + (i % 5 == 4 ? "/missing" : "/page/" + i)));
      }
      try (FetchBatch batch = f.start(requests)) {
        List<FetchResult> results = batch.await();
        assertThat(results).hasSize(20);
        assertThat(results.stream().filter(FetchResult::isSuccess)).hasSize(16);
        assertThat(batch.exchangesHoldingAttempts()).isZero();
      }
    } finally {
      server.stop(0);
    }
  }
}
