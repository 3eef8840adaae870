package dev.ferrite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.bench.par.ZipfCorpus;
import dev.ferrite.exec.WorkStealingPool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks the adapters of {@link WordCountBench} and {@link SplitOverheadBench} without JMH. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ParBenchTest {
  private static final List<String> LINES = ZipfCorpus.lines(2_000_000);

  @ParameterizedTest
  @ValueSource(strings = {"ferrite", "sequential", "parallelStream", "parallelStreamConcurrent"})
  void everyWordCounterGivesTheSameCounts(String impl) throws Exception {
    Map<String, Long> want = new HashMap<>();
    for (String l : LINES) {
      WordCountBench.forEachWord(l, w -> want.merge(w, 1L, Long::sum));
    }
    try (WordCountBench.Counter c = WordCountBench.counter(impl, 2)) {
      assertThat(new HashMap<>(c.count(LINES))).isEqualTo(want);
    }
  }

  @Test
  void theCorpusIsZipfAndRepeatable() {
    assertThat(ZipfCorpus.lines(100_000)).isEqualTo(ZipfCorpus.lines(100_000));
    Map<String, Long> m = new HashMap<>();
    LINES.forEach(l -> WordCountBench.forEachWord(l, w -> m.merge(w, 1L, Long::sum)));
    long max = m.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    long total = m.values().stream().mapToLong(Long::longValue).sum();
    // the most frequent word of a Zipf(1) law over 50,000 words has about 1/H(50000) = 9 %
    assertThat((double) max / total).isBetween(0.07, 0.11);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ferrite", "ForkJoinPool", "parallelStream", "sequential"})
  void everySummerSums(String impl) throws Exception {
    try (WorkStealingPool pool = WorkStealingPool.builder().workers(2).build();
        ForkJoinPool fjp = new ForkJoinPool(2)) {
      for (int n : new int[] {0, 1, 1000, 100_000}) {
        assertThat(SplitOverheadBench.sum(impl, n, pool, fjp, 2))
            .isEqualTo((long) n * (n - 1) / 2);
      }
    }
  }

  @Test
  void unknownImplementationsAreRejected() {
    assertThatThrownBy(() -> WordCountBench.counter("nope", 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
