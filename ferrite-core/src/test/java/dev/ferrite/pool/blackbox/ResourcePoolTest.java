package dev.ferrite.pool.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.pool.AcquireResult;
import dev.ferrite.pool.Acquired;
import dev.ferrite.pool.Closed;
import dev.ferrite.pool.CreationFailed;
import dev.ferrite.pool.Exhausted;
import dev.ferrite.pool.Lease;
import dev.ferrite.pool.LeakReport;
import dev.ferrite.pool.PoolClosedException;
import dev.ferrite.pool.PoolMetrics;
import dev.ferrite.pool.ResourceCreationException;
import dev.ferrite.pool.ResourceFactory;
import dev.ferrite.pool.ResourcePool;
import dev.ferrite.pool.ShutdownReport;
import dev.ferrite.pool.TimedOut;
import dev.ferrite.pool.TryAcquireResult;
import dev.ferrite.pool.blackbox.FaultyFactory.Res;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The public contract of {@link ResourcePool} and {@link Lease}. */
class ResourcePoolTest {

  static ResourcePool.Builder<Res> builder(FaultyFactory f) {
    return ResourcePool.builder(f).name("test");
  }

  static Lease<Res> lease(AcquireResult<Res> r) {
    assertThat(r).isInstanceOf(Acquired.class);
    return ((Acquired<Res>) r).lease();
  }

  static Lease<Res> lease(TryAcquireResult<Res> r) {
    assertThat(r).isInstanceOf(Acquired.class);
    return ((Acquired<Res>) r).lease();
  }

  @Test
  void articleExampleAcquireUseRelease() throws Exception {
    FaultyFactory f = new FaultyFactory(1);
    try (ResourcePool<Res> pool = builder(f).maxSize(4).build()) {
      Res first;
      try (Lease<Res> lease = pool.acquire()) {
        first = lease.get();
        first.use();
      }
      try (Lease<Res> lease = pool.acquire()) {
        assertThat(lease.get()).isSameAs(first); // reused, not recreated
      }
      assertThat(pool.metrics().created()).isEqualTo(1);
    }
    assertThat(f.live()).isZero();
    assertThat(f.errors).isEmpty();
  }

