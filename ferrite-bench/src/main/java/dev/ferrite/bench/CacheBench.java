package dev.ferrite.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cache throughput in operations per microsecond (higher is better), after Caffeine's
 * {@code GetPutBenchmark}: 2 threads (one per core on the reference machine) look up and write
 * keys drawn from a Zipf(0.9) distribution over {@value #ITEMS} keys, in a cache bounded to
 * {@value #MAXIMUM} entries that is filled with every key first, so the measurement is of
 * lookups and in-place updates, not of misses or evictions.
 *
 * <ul>
 *   <li>{@link #reads}: 100% {@code get};
 *   <li>{@link #readWrite}: 75% {@code get}, 25% {@code put} (every fourth operation);
 *   <li>{@link #writes}: 100% {@code put}.
 * </ul>
 *
 * <p>{@code impl}: {@code ferrite} ({@code ConcurrentCache}, bounded), {@code caffeine}
 * (Caffeine 3.3.1, bounded the same, default executor), {@code rwLockHashMap} (the article's
 * design: {@code HashMap} behind a {@code ReentrantReadWriteLock}) and {@code ConcurrentHashMap}
 * (both unbounded, the upper bound of what a map can do). Targets: Ferrite's reads >= 5x
 * rwLockHashMap and >= 1.0x caffeine.
 *
 * <p>Each thread walks a precomputed trace of keys from its own random offset, so no sampling
 * happens inside the measurement.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class CacheBench {
  static final int MAXIMUM = 1 << 16;
  static final int ITEMS = MAXIMUM / 2;
  static final int TRACE = 1 << 20;
  static final int MASK = TRACE - 1;

  /** The shared cache and key trace. */
  @State(Scope.Benchmark)
  public static class Shared {
    @Param({"ferrite", "rwLockHashMap", "ConcurrentHashMap", "caffeine"})
    String impl;

    CacheAdapter cache;
    Integer[] keys;

    @Setup
    public void setUp() {
      cache = CacheAdapter.create(impl, MAXIMUM);
      int[] trace = new Zipf(ITEMS, 0.9, 42).trace(TRACE, 43);
      Integer[] boxed = new Integer[ITEMS];
      for (int i = 0; i < ITEMS; i++) {
        boxed[i] = i;
        cache.put(boxed[i], boxed[i]);
      }
      keys = new Integer[TRACE];
      for (int i = 0; i < TRACE; i++) {
        keys[i] = boxed[trace[i]];
      }
    }
  }

  /** A thread's position in the trace. */
  @State(Scope.Thread)
  public static class Cursor {
    int index;

    @Setup
    public void setUp() {
      index = java.util.concurrent.ThreadLocalRandom.current().nextInt(TRACE);
    }
  }

  @Fork(2) // a target is quoted from this case: more forks than the class default
  @Benchmark
  public Integer reads(Shared s, Cursor c) {
    return s.cache.get(s.keys[c.index++ & MASK]);
  }

  @Benchmark
  public Integer readWrite(Shared s, Cursor c) {
    int i = c.index++;
    Integer key = s.keys[i & MASK];
    if ((i & 3) == 0) {
      s.cache.put(key, key);
      return key;
    }
    return s.cache.get(key);
  }

  @Benchmark
  public Integer writes(Shared s, Cursor c) {
    Integer key = s.keys[c.index++ & MASK];
    s.cache.put(key, key);
    return key;
  }
}
