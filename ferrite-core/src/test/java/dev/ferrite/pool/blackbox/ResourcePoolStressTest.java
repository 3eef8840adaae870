package dev.ferrite.pool.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.pool.AcquireResult;
import dev.ferrite.pool.Acquired;
import dev.ferrite.pool.Closed;
import dev.ferrite.pool.CreationFailed;
import dev.ferrite.pool.Exhausted;
import dev.ferrite.pool.Lease;
import dev.ferrite.pool.PoolMetrics;
import dev.ferrite.pool.ResourceCreationException;
import dev.ferrite.pool.ResourcePool;
import dev.ferrite.pool.ShutdownReport;
import dev.ferrite.pool.TimedOut;
import dev.ferrite.pool.TryAcquireResult;
import dev.ferrite.pool.blackbox.FaultyFactory.Res;
import dev.ferrite.test.Seeds;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Seeded stress runs against the fault-injecting factory: creations that fail and stall,
 * resources that break, destroys that throw, timed acquires, interrupts at random moments, and
 * a shutdown at the end. Invariants: no resource is leased to two holders at once or used after
 * destruction; every timed acquire returns within its timeout plus a scheduling allowance; an
 * interrupted acquire holds nothing (so shutdown reclaims everything); at the end, every created
 * resource has been destroyed exactly once and no thread is left waiting.
 */
class ResourcePoolStressTest {
  static final int RUNS = Integer.getInteger("ferrite.pool.stressRuns", 12);
  static final int OPS_PER_THREAD = 400;
  /** What a timed acquire may overrun its timeout by: scheduling on a busy 2-core machine. */
  static final Duration ALLOWANCE = Timeouts.scaled(Duration.ofSeconds(2));

  @Test
  void seededFaultyRuns() {
    for (long seed : Seeds.seeds(RUNS)) {
      Seeds.run(seed, ResourcePoolStressTest::run);
    }
  }

  static final int TRY_RUNS = Integer.getInteger("ferrite.pool.tryRuns", 6);
  static final int TRY_ROUNDS = 10_000;

  /**
   * tryAcquire answers Exhausted only if, at some instant during the call, no resource was idle.
   * K threads each hold m - 1 leases and, in a loop, take one more with tryAcquire and give back
   * one of their m at random; the pool has K * m resources plus H that the test holds throughout
   * (scattered over the pool, so that scans are long). When a thread asks, it holds m - 1 and the
   * others at most (K - 1) * m: at every instant of its call at least one resource is idle, so
   * every tryAcquire must succeed. Giving back a random lease, not the newest, keeps the threads
   * off their thread-local fast path and in the shared scan, which the others' releases and
   * re-takes race.
   */
  @Test
  void tryAcquireNeverMissesAResourceThatIsAlwaysIdle() {
    for (long seed : Seeds.seeds(TRY_RUNS)) {
      Seeds.run(seed, ResourcePoolStressTest::tryRun);
    }
  }

