package dev.ferrite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Duration;
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
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (BenchHttpServer server = new BenchHttpServer(delayMs);
        FetchBench.Runner runner = FetchBench.runner(impl, client, server.url(), 8, 40)) {
      for (int round = 0; round < 3; round++) {
        assertThat(runner.run()).isEqualTo(40);
      }
    } finally {
      client.shutdownNow();
      client.awaitTermination(Duration.ofSeconds(10));
    }
  }

  @Test
  void unknownImplementationsAreRejected() {
    assertThatThrownBy(() -> FetchBench.runner("nope", null, "http://x/", 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown impl");
  }
}
