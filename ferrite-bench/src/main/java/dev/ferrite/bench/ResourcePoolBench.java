package dev.ferrite.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Acquire + release of a pooled resource, in nanoseconds per operation per thread (lower is
 * better): the article's condvar pool against Ferrite's {@code ResourcePool} and two pool
 * libraries.
 *
 * <ul>
 *   <li>{@link #uncontended1} and {@link #uncontended2}: 1 and 2 threads on a pool of 10, so a
 *       resource is always idle and the score is the cost of the fast path (and, with 2 threads,
 *       of sharing the pool's structures between cores);
 *   <li>{@link #contended}: 4 threads on a pool of 2 (more threads than cores on the 2-core
 *       reference machine: the case is about waiting and waking).
 * </ul>
 *
 * <p>{@code impl}: {@code ferrite} ({@code ResourcePool.acquire()} + try-with-resources),
 * {@code stormpot} (Stormpot 4 {@code claim}/{@code release}), {@code commonsPool2}
 * ({@code GenericObjectPool.borrowObject}/{@code returnObject}), {@code condvar} (a
 * {@code ReentrantLock} + {@code Condition} + {@code ArrayDeque}, the article's
 * {@code Mutex<Vec<T>>} + {@code Condvar}). Each invocation leases one resource, hands it to the
 * blackhole and returns it; every pool is warmed (all resources created) in setup.
 *
 * <p>Targets (issue 7): uncontended at least 0.8x Stormpot's speed and 10x commons-pool2's;
 * contended at least 2x condvar's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ResourcePoolBench {

  /** A pool of 10 for the uncontended cases. */
  @State(Scope.Benchmark)
  public static class Ten {
    @Param({"ferrite", "stormpot", "commonsPool2", "condvar"})
    public String impl;

    PoolAdapter pool;

    @Setup(Level.Trial)
    public void setup() throws Exception {
      pool = PoolAdapter.create(impl, 10);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      pool.close();
    }
  }

  /** A pool of 2 for the contended case. */
  @State(Scope.Benchmark)
  public static class Two {
    @Param({"ferrite", "stormpot", "commonsPool2", "condvar"})
    public String impl;

    PoolAdapter pool;

    @Setup(Level.Trial)
    public void setup() throws Exception {
      pool = PoolAdapter.create(impl, 2);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      pool.close();
    }
  }

  @Benchmark
  @Threads(1)
  public void uncontended1(Ten state, Blackhole bh) throws Exception {
    state.pool.cycle(bh::consume);
  }

  @Benchmark
  @Threads(2)
  public void uncontended2(Ten state, Blackhole bh) throws Exception {
    state.pool.cycle(bh::consume);
  }

  @Benchmark
  @Threads(4)
  public void contended(Two state, Blackhole bh) throws Exception {
    state.pool.cycle(bh::consume);
  }
}
