package dev.ferrite.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.test.Seeds;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** White-box: the back-off schedule and the parsing of {@code Retry-After}. */
class RetryTimingTest {
  private static HttpHeaders retryAfter(String value) {
    return HttpHeaders.of(Map.of("Retry-After", List.of(value)), (a, b) -> true);
  }

  @Test
  void backoffDoublesWithEqualJitterUpToTheCap() {
    Seeds.run(Seeds.seed(), rnd -> {
      Duration base = Duration.ofMillis(100);
      Duration max = Duration.ofSeconds(1);
      for (int failed = 1; failed <= 70; failed++) {
        long ceiling = Math.min(max.toNanos(), failed >= 30 ? Long.MAX_VALUE
            : base.toNanos() << (failed - 1));
        for (int i = 0; i < 50; i++) {
          Duration d = Exchange.backoff(failed, base, max, new SplittableRandom(rnd.nextLong()));
          assertThat(d.toNanos()).as("attempt %d", failed).isBetween(ceiling / 2, ceiling);
        }
      }
    });
  }

  @Test
  void retryAfterTakesSecondsAndHttpDates() {
    Instant now = Instant.parse("2026-11-29T05:00:00Z");
    String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        now.plusSeconds(10).atOffset(ZoneOffset.UTC));
    assertThat(Exchange.retryAfter(retryAfter("3"), now)).isEqualTo(Duration.ofSeconds(3));
    assertThat(Exchange.retryAfter(retryAfter(" 0 "), now)).isEqualTo(Duration.ZERO);
    assertThat(Exchange.retryAfter(retryAfter(inTenSeconds), now)).isEqualTo(Duration.ofSeconds(10));
    assertThat(Exchange.retryAfter(retryAfter("Sun, 06 Nov 1994 08:49:37 GMT"), now))
        .isEqualTo(Duration.ZERO);
    assertThat(Exchange.retryAfter(retryAfter("soon"), now)).isNull();
    assertThat(Exchange.retryAfter(retryAfter("-5"), now)).isNull();
    assertThat(Exchange.retryAfter(retryAfter("99999999999999999999999"), now))
        .isGreaterThan(Duration.ofDays(365));
    assertThat(Exchange.retryAfter(HttpHeaders.of(Map.of(), (a, b) -> true), now)).isNull();
  }
}
