package dev.ferrite.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ferrite.cache.ConcurrentCache;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Hit ratio of Ferrite's {@code ConcurrentCache} against Caffeine at the same maximum size, on
 * synthetic traces (a measure of the eviction policy, not of speed):
 * <ul>
 *   <li>{@code zipf}: Zipf(0.9) over 100,000 keys (also 0.7 and 1.1);
 *   <li>{@code zipf+scans}: the same, with a scan of 5,000 never-seen-before keys after every
 *       20,000 Zipf accesses (the scans are a one-off burst a good policy keeps out);
 *   <li>{@code hot+scans}: blocks of 100,000 accesses, Zipf(0.9) over {@value #HOT_KEYS} hot keys,
 *       each followed by a scan of 20,000 new keys; at size 10,000 the hot set is only read
 *       between scans, which is when several reading threads see their reads sampled (Ferrite's
 *       patient read buffers): the policy must still keep the hot set through every scan;
 *   <li>{@code zipf+shift}: Zipf whose popular keys move to a new set half-way through.
 * </ul>
 * Each access is a lookup; a miss inserts the key (as {@code get(key, loader)} would). With one
 * thread both caches run their maintenance on the calling thread (Caffeine with {@code
 * executor(Runnable::run)}), so Ferrite's numbers are deterministic (Caffeine's vary a little: its
 * admission has a random component). With two threads (each walking
 * the whole trace from its own offset) both keep their default executors, as a server would:
 * this is where each drops reads under contention (Ferrite's rings are then patient, see its
 * cache's essay), so it measures what that sampling costs the policy; those rows vary a little
 * from run to run.
 *
 * <p>Run: {@code java -cp ferrite-bench/target/benchmarks.jar dev.ferrite.bench.CacheHitRatio}.
 * Target: Ferrite within 1 percentage point of Caffeine, or better.
 */
public final class CacheHitRatio {
  static final int KEYS = 100_000;
  /** The hot set of {@code hot+scans}: it fits in the largest size, so it is only read there. */
  static final int HOT_KEYS = 2_000;
  static final int ACCESSES = 2_000_000;

  private CacheHitRatio() {}

  /** One row of the report. */
  record Row(String trace, int size, int threads, double ferrite, double caffeine) {
    double deltaPoints() {
      return (ferrite - caffeine) * 100;
    }
  }

  /**
   * Runs every trace at every size, on one thread and then on two, and prints a table.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out, ACCESSES);
  }

  static List<Row> run(PrintStream out, int accesses) {
    List<Row> rows = new ArrayList<>();
    out.printf(
        "%-16s %8s %8s %10s %10s %8s%n", "trace", "size", "threads", "ferrite", "caffeine",
        "delta pp");
    for (int threads : new int[] {1, 2}) {
      for (String name :
          new String[] {
              "zipf-0.7", "zipf-0.9", "zipf-1.1", "zipf+scans", "hot+scans", "zipf+shift"}) {
        int[] trace = trace(name, accesses);
        for (int size : new int[] {500, 2_000, 10_000}) {
          Row r = new Row(name, size, threads, ferrite(trace, size, threads),
              caffeine(trace, size, threads));
          rows.add(r);
          out.printf(
              "%-16s %8d %8d %9.2f%% %9.2f%% %+8.2f%n",
              r.trace(), r.size(), r.threads(), r.ferrite() * 100, r.caffeine() * 100,
              r.deltaPoints());
        }
      }
    }
    return rows;
  }

  static int[] trace(String name, int accesses) {
    return switch (name) {
      case "zipf-0.7" -> new Zipf(KEYS, 0.7, 1).trace(accesses, 11);
      case "zipf-0.9" -> new Zipf(KEYS, 0.9, 1).trace(accesses, 12);
      case "zipf-1.1" -> new Zipf(KEYS, 1.1, 1).trace(accesses, 13);
      case "zipf+scans" -> scans(new Zipf(KEYS, 0.9, 2), 20_000, 5_000, 14, accesses);
      case "hot+scans" -> scans(new Zipf(HOT_KEYS, 0.9, 5), 100_000, 20_000, 16, accesses);
      case "zipf+shift" -> {
        Zipf a = new Zipf(KEYS, 0.9, 3);
        Zipf b = new Zipf(KEYS, 0.9, 4);
        SplittableRandom rnd = new SplittableRandom(15);
        int[] t = new int[accesses];
        for (int i = 0; i < accesses; i++) {
          t[i] = i < accesses / 2 ? a.sample(rnd) : b.sample(rnd);
        }
        yield t;
      }
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** Blocks of {@code block} accesses drawn from {@code z}, each followed by a scan of new keys. */
  private static int[] scans(Zipf z, int block, int scan, long seed, int accesses) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] t = new int[accesses];
    int scanKey = KEYS;
    for (int i = 0; i < accesses; ) {
      for (int j = 0; j < block && i < accesses; j++) {
        t[i++] = z.sample(rnd);
      }
      for (int j = 0; j < scan && i < accesses; j++) {
        t[i++] = scanKey++;
      }
    }
    return t;
  }

  static double ferrite(int[] trace, int size, int threads) {
    ConcurrentCache<Integer, Integer> c =
        ConcurrentCache.<Integer, Integer>builder().maximumSize(size).build();
    double ratio = replay(trace, threads, c::get, c::insert);
    c.cleanUp();
    if (c.size() > size) {
      throw new IllegalStateException("ferrite cache holds " + c.size() + " > " + size);
    }
    return ratio;
  }

  static double caffeine(int[] trace, int size, int threads) {
    Caffeine<Object, Object> b = Caffeine.newBuilder().maximumSize(size);
    if (threads == 1) {
      b.executor(Runnable::run); // replays on the caller, like Ferrite's lone reader
    }
    Cache<Integer, Integer> c = b.build();
    return replay(trace, threads, c::getIfPresent, c::put);
  }

  /**
   * Replays the trace on {@code threads} threads, each walking all of it from its own offset
   * ({@code i * length / threads}); a miss inserts the key. {@return the hit ratio}
   */
  static double replay(
      int[] trace,
      int threads,
      Function<Integer, Integer> get,
      BiConsumer<Integer, Integer> put) {
    LongAdder hits = new LongAdder();
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> failure =
        new AtomicReference<>();
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int offset = (int) ((long) t * trace.length / threads);
      ts[t] = new Thread(() -> {
        try {
          start.await();
          long h = 0;
          for (int i = 0; i < trace.length; i++) {
            Integer key = trace[(offset + i) % trace.length];
            if (get.apply(key) != null) {
              h++;
            } else {
              put.accept(key, key);
            }
          }
          hits.add(h);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      ts[t].start();
    }
    start.countDown();
    boolean interrupted = false;
    for (Thread t : ts) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the replay is short: finish it, then restore the flag
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a replaying thread failed", failure.get());
    }
    return hits.sum() / ((double) trace.length * threads);
  }
}
