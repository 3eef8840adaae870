package dev.ferrite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Smoke tests of the cache and counter adapters and of the hit-ratio report, without JMH. */
class AdaptersTest {
  static final String[] CACHES = CacheAdapter.IMPLS;
  static final String[] COUNTERS = CounterAdapter.IMPLS;

  @ParameterizedTest
  @FieldSource("CACHES")
  void cacheAdapterStoresAndFinds(String impl) {
    CacheAdapter c = CacheAdapter.create(impl, 1_000);
    for (int i = 0; i < 100; i++) {
      c.put(i, i * 2);
    }
    for (int i = 0; i < 100; i++) {
      assertThat(c.get(i)).isEqualTo(i * 2);
    }
    assertThat(c.get(1_000_000)).isNull();
  }

  @ParameterizedTest
  @FieldSource("COUNTERS")
  void counterAdapterCounts(String impl) throws Exception {
    CounterAdapter c = CounterAdapter.create(impl);
    Thread t = new Thread(() -> {
      for (int i = 0; i < 10_000; i++) {
        c.increment();
      }
    });
    t.start();
    for (int i = 0; i < 10_000; i++) {
      c.increment();
    }
    t.join();
    assertThat(c.read()).isEqualTo(20_000);
  }

  @Test
  void unknownImplsAreRejected() {
    assertThatThrownBy(() -> CacheAdapter.create("nope", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CounterAdapter.create("nope"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zipfIsSkewedAndInRange() {
    int[] t = new Zipf(1_000, 0.9, 1).trace(100_000, 2);
    int[] counts = new int[1_000];
    for (int k : t) {
      counts[k]++;
    }
    java.util.Arrays.sort(counts);
    assertThat(counts[999]).isGreaterThan(50 * Math.max(1, counts[500]));
  }

  @Test
  void hitRatioReportRuns() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    var rows = CacheHitRatio.run(new java.io.PrintStream(out), 100_000);
    assertThat(rows).isNotEmpty();
    for (var r : rows) {
      assertThat(r.ferrite()).isBetween(0.0, 1.0);
      assertThat(r.caffeine()).isBetween(0.0, 1.0);
    }
  }
}