  static void tryRun(SplittableRandom random) throws Exception {
    int threadCount = 2 + random.nextInt(3);
    int perThread = 2 + random.nextInt(2);
    int heldByTest = random.nextInt(200);
    int size = threadCount * perThread + heldByTest;
    FaultyFactory f = new FaultyFactory(random.nextLong());
    AtomicLong tries = new AtomicLong();
    AtomicLong misses = new AtomicLong();
    try (ResourcePool<Res> pool = ResourcePool.builder(f).name("try").maxSize(size).build()) {
      // creation is lazy: lease every resource once so that all exist, then keep heldByTest
      List<Lease<Res>> all = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        all.add(pool.acquire());
      }
      Collections.shuffle(all, random);
      for (Lease<Res> l : all.subList(heldByTest, size)) {
        l.close();
      }
      try (TestThreads threads = new TestThreads()) {
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threadCount; t++) {
          SplittableRandom r = random.split();
          threads.start(r.nextInt(4) == 0, "try-" + t, () -> {
            List<Lease<Res>> mine = new ArrayList<>();
            long myTries = 0;
            long myMisses = 0;
            start.await();
            for (int round = 0; round < TRY_ROUNDS; round++) {
              while (mine.size() < perThread) {
                myTries++;
                if (pool.tryAcquire() instanceof Acquired<Res>(Lease<Res> l)) {
                  l.get().use();
                  mine.add(l);
                } else {
                  myMisses++;
                  break;
                }
              }
              if (!mine.isEmpty()) {
                mine.remove(r.nextInt(mine.size())).close();
              }
            }
            mine.forEach(Lease::close);
            tries.addAndGet(myTries);
            misses.addAndGet(myMisses);
          });
        }
        start.countDown();
        threads.joinAll();
      }
      for (Lease<Res> l : all.subList(0, heldByTest)) {
        l.close();
      }
      assertThat(misses.get())
          .as("tryAcquire calls that reported Exhausted although a resource was idle at every "
              + "instant (of %d calls; %d threads x %d leases, %d held by the test)",
              tries.get(), threadCount, perThread, heldByTest)
          .isZero();
      assertThat(f.created.get()).as("resources created").isEqualTo(size);
    }
  }

  static void run(SplittableRandom random) throws Exception {
    FaultyFactory f = new FaultyFactory(random.nextLong());
    f.failCreate = random.nextInt(3) == 0 ? 0.0 : random.nextDouble(0.3);
    f.stallCreate = random.nextDouble(0.2);
    f.stallNanos = Duration.ofMillis(1).toNanos();
    f.breakOnValidate = random.nextDouble(0.05);
    f.failDestroy = random.nextDouble(0.3);
    int maxSize = 1 + random.nextInt(4);
    ResourcePool.Builder<Res> b = ResourcePool.builder(f).name("stress").maxSize(maxSize)
        .maxConcurrentCreations(1 + random.nextInt(2))
        .minIdle(random.nextInt(maxSize + 1))
        .maxRetryBackoff(Duration.ofMillis(5))
        .housekeepingInterval(Duration.ofMillis(2));
    if (random.nextBoolean()) {
      b.validateOnAcquire(Duration.ZERO);
    }
    if (random.nextBoolean()) {
      b.validateOnRelease(true);
    }
    if (random.nextBoolean()) {
      b.maxLifetime(Duration.ofMillis(5 + random.nextInt(20)), 0.3);
    }
    if (random.nextBoolean()) {
      b.idleTimeout(Duration.ofMillis(2 + random.nextInt(10)));
    }
    ResourcePool<Res> pool = b.build();
    int threadCount = 3 + random.nextInt(4);
    Map<Res, Thread> holders = new ConcurrentHashMap<>();
    AtomicLong acquired = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    try (TestThreads threads = new TestThreads()) {
      CountDownLatch start = new CountDownLatch(1);
      CountDownLatch running = new CountDownLatch(threadCount);
      for (int t = 0; t < threadCount; t++) {
        SplittableRandom r = random.split();
        boolean virtual = r.nextBoolean();
        workers.add(threads.start(virtual, "worker-" + t, () -> {
          start.await();
          running.countDown(); // interrupts may come from now on
          for (int i = 0; i < OPS_PER_THREAD; i++) {
            Lease<Res> lease = null;
            try {
              switch (r.nextInt(3)) {
                case 0 -> lease = pool.acquire();
                case 1 -> {
                  Duration timeout = Duration.ofMillis(r.nextInt(5));
                  long t0 = System.nanoTime();
                  AcquireResult<Res> res = pool.acquire(timeout);
                  long took = System.nanoTime() - t0;
                  assertThat(Duration.ofNanos(took)).as("timed acquire of " + timeout)
                      .isLessThan(timeout.plus(ALLOWANCE));
                  switch (res) {
                    case Acquired<Res>(Lease<Res> l) -> lease = l;
                    case TimedOut<Res> x -> {}
                    case CreationFailed<Res> x ->
                        assertThat(x.cause()).isInstanceOf(FaultyFactory.InjectedFault.class);
                    case Closed<Res> x -> throw new AssertionError("closed while running");
                  }
                }
                default -> {
                  TryAcquireResult<Res> res = pool.tryAcquire();
                  if (res instanceof Acquired<Res>(Lease<Res> l)) {
                    lease = l;
                  } else {
                    assertThat(res).isInstanceOf(Exhausted.class);
                  }
                }
              }
            } catch (InterruptedException e) {
              assertThat(lease).isNull();
              continue;
            } catch (ResourceCreationException e) {
              assertThat(e.getCause()).isInstanceOf(FaultyFactory.InjectedFault.class);
              continue;
            }
            if (lease == null) {
              continue;
            }
            Res res = lease.get();
            Thread other = holders.putIfAbsent(res, Thread.currentThread());
            assertThat(other).as("%s leased to two holders", res).isNull();
            res.use();
            acquired.incrementAndGet();
            for (int k = r.nextInt(50); k > 0; k--) {
              Thread.onSpinWait();
            }
            holders.remove(res);
            if (r.nextInt(20) == 0) {
              lease.releaseBroken();
            } else {
              lease.close();
            }
          }
          Thread.interrupted(); // a late interrupt aimed at this worker
        }));
      }
      SplittableRandom interrupterRandom = random.split();
      Thread interrupter = threads.start("interrupter", () -> {
        running.await();
        SplittableRandom r = interrupterRandom;
        while (!stop.get()) {
          Thread victim = workers.get(r.nextInt(workers.size()));
          victim.interrupt();
          for (int k = 200 + r.nextInt(2000); k > 0 && !stop.get(); k--) {
            Thread.onSpinWait();
          }
          Thread.yield();
        }
      });
      start.countDown();
      for (Thread w : workers) {
        w.join(Timeouts.LONG);
      }
      stop.set(true);
      interrupter.join(Timeouts.LONG);
      threads.joinAll();
    }
    PoolMetrics before = pool.metrics();
    assertThat(before.waiting()).as("waiters left: %s", before).isZero();
    assertThat(before.inUse()).as("leases left: %s", before).isZero();
    ShutdownReport report = pool.shutdown(Timeouts.LONG);
    assertThat(report.clean()).as("shutdown: %s", report).isTrue();
    PoolMetrics m = pool.metrics();
    assertThat(f.errors).isEmpty();
    assertThat(f.created.get()).as("created = destroyed: %s", m).isEqualTo(f.destroyed.get());
    assertThat(m.created()).isEqualTo(f.created.get());
    assertThat(m.destroyed()).isEqualTo(f.destroyed.get());
    assertThat(m.inUse() + m.idle() + m.waiting() + m.creating()).isZero();
    assertThat(f.all).allMatch(Res::isDestroyed);
  }
}
