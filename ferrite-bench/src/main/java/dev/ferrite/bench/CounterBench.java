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
 * Counter throughput in operations per microsecond (higher is better), all threads on one
 * counter.
 *
 * <ul>
 *   <li>{@link #increment1}: one thread increments (the uncontended cost);
 *   <li>{@link #increment2}: two threads increment (one per core on the reference machine: the
 *       contended case striping is for);
 *   <li>{@link #mixed2}: two threads, each doing one read per 8 operations (reads are
 *       {@code get} or {@code sum}).
 * </ul>
 *
 * <p>{@code impl}: {@code ferrite-atomic} ({@code AtomicCounter}), {@code ferrite-striped}
 * ({@code StripedCounter}), {@code AtomicLong}, {@code LongAdder}. Target: ferrite-striped >=
 * 1.0x LongAdder at 2 threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CounterBench {
  /** The shared counter. */
  @State(Scope.Benchmark)
  public static class Shared {
    @Param({"ferrite-atomic", "ferrite-striped", "AtomicLong", "LongAdder"})
    String impl;

    CounterAdapter counter;

    @Setup
    public void setUp() {
      counter = CounterAdapter.create(impl);
    }
  }

  /** A thread's operation count, for the mix. */
  @State(Scope.Thread)
  public static class Ops {
    int n;
  }

  @Benchmark
  @Threads(1)
  public void increment1(Shared s) {
    s.counter.increment();
  }

  @Benchmark
  @Threads(2)
  public void increment2(Shared s) {
    s.counter.increment();
  }

  @Benchmark
  @Threads(2)
  public long mixed2(Shared s, Ops o) {
    if ((++o.n & 7) == 0) {
      return s.counter.read();
    }
    s.counter.increment();
    return 0;
  }
}
