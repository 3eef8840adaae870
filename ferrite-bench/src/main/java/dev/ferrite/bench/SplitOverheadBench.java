package dev.ferrite.bench;

import dev.ferrite.exec.WorkStealingPool;
import dev.ferrite.par.ParIter;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of splitting: a sum over the integers [0, n) in microseconds per sum (lower is
 * better). With small {@code n} the time is mostly the evaluation's fixed cost (splits, joins,
 * wake-ups); with large {@code n}, per-element work dominates.
 *
 * <p>{@code impl}: {@code ferrite} ({@code ParIter.range(0, n).sum(i -> i)}, adaptive splitting),
 * {@code ForkJoinPool} (a {@code RecursiveTask} tree sum over the same boxed range, split in
 * halves down to {@code n / (8 x workers)} elements, the JDK's usual granularity),
 * {@code parallelStream} ({@code IntStream.range(0, n).boxed().parallel().mapToLong(i -> i).sum()}
 * in a ForkJoinPool of {@code workers}), and {@code sequential} (a loop over the same boxed
 * values).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SplitOverheadBench {
  @Param({"ferrite", "ForkJoinPool", "parallelStream", "sequential"})
  String impl;

  @Param({"2"})
  int workers;

  @Param({"1000", "100000", "10000000"})
  int n;

  private WorkStealingPool pool;
  private ForkJoinPool fjp;

  @Setup(Level.Trial)
  public void setUp() {
    pool = WorkStealingPool.builder().workers(workers).name("bench-split").build();
    fjp = new ForkJoinPool(workers);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.close();
    fjp.close();
  }

  @Benchmark
  public long sum() throws Exception {
    return sum(impl, n, pool, fjp, workers);
  }

  static long sum(String impl, int n, WorkStealingPool pool, ForkJoinPool fjp, int workers)
      throws Exception {
    return switch (impl) {
      case "ferrite" -> ParIter.range(0, n).on(pool).sum(i -> i);
      case "ForkJoinPool" -> fjp.invoke(new Sum(0, n, Math.max(1, n / (8 * workers))));
      case "parallelStream" -> fjp.submit(
          () -> IntStream.range(0, n).boxed().parallel().mapToLong(i -> i).sum()).get();
      case "sequential" -> {
        long s = 0;
        for (int i = 0; i < n; i++) {
          Integer boxed = i;
          s += boxed;
        }
        yield s;
      }
      default -> throw new IllegalArgumentException("unknown impl: " + impl);
    };
  }

  /** A tree sum over [from, to) of boxed integers. */
  static final class Sum extends RecursiveTask<Long> {
    private final int from;
    private final int to;
    private final int leaf;

    Sum(int from, int to, int leaf) {
      this.from = from;
      this.to = to;
      this.leaf = leaf;
    }

    @Override
    protected Long compute() {
      if (to - from <= leaf) {
        long s = 0;
        for (int i = from; i < to; i++) {
          Integer boxed = i;
          s += boxed;
        }
        return s;
      }
      int mid = (from + to) >>> 1;
      Sum right = new Sum(mid, to, leaf);
      right.fork();
      long left = new Sum(from, mid, leaf).compute();
      return left + right.join();
    }
  }
}