  @Test
  void createsLazilyUpToMaxThenExhausted() throws Exception {
    FaultyFactory f = new FaultyFactory(2);
    try (ResourcePool<Res> pool = builder(f).maxSize(3).build()) {
      assertThat(f.created.get()).isZero();
      List<Lease<Res>> held = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        held.add(lease(pool.acquire(Timeouts.LONG)));
      }
      assertThat(held.stream().map(Lease::get).distinct()).hasSize(3);
      assertThat(pool.tryAcquire()).isInstanceOf(Exhausted.class);
      assertThat(pool.acquire(Timeouts.SHORT)).isInstanceOf(TimedOut.class);
      assertThat(pool.acquire(Duration.ZERO)).isInstanceOf(TimedOut.class);
      PoolMetrics m = pool.metrics();
      assertThat(m.inUse()).isEqualTo(3);
      assertThat(m.idle()).isZero();
      assertThat(m.created()).isEqualTo(3);
      assertThat(m.timedOut()).isEqualTo(2);
      assertThat(m.peakInUse()).isEqualTo(3);
      held.forEach(Lease::close);
      assertThat(pool.metrics().idle()).isEqualTo(3);
    }
    assertThat(f.created.get()).isEqualTo(3);
    assertThat(f.destroyed.get()).isEqualTo(3);
  }

  @Test
  void tryAcquireStartsCreationInBackground() throws Exception {
    FaultyFactory f = new FaultyFactory(3);
    try (ResourcePool<Res> pool = builder(f).maxSize(1).build()) {
      assertThat(pool.tryAcquire()).isInstanceOf(Exhausted.class);
      TestThreads.await(() -> pool.metrics().idle() == 1, () -> "background creation");
      try (Lease<Res> l = lease(pool.tryAcquire())) {
        l.get().use();
      }
    }
  }

  @Test
  void leaseReleaseIsIdempotentAndGetAfterReleaseThrows() throws Exception {
    FaultyFactory f = new FaultyFactory(4);
    try (ResourcePool<Res> pool = builder(f).maxSize(1).build()) {
      Lease<Res> l = pool.acquire();
      assertThat(l.isReleased()).isFalse();
      l.release();
      assertThat(l.isReleased()).isTrue();
      l.release();
      l.close();
      l.releaseBroken();
      assertThatThrownBy(l::get).isInstanceOf(IllegalStateException.class);
      Lease<Res> again = pool.acquire();
      l.close(); // the old lease must not release the new holder's resource
      assertThat(pool.metrics().inUse()).isEqualTo(1);
      again.close();
      assertThat(pool.metrics().created()).isEqualTo(1);
    }
  }

  @Test
  void releasedResourceWakesAWaiter() throws Exception {
    FaultyFactory f = new FaultyFactory(5);
    try (ResourcePool<Res> pool = builder(f).maxSize(1).build();
        TestThreads threads = new TestThreads()) {
      Lease<Res> held = pool.acquire();
      Res r = held.get();
      Thread waiter = threads.start("waiter", () -> {
        try (Lease<Res> l = pool.acquire()) {
          assertThat(l.get()).isSameAs(r);
        }
      });
      TestThreads.awaitBlocked(waiter);
      assertThat(pool.metrics().waiting()).isEqualTo(1);
      held.close();
      threads.joinAll();
      assertThat(pool.metrics().waits()).isEqualTo(2); // the first acquire waited for creation
    }
  }

  @Test
  void brokenLeaseIsDestroyedAndReplacedForAWaiter() throws Exception {
    FaultyFactory f = new FaultyFactory(6);
    try (ResourcePool<Res> pool = builder(f).maxSize(1).build();
        TestThreads threads = new TestThreads()) {
      Lease<Res> held = pool.acquire();
      Res broken = held.get();
      Thread waiter = threads.start("waiter", () -> {
        try (Lease<Res> l = pool.acquire()) {
          assertThat(l.get()).isNotSameAs(broken);
          l.get().use();
        }
      });
      TestThreads.awaitBlocked(waiter);
      held.releaseBroken();
      threads.joinAll();
      TestThreads.await(broken::isDestroyed, () -> "broken resource destroyed");
      assertThat(pool.metrics().invalidated()).isEqualTo(1);
      assertThat(pool.metrics().created()).isEqualTo(2);
    }
  }

  @Test
  void validationOnAcquireDestroysInvalidResources() throws Exception {
    FaultyFactory f = new FaultyFactory(7);
    try (ResourcePool<Res> pool =
        builder(f).maxSize(2).validateOnAcquire(Duration.ZERO).build()) {
      Res first;
      try (Lease<Res> l = pool.acquire()) {
        first = l.get();
      }
      first.broken = true;
      try (Lease<Res> l = pool.acquire()) {
        assertThat(l.get()).isNotSameAs(first);
      }
      TestThreads.await(first::isDestroyed, () -> "invalid resource destroyed");
      assertThat(pool.metrics().invalidated()).isEqualTo(1);
    }
  }

  @Test
  void validationAfterIdleSkipsRecentlyReturnedResources() throws Exception {
    AtomicInteger validations = new AtomicInteger();
    ResourceFactory<Object> counting = new ResourceFactory<>() {
      @Override
      public Object create() {
        return new Object();
      }

      @Override
      public boolean validate(Object o) {
        validations.incrementAndGet();
        return true;
      }
    };
    try (ResourcePool<Object> pool = ResourcePool.builder(counting).maxSize(1)
        .validateOnAcquire(Duration.ofHours(1)).build()) {
      for (int i = 0; i < 10; i++) {
        pool.acquire().close();
      }
      assertThat(validations.get()).isLessThanOrEqualTo(1); // the first may count as idle
    }
  }

  @Test
  void validationOnReleaseDestroysInvalidResources() throws Exception {
    FaultyFactory f = new FaultyFactory(8);
    try (ResourcePool<Res> pool = builder(f).maxSize(1).validateOnRelease(true).build()) {
      Lease<Res> l = pool.acquire();
      Res r = l.get();
      r.broken = true;
      l.close();
      TestThreads.await(r::isDestroyed, () -> "invalid resource destroyed on release");
      try (Lease<Res> l2 = pool.acquire()) {
        assertThat(l2.get()).isNotSameAs(r);
      }
    }
  }

  @Test
  void maxLifetimeRetiresIdleAndLeasedResources() throws Exception {
    FaultyFactory f = new FaultyFactory(9);
    try (ResourcePool<Res> pool = builder(f).maxSize(2).maxLifetime(Duration.ofMillis(30), 0.2)
        .housekeepingInterval(Duration.ofMillis(5)).build()) {
      Lease<Res> leased = pool.acquire();
      Lease<Res> other = pool.acquire();
      Res idle = other.get();
      other.close();
      Res held = leased.get();
      TestThreads.await(idle::isDestroyed, () -> "idle resource retired at its lifetime");
      assertThat(held.isDestroyed()).isFalse(); // never under its holder
      leased.close();
      TestThreads.await(held::isDestroyed, () -> "expired resource retired on release");
      try (Lease<Res> fresh = pool.acquire()) {
        assertThat(fresh.get()).isNotIn(idle, held);
      }
      assertThat(pool.metrics().expired()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void idleTimeoutRetiresIdleResourcesDownToMinIdle() throws Exception {
    FaultyFactory f = new FaultyFactory(10);
    try (ResourcePool<Res> pool = builder(f).maxSize(3).minIdle(1)
        .idleTimeout(Duration.ofMillis(20)).housekeepingInterval(Duration.ofMillis(5)).build()) {
      List<Lease<Res>> held = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        held.add(pool.acquire());
      }
      held.forEach(Lease::close);
      TestThreads.await(() -> f.live() == 1, () -> "idle resources retired down to min idle");
      assertThat(pool.metrics().idle()).isEqualTo(1);
    }
  }

  @Test
  void minIdleIsWarmedInBackground() throws Exception {
    FaultyFactory f = new FaultyFactory(11);
    try (ResourcePool<Res> pool = builder(f).maxSize(5).minIdle(3).build()) {
      TestThreads.await(() -> pool.metrics().idle() == 3, () -> "3 idle resources: " + pool.metrics());
      assertThat(f.created.get()).isEqualTo(3);
    }
  }

  @Test
  void atMostMaxConcurrentCreations() throws Exception {
    FaultyFactory f = new FaultyFactory(12);
    f.stallCreate = 1.0;
    f.stallNanos = Duration.ofMillis(5).toNanos();
    try (ResourcePool<Res> pool = builder(f).maxSize(8).maxConcurrentCreations(2).build();
        TestThreads threads = new TestThreads()) {
      CountDownLatch all = new CountDownLatch(8);
      CountDownLatch release = new CountDownLatch(1);
      for (int i = 0; i < 8; i++) {
        threads.startVirtual("acquirer-" + i, () -> {
          try (Lease<Res> l = pool.acquire()) {
            all.countDown();
            release.await();
          }
        });
      }
      all.await();
      release.countDown();
      threads.joinAll();
      assertThat(f.maxCreating.get()).isBetween(1, 2);
      assertThat(f.created.get()).isEqualTo(8);
    }
  }

  @Test
  void leakIsReportedOnceWithAcquireStackAndLateReturnReported() throws Exception {
    FaultyFactory f = new FaultyFactory(13);
    Queue<LeakReport> reports = new ConcurrentLinkedQueue<>();
    try (ResourcePool<Res> pool = builder(f).maxSize(1)
        .leakDetection(Duration.ofMillis(20), reports::add)
        .housekeepingInterval(Duration.ofMillis(5)).build()) {
      Lease<Res> leaked = acquireHere(pool);
      TestThreads.await(() -> !reports.isEmpty(), () -> "a leak report");
      // several more housekeeping passes: still one report
      long passes = System.nanoTime() + Duration.ofMillis(30).toNanos();
      TestThreads.await(() -> System.nanoTime() - passes > 0, () -> "time to pass");
      assertThat(reports).hasSize(1);
      LeakReport r = reports.peek();
      assertThat(r.kind()).isEqualTo(LeakReport.Kind.SUSPECTED);
      assertThat(r.thread()).isEqualTo(Thread.currentThread().getName());
      assertThat(r.held()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
      assertThat(r.acquiredAt().getStackTrace())
          .anyMatch(e -> e.getMethodName().equals("acquireHere"));
      assertThat(pool.metrics().leaks()).isEqualTo(1);
      leaked.close();
      assertThat(reports).hasSize(2);
      assertThat(reports).last().extracting(LeakReport::kind)
          .isEqualTo(LeakReport.Kind.RETURNED_LATE);
      try (Lease<Res> l = pool.acquire()) { // quick leases: no report
        l.get().use();
      }
      assertThat(reports).hasSize(2);
    }
  }

  private static Lease<Res> acquireHere(ResourcePool<Res> pool) throws InterruptedException {
    return pool.acquire();
  }

  @Test
  void waitersFailFastWithFactoryCauseAndPoolRecovers() throws Exception {
    FaultyFactory f = new FaultyFactory(14);
    f.down = true;
    try (ResourcePool<Res> pool = builder(f).maxSize(2).maxRetryBackoff(Duration.ofMillis(50))
        .build()) {
      long t0 = System.nanoTime();
      AcquireResult<Res> r = pool.acquire(Timeouts.LONG);
      assertThat(r).isInstanceOf(CreationFailed.class);
      assertThat(((CreationFailed<Res>) r).cause()).hasMessage("database down");
      // while failing, a new acquirer fails at once instead of waiting out its timeout
      AcquireResult<Res> again = pool.acquire(Timeouts.LONG);
      assertThat(again).isInstanceOf(CreationFailed.class);
      assertThatThrownBy(pool::acquire).isInstanceOf(ResourceCreationException.class)
          .hasRootCauseMessage("database down");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Timeouts.LONG.dividedBy(2));
      assertThat(pool.metrics().creationFailures()).isGreaterThanOrEqualTo(1);
      f.down = false;
      // recovery: once the back-off has passed, an acquire retries and succeeds
      TestThreads.await(() -> {
        try {
          AcquireResult<Res> a = pool.acquire(Timeouts.LONG);
          if (a instanceof Acquired<Res>(Lease<Res> lease)) {
            lease.close();
            return true;
          }
          return false;
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }, () -> "recovery");
    }
  }

  @Test
  void blockedWaitersGetTheCreationFailure() throws Exception {
    FaultyFactory f = new FaultyFactory(15);
    try (ResourcePool<Res> pool = builder(f).maxSize(2).build();
        TestThreads threads = new TestThreads()) {
      Lease<Res> one = pool.acquire();
      f.down = true;
      CountDownLatch failed = new CountDownLatch(1);
      threads.start("waiter", () -> {
        assertThat(pool.acquire(Timeouts.LONG)).isInstanceOf(CreationFailed.class);
        failed.countDown();
      });
      failed.await();
      one.close();
    }
  }

  @Test
  void interruptedWaiterThrowsAndHoldsNothing() throws Exception {
    FaultyFactory f = new FaultyFactory(16);
    try (ResourcePool<Res> pool = builder(f).maxSize(1).build();
        TestThreads threads = new TestThreads()) {
      Lease<Res> held = pool.acquire();
      Thread waiter = threads.start("waiter", () -> {
        assertThatThrownBy(pool::acquire).isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
      });
      TestThreads.awaitBlocked(waiter);
      waiter.interrupt();
      threads.joinAll();
      Thread timed = threads.start("timed", () -> {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> pool.acquire(Timeouts.LONG))
            .isInstanceOf(InterruptedException.class);
      });
      threads.joinAll();
      assertThat(timed.isAlive()).isFalse();
      assertThat(pool.metrics().waiting()).isZero();
      held.close();
      try (Lease<Res> l = lease(pool.tryAcquire())) { // the interrupted waiters took nothing
        assertThat(l.get()).isNotNull();
      }
    }
  }

  @Test
  void closeWakesWaitersWithClosedAndRefusesNewAcquires() throws Exception {
    FaultyFactory f = new FaultyFactory(17);
    ResourcePool<Res> pool = builder(f).maxSize(1).build();
    try (TestThreads threads = new TestThreads()) {
      Lease<Res> held = pool.acquire();
      Thread blocking = threads.start("blocking", () ->
          assertThatThrownBy(pool::acquire).isInstanceOf(PoolClosedException.class));
      Thread timed = threads.start("timed", () ->
          assertThat(pool.acquire(Timeouts.LONG)).isInstanceOf(Closed.class));
      TestThreads.awaitBlocked(blocking);
      TestThreads.awaitBlocked(timed);
      TestThreads.Handle<ShutdownReport> closer =
          threads.call("closer", () -> pool.shutdown(Timeouts.LONG));
      assertThat(blocking.join(Timeouts.LONG)).isTrue(); // woken by the close, not the release
      assertThat(timed.join(Timeouts.LONG)).isTrue();
      assertThat(pool.isClosed()).isTrue();
      assertThat(pool.tryAcquire()).isInstanceOf(Closed.class);
      assertThat(pool.acquire(Duration.ZERO)).isInstanceOf(Closed.class);
      assertThatThrownBy(pool::acquire).isInstanceOf(PoolClosedException.class);
      assertThat(closer.thread().isAlive()).isTrue(); // waits for the lease
      held.close();
      ShutdownReport report = closer.get();
      assertThat(report.clean()).isTrue();
      assertThat(report.forced()).isEmpty();
    }
    assertThat(f.live()).isZero();
  }

  @Test
  void shutdownDestroysIdleAtOnceAndLeasedOnRelease() throws Exception {
    FaultyFactory f = new FaultyFactory(18);
    ResourcePool<Res> pool = builder(f).maxSize(2).build();
    Lease<Res> held = pool.acquire();
    Lease<Res> idleLease = pool.acquire();
    Res idle = idleLease.get();
    idleLease.close();
    try (TestThreads threads = new TestThreads()) {
      CountDownLatch started = new CountDownLatch(1);
      TestThreads.Handle<ShutdownReport> closer = threads.call("closer", () -> {
        started.countDown();
        return pool.shutdown(Timeouts.LONG);
      });
      started.await();
      TestThreads.await(idle::isDestroyed, () -> "idle destroyed at shutdown");
      assertThat(held.get().isDestroyed()).isFalse();
      held.close();
      ShutdownReport report = closer.get();
      assertThat(report.clean()).isTrue();
      assertThat(report.destroyed()).isEqualTo(2);
    }
    assertThat(f.live()).isZero();
    assertThat(pool.metrics().created()).isEqualTo(pool.metrics().destroyed());
  }

  @Test
  void shutdownDeadlineForcesLeasedResourcesAndReportsThem() throws Exception {
    FaultyFactory f = new FaultyFactory(19);
    ResourcePool<Res> pool = builder(f).maxSize(2)
        .leakDetection(Duration.ofHours(1), r -> {}).build();
    Lease<Res> held = pool.acquire();
    ShutdownReport report = pool.shutdown(Duration.ofMillis(20));
    assertThat(report.clean()).isFalse();
    assertThat(report.forced()).hasSize(1);
    assertThat(report.forced().get(0).thread()).isEqualTo(Thread.currentThread().getName());
    TestThreads.await(() -> held.get().isDestroyed(), () -> "forced resource destroyed");
    held.close(); // does nothing now
    assertThat(f.destroyed.get()).isEqualTo(1);
    assertThat(f.errors).isEmpty();
  }

  @Test
  void destroyThatThrowsIsCounted() throws Exception {
    FaultyFactory f = new FaultyFactory(20);
    f.failDestroy = 1.0;
    ResourcePool<Res> pool = builder(f).maxSize(1).build();
    pool.acquire().releaseBroken();
    pool.acquire().close();
    assertThat(pool.shutdown(Timeouts.LONG).clean()).isTrue();
    PoolMetrics m = pool.metrics();
    assertThat(m.destroyed()).isEqualTo(2);
    assertThat(m.destroyFailures()).isEqualTo(2);
  }

  @Test
  void waitersAreServedRoughlyInArrivalOrder() throws Exception {
    FaultyFactory f = new FaultyFactory(21);
    try (ResourcePool<Res> pool = builder(f).maxSize(1).build();
        TestThreads threads = new TestThreads()) {
      Lease<Res> held = pool.acquire();
      Queue<Integer> order = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < 5; i++) {
        int id = i;
        Thread t = threads.start("waiter-" + i, () -> {
          try (Lease<Res> l = pool.acquire()) {
            order.add(id);
          }
        });
        TestThreads.awaitBlocked(t); // arrival order is fixed
      }
      held.close();
      threads.joinAll();
      assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }
  }

  @Test
  void tenThousandVirtualThreadsWaitOnOnePool() throws Exception {
    FaultyFactory f = new FaultyFactory(22);
    int n = 10_000;
    try (ResourcePool<Res> pool = builder(f).maxSize(4).build();
        TestThreads threads = new TestThreads()) {
      List<Lease<Res>> held = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        held.add(pool.acquire());
      }
      AtomicInteger done = new AtomicInteger();
      Set<Integer> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
      for (int i = 0; i < n; i++) {
        threads.startVirtual("v" + i, () -> {
          try (Lease<Res> l = pool.acquire()) {
            l.get().use();
            ids.add(l.get().id);
          }
          done.incrementAndGet();
        });
      }
      TestThreads.await(() -> pool.metrics().waiting() == n, () -> n + " waiters");
      held.forEach(Lease::close);
      threads.joinAll();
      assertThat(done.get()).isEqualTo(n);
      assertThat(pool.metrics().created()).isEqualTo(4);
      assertThat(new HashSet<>(ids)).hasSizeLessThanOrEqualTo(4);
    }
    assertThat(f.errors).isEmpty();
  }

  @Test
  void builderRejectsBadConfiguration() {
    FaultyFactory f = new FaultyFactory(23);
    assertThatThrownBy(() -> builder(f).maxSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder(f).minIdle(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder(f).maxSize(1).minIdle(2).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder(f).maxLifetime(Duration.ofSeconds(1), 0.9))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder(f).idleTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResourcePool.builder(null)).isInstanceOf(NullPointerException.class);
  }
}
