package dev.ferrite.bench;

import dev.ferrite.exec.WorkerPool;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Many short jobs through a pool, in nanoseconds per job (lower is better).
 *
 * <p>Each invocation submits {@value #JOBS} tiny jobs ({@code Blackhole.consumeCPU(}{@value
 * #TOKENS}{@code )}, a few nanoseconds of work, returning a value) with
 * {@link ExecutorService#submit(Callable)}, then waits for every returned future. Both pools have
 * {@value #WORKERS} platform worker threads and a bounded intake of {@code queue} jobs; when the
 * intake is full the submitter blocks until a slot frees:
 * <ul>
 *   <li>{@code ferrite}: {@code WorkerPool.builder().workers(2).queueCapacity(queue)}; the
 *       optional {@code ferrite-virtual} (pass {@code -p impl=ferrite-virtual}) uses virtual
 *       worker threads;
 *   <li>{@code ThreadPoolExecutor}: 2 core = max threads, pre-started, over an
 *       {@code ArrayBlockingQueue(queue)} ({@code SynchronousQueue} for {@code queue=0}), whose
 *       rejection handler blocks in {@code put}, the usual way to give it back-pressure.
 * </ul>
 * {@code queue=1024} (also {@code WorkerPool}'s default) exercises back-pressure: the batch is ten
 * times the intake. {@code queue=16384} holds the whole batch, so the submitter never waits for
 * room. {@code -p queue=0} (rendezvous hand-off) also works.
 *
 * <p>Threads: the submitter plus 2 workers = 3 threads on the 2-core reference machine. The case
 * is about hand-off and blocking: whenever the intake is full or empty someone waits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3) // an issue-2 target is quoted from both cases: more forks than one
public class WorkerPoolBench {

  static final int JOBS = 10_000;
  static final int WORKERS = 2;
  static final int TOKENS = 10;

  /** Stateless and shared by every submission, so submitting allocates only the pools' own data. */
  private static final Callable<Integer> JOB =
      () -> {
        Blackhole.consumeCPU(TOKENS);
        return TOKENS;
      };

  @Param({"ferrite", "ThreadPoolExecutor"})
  String impl;

  @Param({"1024", "16384"})
  int queue;

  private ExecutorService pool;
  private final Future<?>[] futures = new Future<?>[JOBS];

  @Setup(Level.Trial)
  public void setUp() {
    pool =
        switch (impl) {
          case "ferrite" ->
              WorkerPool.builder().workers(WORKERS).queueCapacity(queue).name("bench").build();
          case "ferrite-virtual" ->
              WorkerPool.builder()
                  .workers(WORKERS)
                  .queueCapacity(queue)
                  .virtualThreads(true)
                  .name("bench")
                  .build();
          case "ThreadPoolExecutor" -> threadPoolExecutor(queue);
          default -> throw new IllegalArgumentException("unknown impl: " + impl);
        };
  }

  private static ThreadPoolExecutor threadPoolExecutor(int queue) {
    BlockingQueue<Runnable> intake =
        queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
    AtomicInteger ids = new AtomicInteger();
    ThreadPoolExecutor tpe =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            0L,
            TimeUnit.MILLISECONDS,
            intake,
            r -> Thread.ofPlatform().name("tpe-worker-" + ids.getAndIncrement()).unstarted(r),
            (job, executor) -> {
              // Back-pressure: wait for room instead of rejecting.
              if (executor.isShutdown()) {
                throw new RejectedExecutionException("pool is shut down");
              }
              try {
                executor.getQueue().put(job);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RejectedExecutionException("interrupted while waiting for room", e);
              }
            });
    tpe.prestartAllCoreThreads();
    return tpe;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    pool.shutdown();
    if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException(impl + " did not terminate");
    }
  }

  @Benchmark
  @OperationsPerInvocation(JOBS)
  public void shortJobs(Blackhole bh) throws Exception {
    ExecutorService p = pool;
    Future<?>[] fs = futures;
    for (int i = 0; i < JOBS; i++) {
      fs[i] = p.submit(JOB);
    }
    for (int i = 0; i < JOBS; i++) {
      bh.consume(fs[i].get());
      fs[i] = null;
    }
  }
}
