package dev.ferrite.bench;

import dev.ferrite.scope.Policy;
import dev.ferrite.scope.TaskFailedException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Scoped threads: what a scope costs per task, and how fast a failure stops the siblings.
 *
 * <p>{@link #spawnJoin}: open a scope, spawn {@code k} trivial tasks (each returns a pre-boxed
 * number), join them, add up the results, close; nanoseconds per scope, so the cost per task is
 * the score divided by {@code k} (JMH cannot divide by a parameter). The benchmark thread is the
 * owner. {@code impl}:
 * <ul>
 *   <li>{@code ferrite}: {@code dev.ferrite.scope.Scope.open(Policy.failFast())}, {@code spawn},
 *       {@code join()} (the list of results), {@code close()};
 *   <li>{@code virtualThread}: the floor, raw {@code Thread.ofVirtual().start(...)} (each task
 *       stores its result in an array slot) and {@code join()} of each thread;
 *   <li>{@code virtualThreadPerTaskExecutor}: {@code Executors.newVirtualThreadPerTaskExecutor()},
 *       {@code submit}, {@code Future.get}, {@code close};
 *   <li>{@code platformThread}: as {@code virtualThread} with {@code Thread.ofPlatform()};
 *   <li>{@code structuredTaskScope}: the JDK's preview {@code StructuredTaskScope} (fail-fast:
 *       JDK 25's {@code open()}, JDK 21-24's {@code ShutdownOnFailure}), by reflection. It needs
 *       {@code -jvmArgsAppend --enable-preview}; without it the setup throws a message saying so,
 *       and JMH skips that combination (see {@link JdkScope}).
 * </ul>
 * The target: ferrite's cost per task at most 1.2 times {@code virtualThread}'s.
 *
 * <p>{@link #cancelLatency}: a fail-fast scope with {@code siblings} tasks asleep (parked in
 * {@code Thread.sleep}) and one task spinning on a flag; the measured operation raises the flag,
 * the spinning task throws, and the operation ends when {@code join()} has seen every sibling
 * stop and {@code close()} has seen every thread end: the latency from a failure to all siblings
 * stopped (plus the owner's wake-up). Setting up the scope and waiting until the siblings are
 * parked happen per invocation, outside the measurement. Mode {@code SampleTime}, in
 * microseconds: read the p0.50 line. The target: median at most 1 ms.
 *
 * <p>Threads: the owner, plus the tasks on the virtual-thread scheduler (one carrier per core);
 * trivial tasks finish at once, so this is about thread start and hand-off, not contention.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScopeBench {

  /** The trivial task: returns a number boxed once, so no benchmark measures boxing. */
  static final Integer ONE = 1;

  static final Callable<Integer> TASK = () -> ONE;

  /** One way to run k tasks in a scope and join them; returns the sum of their results. */
  @FunctionalInterface
  interface Runner {
    int run(int k) throws Exception;
  }

  /** {@return the runner for {@code impl}} */
  static Runner runner(String impl) {
    return switch (impl) {
      case "ferrite" -> k -> {
        try (dev.ferrite.scope.Scope<Integer, List<Integer>> scope =
            dev.ferrite.scope.Scope.open(Policy.failFast())) {
          for (int i = 0; i < k; i++) {
            scope.spawn(TASK);
          }
          int sum = 0;
          for (Integer v : scope.join()) {
            sum += v;
          }
          return sum;
        }
      };
      case "virtualThread" -> threads(Thread.ofVirtual());
      case "platformThread" -> threads(Thread.ofPlatform());
      case "virtualThreadPerTaskExecutor" -> k -> {
        Future<?>[] futures = new Future<?>[k];
        int sum = 0;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
          for (int i = 0; i < k; i++) {
            futures[i] = executor.submit(TASK);
          }
          for (Future<?> f : futures) {
            sum += (Integer) f.get();
          }
        }
        return sum;
      };
      case "structuredTaskScope" -> {
        String why = JdkScope.unavailable();
        if (why != null) {
          throw new IllegalStateException(why);
        }
        yield k -> {
          Object[] subtasks = new Object[k];
          int sum = 0;
          try (JdkScope scope = JdkScope.open()) {
            for (int i = 0; i < k; i++) {
              subtasks[i] = scope.fork(TASK);
            }
            try {
              scope.join();
            } catch (Throwable t) {
              throw new IllegalStateException("a trivial task failed", t);
            }
            for (Object s : subtasks) {
              sum += (Integer) JdkScope.get(s);
            }
          }
          return sum;
        };
      }
      default -> throw new IllegalArgumentException("unknown impl: " + impl);
    };
  }

  /** Raw threads: start k, join each; each task stores its result in its own slot. */
  private static Runner threads(Thread.Builder builder) {
    return k -> {
      Thread[] threads = new Thread[k];
      int[] results = new int[k];
      for (int i = 0; i < k; i++) {
        int slot = i;
        threads[i] = builder.start(() -> {
          try {
            results[slot] = TASK.call();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
      }
      int sum = 0;
      for (int i = 0; i < k; i++) {
        threads[i].join();
        sum += results[i];
      }
      return sum;
    };
  }

  /** The state of {@link #spawnJoin}. */
  @State(Scope.Thread)
  public static class Spawn {
    @Param({"1", "10", "100"})
    int k;

    @Param({
      "ferrite",
      "virtualThread",
      "virtualThreadPerTaskExecutor",
      "platformThread",
      "structuredTaskScope"
    })
    String impl;

    Runner runner;

    @Setup(Level.Trial)
    public void setUp() {
      runner = runner(impl);
    }
  }

  @Fork(2) // a target is quoted from this case: more forks than the class default
  @Benchmark
  public int spawnJoin(Spawn s) throws Exception {
    return s.runner.run(s.k);
  }

  // ---------------------------------------------------------------- cancellation latency

  /** A failure the spinning task throws: preallocated, without a stack trace. */
  static final RuntimeException FAILURE = new RuntimeException("failure", null, false, false) {};

  /** One fail-fast scope per invocation: {@code siblings} sleeping tasks and one trigger. */
  @State(Scope.Thread)
  public static class Cancel {
    @Param({"10", "100"})
    int siblings;

    @Param({"ferrite"})
    String impl;

    CancelRig rig;

    @Setup(Level.Trial)
    public void check() {
      if (!impl.equals("ferrite")) {
        throw new IllegalArgumentException("cancelLatency measures ferrite only: " + impl);
      }
    }

    @Setup(Level.Invocation)
    public void open() {
      rig = new CancelRig(siblings);
    }

    @TearDown(Level.Invocation)
    public void close() {
      rig.close();
    }
  }

  /**
   * The scope of one {@link #cancelLatency} invocation, opened and made ready by the benchmark
   * thread (its owner) before the measurement.
   */
  static final class CancelRig implements AutoCloseable {
    final dev.ferrite.scope.Scope<Object, List<Object>> scope;
    private final AtomicInteger asleep = new AtomicInteger();
    private final Thread[] sleepers;
    private volatile boolean go;

    CancelRig(int siblings) {
      scope = dev.ferrite.scope.Scope.builder().name("cancel").open();
      sleepers = new Thread[siblings];
      for (int i = 0; i < siblings; i++) {
        int slot = i;
        scope.spawn(() -> {
          sleepers[slot] = Thread.currentThread();
          asleep.incrementAndGet();
          Thread.sleep(TimeUnit.DAYS.toMillis(1));
          return null;
        });
      }
      scope.spawn(() -> {
        while (!go) {
          Thread.onSpinWait();
        }
        throw FAILURE;
      });
      while (asleep.get() < siblings) {
        Thread.onSpinWait();
      }
      for (Thread t : sleepers) { // registered: now wait until each is really parked
        while (t.getState() != Thread.State.TIMED_WAITING) {
          Thread.onSpinWait();
        }
      }
    }

    /** Fires the failure and waits until every sibling has stopped; true if it went as planned. */
    boolean fail() throws InterruptedException {
      go = true;
      try {
        scope.join();
        return false;
      } catch (TaskFailedException expected) {
        return expected.getCause() == FAILURE;
      } finally {
        scope.close();
      }
    }

    @Override
    public void close() {
      go = true;
      scope.close();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public boolean cancelLatency(Cancel c) throws InterruptedException {
    return c.rig.fail();
  }
}
