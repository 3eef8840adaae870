package dev.ferrite.cache.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.cache.ConcurrentCache;
import dev.ferrite.cache.RemovalCause;
import dev.ferrite.test.Seeds;
import dev.ferrite.test.TestThreads;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The size bound and the listener's bookkeeping under concurrent readers and writers. */
class ConcurrentBoundTest {
  @Test
  void boundHoldsWithinTheDocumentedSlack() throws Exception {
    int max = 200;
    int cpus = Runtime.getRuntime().availableProcessors();
    int threadsN = 4;
    // The documented slack: two write buffers (one being evicted while writers fill the next)
    // plus one per writer; plus one per writer again for ConcurrentHashMap.size()'s own
    // imprecision under concurrent updates.
    long slack = 2 * 128L * Integer.highestOneBit(cpus * 2 - 1) + 2L * threadsN;
    for (long seed : Seeds.seeds(3)) {
      Seeds.run(seed, random -> {
        AtomicLong inserted = new AtomicLong();
        AtomicLong gone = new AtomicLong();
        ConcurrentCache<Integer, Integer> c =
            ConcurrentCache.<Integer, Integer>builder()
                .maximumSize(max)
                .removalListener((k, v, cause) -> {
                  if (cause != RemovalCause.REPLACED) {
                    gone.incrementAndGet();
                  }
                })
                .build();
        CyclicBarrier start = new CyclicBarrier(threadsN + 1);
        try (TestThreads threads = new TestThreads()) {
          for (int t = 0; t < threadsN; t++) {
            long s = random.nextLong();
            threads.start("writer-" + t, () -> {
              SplittableRandom r = new SplittableRandom(s);
              start.await();
              for (int i = 0; i < 20_000; i++) {
                int k = r.nextInt(5_000);
                if (r.nextInt(4) == 0) {
                  c.get(k);
                } else if (c.asMap().putIfAbsent(k, k) == null) {
                  inserted.incrementAndGet();
                }
              }
            });
          }
          threads.start("observer", () -> {
            start.await();
            for (int i = 0; i < 2_000; i++) {
              assertThat(c.size()).isLessThanOrEqualTo(max + slack);
              Thread.yield();
            }
          });
        }
        c.cleanUp();
        assertThat(c.size()).isLessThanOrEqualTo(max);
        // Every inserted entry is either still there or was reported gone exactly once.
        assertThat(inserted.get()).isEqualTo(gone.get() + c.size());
      });
    }
  }
}
