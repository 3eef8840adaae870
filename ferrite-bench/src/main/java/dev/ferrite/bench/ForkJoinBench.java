package dev.ferrite.bench;

import dev.ferrite.bench.forkjoin.Uts;
import dev.ferrite.bench.forkjoin.Workloads;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fork-join scheduling: Ferrite's {@code WorkStealingPool} against {@code ForkJoinPool} with the
 * same parallelism and against plain recursion, in milliseconds per computation (lower is
 * better). The workloads ({@link Workloads}) build the same task tree in every implementation:
 * <ul>
 *   <li>{@code fib}: fib({@code fibN}) with a fork at every level: pure scheduling overhead;
 *   <li>{@code nqueens}: n-queens({@code queens}), one task per candidate placement, row by row;
 *   <li>{@code utsT1}, {@code utsT3}: the Unbalanced Tree Search trees T1 (geometric, 4.1 million
 *       nodes, depth 10) and T3 (binomial, 4.1 million nodes, depth 1572) with their standard
 *       parameters and SHA-1 node states ({@link Uts}), one task per node.
 * </ul>
 * {@code impl}: {@code ferrite} ({@code join(first, second)}), {@code ForkJoinPool}
 * ({@code RecursiveTask}: fork the second half, compute the first, join), {@code sequential}.
 * {@code workers} is the parallelism of both pools (2 on the 2-core reference machine; the JMH
 * thread waits, parked, while they compute). Parallel efficiency on UTS is
 * {@code sequential time / (workers x parallel time)}.
 *
 * <p>The fork runs with {@code -Xss16m}: T3 is 1572 levels deep, each level a few nested joins,
 * deeper than a default thread stack in every implementation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xss16m"})
public class ForkJoinBench {

  @Param({"ferrite", "ForkJoinPool", "sequential"})
  String impl;

  @Param({"2"})
  int workers;

  @Param({"30"})
  int fibN;

  @Param({"12"})
  int queens;

  private Workloads w;

  @Setup(Level.Trial)
  public void setUp() {
    w = Workloads.of(impl, workers);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    w.close();
  }

  @Benchmark
  public long fib() {
    return w.fib(fibN);
  }

  @Benchmark
  public long nqueens() {
    return w.nqueens(queens);
  }

  @Benchmark
  public long utsT1() {
    return w.uts(Uts.T1);
  }

  @Benchmark
  public long utsT3() {
    return w.uts(Uts.T3);
  }
}
