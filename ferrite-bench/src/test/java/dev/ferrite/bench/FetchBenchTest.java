package dev.ferrite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks the adapters of {@link FetchBench} without JMH: every request of a batch succeeds. */
// Hang guard only: the whole class takes about a second.
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FetchBenchTest {
  @ParameterizedTest
  @CsvSource({"ferrite,0", "ferrite,10", "jdkHttpClient,0", "jdkHttpClient,10"})
  void everyRequestOfABatchSucceeds(String impl, int delayMs) throws Exception {
    ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();
    HttpClient client = FetchBench.newClient(callbacks);
    try (BenchHttpServer server = new BenchHttpServer(delayMs);
        FetchBench.Runner runner = FetchBench.runner(impl, client, server.url(), 8, 40)) {
      for (int round = 0; round < 3; round++) {
        assertThat(runner.run()).isEqualTo(40);
      }
    } finally {
      client.shutdownNow();
      client.awaitTermination(Duration.ofSeconds(10));
      callbacks.close();
    }
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "0, 8", "10, 8"})
  void theSocketClientGetsEveryResponse(int delayMs, int k) throws Exception {
    try (BenchHttpServer server = new BenchHttpServer(delayMs);
        FetchLimitBench.Sockets sockets = new FetchLimitBench.Sockets(server.url(), k, 5)) {
      for (int round = 0; round < 3; round++) {
        assertThat(sockets.run()).isEqualTo(5 * k);
      }
    }
  }

  @Test
  void theSocketClientFailsOnAShortResponse() throws Exception {
    try (BenchHttpServer server = new BenchHttpServer(0);
        FetchLimitBench.Sockets sockets = new FetchLimitBench.Sockets(server.url(), 2, 1)) {
      server.close(); // every connection ends before a response
      assertThatThrownBy(sockets::run).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(IOException.class);
    }
  }

  @Test
  void unknownImplementationsAreRejected() {
    assertThatThrownBy(() -> FetchBench.runner("nope", null, "http://x/", 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown impl");
  }
}
