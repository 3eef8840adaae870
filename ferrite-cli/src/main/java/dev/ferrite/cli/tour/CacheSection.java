package dev.ferrite.cli.tour;

import dev.ferrite.cache.CacheStats;
import dev.ferrite.cache.ConcurrentCache;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The article's {@code ConcurrentCache}: readers and a writer share one cache, and no reader ever
 * waits for the writer. Then a bounded cache shows its hit ratio on a skewed workload.
 */
final class CacheSection implements TourSection {
  static final int READERS = 4;
  static final int ENTRIES = 1_000;
  static final int BOUND = 1_000;
  static final int KEYS = 100_000;
  static final int ACCESSES = 300_000;

  @Override
  public String name() {
    return "cache";
  }

  @Override
  public String title() {
    return READERS + " readers and 1 writer share a cache; then a bounded cache's hit ratio";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    sharedCache(out);
    boundedHitRatio(out);
  }

  private static void sharedCache(PrintStream out) throws InterruptedException {
    ConcurrentCache<String, String> cache = ConcurrentCache.unbounded();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong lookups = new AtomicLong();
    AtomicLong hits = new AtomicLong();
    CountDownLatch readersStarted = new CountDownLatch(READERS);
    List<Thread> threads = new ArrayList<>();
    for (int r = 0; r < READERS; r++) {
      int seed = r;
      threads.add(Thread.ofPlatform().name("tour-reader-" + r).start(() -> {
        SplittableRandom rnd = new SplittableRandom(seed);
        readersStarted.countDown();
        long n = 0;
        long h = 0;
        do {
          if (cache.get("key-" + rnd.nextInt(ENTRIES)) != null) {
            h++;
          }
          n++;
        } while (writing.get());
        lookups.addAndGet(n);
        hits.addAndGet(h);
      }));
    }
    Thread writer = Thread.ofPlatform().name("tour-writer").start(() -> {
      try {
        readersStarted.await();
        for (int i = 0; i < ENTRIES; i++) {
          cache.insert("key-" + i, "value-" + i);
        }
        for (int i = 0; i < ENTRIES; i += 10) {
          cache.remove("key-" + i);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        writing.set(false);
      }
    });
    writer.join();
    for (Thread t : threads) {
      t.join();
    }
    out.printf(
        "writer: inserted %d entries, removed %d; the cache now holds %d%n",
        ENTRIES, ENTRIES / 10, cache.size());
    out.printf(
        "%d readers: %d lookups meanwhile (%d hits), none waited for the writer%n",
        READERS, lookups.get(), hits.get());
    out.printf("get(\"key-7\") = %s, get(\"key-10\") = %s%n", cache.get("key-7"), cache.get("key-10"));
  }

  private static void boundedHitRatio(PrintStream out) throws InterruptedException {
    ConcurrentCache<Integer, String> cache =
        ConcurrentCache.<Integer, String>builder().maximumSize(BOUND).recordStats().build();
    double[] cdf = zipfCdf(KEYS, 0.9);
    SplittableRandom rnd = new SplittableRandom(2026);
    for (int i = 0; i < ACCESSES; i++) {
      int rank = Arrays.binarySearch(cdf, rnd.nextDouble());
      int key = rank < 0 ? Math.min(-rank - 1, KEYS - 1) : rank;
      cache.get(key, k -> "value-" + k); // a miss "loads" the value
    }
    cache.cleanUp();
    CacheStats s = cache.stats();
    out.printf(
        "bounded cache (%,d entries for %,d keys, W-TinyLFU): hit ratio %.1f%% over %,d Zipf(0.9)"
            + " lookups; %,d loads, %,d evictions, size %,d%n",
        BOUND, KEYS, s.hitRatio() * 100, ACCESSES, s.loads(), s.evictions(), cache.size());
  }

  private static double[] zipfCdf(int n, double s) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int r = 0; r < n; r++) {
      sum += 1 / Math.pow(r + 1, s);
      cdf[r] = sum;
    }
    for (int r = 0; r < n; r++) {
      cdf[r] /= sum;
    }
    return cdf;
  }
}
