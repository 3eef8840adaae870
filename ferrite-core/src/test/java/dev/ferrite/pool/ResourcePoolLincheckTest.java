package dev.ferrite.pool;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jetbrains.lincheck.Lincheck;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks of the pool's acquire / release / tryAcquire.
 *
 * <p>Linearizability ({@link Ops} against {@link Model}) on pools of one and of two resources:
 * three holder groups (Lincheck non-parallel groups, each run by one thread, each keeping its own
 * leases and giving back its oldest) try to acquire, acquire with a zero timeout, and release;
 * the model is a counter of free resources and one of leases per group. With two resources a
 * try form must not report "exhausted" when one of them was free at every instant of the call,
 * which a single scan would when a release and a re-take of the other resource race it; {@link
 * #tryAcquireRacingAReleaseAndATakeFindsTheIdleOne} drives that very interleaving.
 *
 * <p>The blocking protocol is checked with {@link Lincheck#runConcurrentTest} programs, like
 * {@code ChannelBlockingLincheckTest}: a blocked acquire is woken by a release (a lost wake-up
 * shows up as a deadlock), and tryAcquire racing a blocked waiter never duplicates a resource.
 * The pools here have no background threads (see {@link Pool#prefill}), so the model checker
 * controls every thread.
 */
class ResourcePoolLincheckTest {
  static final int SCALE = Integer.getInteger("ferrite.lincheck.scale", 1);

  static Pool<Object> poolOf(int n) {
    Pool<Object> pool = new Pool<>(ResourcePool.builder(() -> new Object()).maxSize(n), false);
    try {
      pool.prefill(n);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return pool;
  }

  /** The structure under test: one pool, the leases of each group. */
  public static class Ops {
    private final Pool<Object> pool;
    private final ArrayDeque<Lease<Object>> a = new ArrayDeque<>();
    private final ArrayDeque<Lease<Object>> b = new ArrayDeque<>();
    private final ArrayDeque<Lease<Object>> c = new ArrayDeque<>();

    public Ops() {
      this(1);
    }

    Ops(int resources) {
      pool = poolOf(resources);
    }

    private boolean tryTake(ArrayDeque<Lease<Object>> mine) {
      if (pool.tryAcquire() instanceof Acquired<Object>(Lease<Object> l)) {
        mine.push(l);
        return true;
      }
      return false;
    }

    private boolean takeNow(ArrayDeque<Lease<Object>> mine) throws InterruptedException {
      if (pool.acquire(Duration.ZERO) instanceof Acquired<Object>(Lease<Object> l)) {
        mine.push(l);
        return true;
      }
      return false;
    }

    private static boolean give(ArrayDeque<Lease<Object>> mine) {
      Lease<Object> l = mine.pollLast(); // the oldest: the group's next take then has to scan
      if (l == null) {
        return false;
      }
      l.close();
      return true;
    }

    @Operation(nonParallelGroup = "a")
    public boolean tryAcquireA() {
      return tryTake(a);
    }

    @Operation(nonParallelGroup = "a")
    public boolean acquireNowA() throws InterruptedException {
      return takeNow(a);
    }

    @Operation(nonParallelGroup = "a")
    public boolean releaseA() {
      return give(a);
    }

    @Operation(nonParallelGroup = "b")
    public boolean tryAcquireB() {
      return tryTake(b);
    }

    @Operation(nonParallelGroup = "b")
    public boolean releaseB() {
      return give(b);
    }

    @Operation(nonParallelGroup = "c")
    public boolean tryAcquireC() {
      return tryTake(c);
    }

    @Operation(nonParallelGroup = "c")
    public boolean acquireNowC() throws InterruptedException {
      return takeNow(c);
    }

    @Operation(nonParallelGroup = "c")
    public boolean releaseC() {
      return give(c);
    }
  }

  /** {@link Ops} on a pool of two resources. */
  public static class OpsOfTwo extends Ops {
    public OpsOfTwo() {
      super(2);
    }
  }

  /** The sequential specification: free resources and each group's leases. */
  public static class Model {
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;

    private int free;
    private final int[] held = new int[3];

    public Model() {
      this(1);
    }

    Model(int resources) {
      free = resources;
    }

    private boolean take(int group) {
      if (free == 0) {
        return false;
      }
      free--;
      held[group]++;
      return true;
    }

    private boolean give(int group) {
      if (held[group] == 0) {
        return false;
      }
      held[group]--;
      free++;
      return true;
    }

    public boolean tryAcquireA() {
      return take(A);
    }

    public boolean acquireNowA() {
      return take(A);
    }

    public boolean releaseA() {
      return give(A);
    }

    public boolean tryAcquireB() {
      return take(B);
    }

    public boolean releaseB() {
      return give(B);
    }

    public boolean tryAcquireC() {
      return take(C);
    }

    public boolean acquireNowC() {
      return take(C);
    }

    public boolean releaseC() {
      return give(C);
    }
  }

  /** {@link Model} of a pool of two resources. */
  public static class ModelOfTwo extends Model {
    public ModelOfTwo() {
      super(2);
    }
  }

  static <O extends Options<O, ?>> O shape(O options, Class<?> model) {
    return options.threads(3).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
        .sequentialSpecification(model);
  }

  @Test
  void modelChecking() {
    shape(new ModelCheckingOptions(), Model.class).iterations(6 * SCALE)
        .invocationsPerIteration(40).check(Ops.class);
  }

  @Test
  void stress() {
    shape(new StressOptions(), Model.class).iterations(3 * SCALE).invocationsPerIteration(200)
        .check(Ops.class);
  }

  /**
   * Two resources: a try form must not report "exhausted" when one of them was idle at every
   * instant of the call (one released and the other re-taken while it scanned).
   */
  @Test
  void modelCheckingOfTwo() {
    shape(new ModelCheckingOptions(), ModelOfTwo.class).iterations(6 * SCALE)
        .invocationsPerIteration(40).check(OpsOfTwo.class);
  }

  // ---- blocking programs ----

  interface Body {
    void run() throws Exception;
  }

  static final class Worker {
    private final Thread thread;
    private volatile Throwable failure;

    Worker(Body body) {
      this(body, true);
    }

    Worker(Body body, boolean start) {
      thread = new Thread(() -> {
        try {
          body.run();
        } catch (Exception | AssertionError t) {
          failure = t;
        }
      });
      if (start) {
        thread.start();
      }
    }

    void start() {
      thread.start();
    }

    void join() throws InterruptedException {
      thread.join();
      if (failure != null) {
        throw new AssertionError("worker failed", failure);
      }
    }
  }

  static void require(boolean condition, String what, Object... details) {
    if (!condition) {
      throw new AssertionError(what + " " + Arrays.deepToString(details));
    }
  }

  static final int INVOCATIONS = 25 * SCALE;

  static void check(Body program) {
    check(INVOCATIONS, program);
  }

  static void check(int invocations, Body program) {
    Lincheck.runConcurrentTest(invocations, () -> {
      try {
        program.run();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  /** A blocked acquire is woken by the release of the only resource (no lost wake-up). */
  @Test
  void releaseWakesBlockedAcquire() {
    check(() -> {
      Pool<Object> pool = poolOf(1);
      Lease<Object> held = pool.acquire();
      Object r = held.get();
      Object[] got = new Object[1];
      Worker w = new Worker(() -> {
        try (Lease<Object> l = pool.acquire()) {
          got[0] = l.get();
        }
      });
      held.close();
      w.join();
      require(got[0] == r, "the waiter got the resource");
      require(pool.metrics().waiting() == 0, "no waiter left");
    });
  }

  /**
   * A tryAcquire that races a release of one resource and a take of the other still finds one,
   * since one of the two is idle at every instant of its call. The pool has resources Y and F,
   * which T and Q both scan in that order (Pool scans from a start derived from the thread id). Q
   * takes Y and F and gives F back (so F is the slot Q remembers), starts T, gives Y back and
   * takes F again. A single scan that reads Y before Q gives it back and F after Q took it again
   * reports "exhausted": the violation this test looks for.
   */
  @Test
  void tryAcquireRacingAReleaseAndATakeFindsTheIdleOne() {
    check(2 * INVOCATIONS, () -> {
      Pool<Object> pool = poolOf(2);
      boolean[] got = new boolean[2];
      Worker t = new Worker(() -> {
        if (pool.tryAcquire() instanceof Acquired<Object>(Lease<Object> l)) {
          got[0] = true;
          l.close();
        }
      }, false);
      Worker q;
      do {
        q = new Worker(() -> {
          Lease<Object> y = pool.acquire();
          pool.acquire().close(); // F: now the slot this thread remembers
          t.start();
          y.close();
          if (pool.tryAcquire() instanceof Acquired<Object>(Lease<Object> l)) {
            got[1] = true;
            l.close();
          }
        }, false);
      } while (scanStart(q.thread, 2) != scanStart(t.thread, 2));
      q.start();
      q.join();
      t.join();
      require(got[0], "T's tryAcquire found nothing although a resource was idle throughout");
      require(got[1], "Q's tryAcquire found nothing although a resource was idle throughout");
    });
  }

  /** Where {@link Pool}'s scan of {@code n} slots starts for {@code thread}. */
  static int scanStart(Thread thread, int n) {
    return (int) Long.remainderUnsigned(thread.threadId() * 0x9E3779B97F4A7C15L, n);
  }

  /**
   * Two blocked acquirers on a pool of two whose holder releases both: both are served, and a
   * concurrent tryAcquire never takes a resource someone else holds.
   */
  @Test
  void twoWaitersTwoReleases() {
    // four threads and the acquirers' spin-scan loops make each interleaving cost seconds:
    // thorough runs only (-Dferrite.lincheck.scale=N, N > 1)
    assumeTrue(SCALE > 1, "thorough runs only (-Dferrite.lincheck.scale=N, N > 1)");
    check(4 * SCALE, () -> {
      Pool<Object> pool = poolOf(2);
      Lease<Object> x = pool.acquire();
      Lease<Object> y = pool.acquire();
      Object[] got = new Object[2];
      Worker w1 = new Worker(() -> {
        try (Lease<Object> l = pool.acquire()) {
          got[0] = l.get();
        }
      });
      Worker w2 = new Worker(() -> {
        Lease<Object> l = pool.acquire();
        got[1] = l.get();
        l.close();
      });
      x.close();
      y.close();
      w1.join();
      w2.join();
      require(got[0] != null && got[1] != null, "both served", got);
      require(pool.metrics().inUse() == 0 && pool.metrics().idle() == 2, "all returned");
    });
  }
}
